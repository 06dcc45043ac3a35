"""What fusion knows of one stored report (an event of an article): type family, dates, place, counts, words."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasd.text.normalise import fold, norm

# PLOVER types that tell the same kind of happening: a clash reported as an attack by one outlet and as fighting by
# another belongs to one incident; words (CONSULT, ACCUSE ...) each stay in their own family.
FAMILY = {"ASSAULT": "violence", "FIGHT": "violence", "COERCE": "coercion", "PROTEST": "protest",
          "MOBILIZE": "mobilize", "THREATEN": "threaten", "RETREAT": "retreat", "AID": "aid"}
FINE = frozenset({"city", "site", "neighbourhood", "district"})
COARSE_AREA = frozenset({"governorate"})
DAY = frozenset({"day"})

_WORD = re.compile(r"[\u0621-\u064a0-9]+")
_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و")
STOPWORDS = frozenset(norm(w) for w in """
في من على الى إلى عن ان أن إن التي الذي الذين هذا هذه ذلك تلك بعد قبل مع كما حيث وقد قد لم لن ما او أو ثم بين عند
خلال امس أمس اليوم يوم الجمعة السبت الاحد الأحد الاثنين الإثنين الثلاثاء الاربعاء الأربعاء الخميس كان كانت وكان
وكانت قال قالت وقال وقالت اضاف أضاف واضاف وأضاف اكد أكد واكد وأكد اعلن أعلن اعلنت أعلنت وذكر ذكر ذكرت اشار أشار
حسب وفق وفقا نحو اكثر أكثر اقل أقل منذ حتى غير كل بعض ايضا أيضا فيما بينما لكن الا إلا عدد عددا آخرين اخرين اخر آخر
ضد عبر لدى تحت فوق اثناء أثناء جراء اثر إثر له لها لهم به بها فيه فيها منه منها عليه عليها انه أنه انها أنها وهو وهي
هو هي هم نفسه مصادر مصدر مسؤول مسؤولون وكالة انباء أنباء بيان شخصا شخص اشخاص أشخاص مقتل قتل قتلى قتيل اصابة إصابة
اصيب أصيب جرحى جريح هجوم هجوما الهجوم عملية العملية قوات القوات عناصر مسلحين مسلحون
""".split())


@lru_cache(maxsize=1 << 17)
def content_word(w: str) -> str | None:
    """A normalised word as fusion weighs it: a short number, or the word with its clitic prefix cut; None for a
    long number, a short word, a function or casualty word (cached: a corpus repeats its words)."""
    if w.isdigit():
        return w if len(w) <= 4 else None
    for p in _PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 3:
            w = w[len(p):]
            break
    if len(w) >= 3 and w not in STOPWORDS and ("ال" + w) not in STOPWORDS:
        return w
    return None


def tokens(text: str) -> frozenset[str]:
    """Content words of a clause, normalised, clitic prefixes cut; function and casualty words left out."""
    return frozenset(filter(None, map(content_word, _WORD.findall(fold(text or "")))))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _count(c: Any) -> tuple[int, int | None] | None:
    """A report's own toll as (min, max); None for none, or for a toll over several happenings (aggregate)."""
    if not isinstance(c, dict) or _int(c.get("min")) is None or c.get("aggregate"):
        return None
    lo = _int(c.get("min"))
    assert lo is not None
    return lo, _int(c.get("max"))


def _party_ids(items: Any) -> tuple[frozenset[str], frozenset[str]]:
    """(specific ids: named actors; generic ids: AGENT.* kinds) of a list of actor dicts."""
    specific: set[str] = set()
    generic: set[str] = set()
    for a in items if isinstance(items, list) else []:
        if not isinstance(a, dict) or not a.get("id"):
            continue
        aid = str(a["id"])
        (generic if aid.startswith("AGENT.") else specific).add(aid)
    return frozenset(specific), frozenset(generic)


@dataclass(frozen=True, slots=True)
class ReportFeatures:
    """One report (article_id, idx) as fusion sees it; built once from the stored event JSON."""

    article_id: str
    idx: int
    seq: int
    type: str
    family: str
    outlet: str | None
    published: dt.date | None
    duplicate_of: str | None
    start: dt.date | None
    end: dt.date | None
    day: bool  # dated to a day by the text's own words
    country: str | None
    admin1: str | None
    place_id: str | None  # geonameid or gazetteer id
    place_fine: bool
    place_local: bool  # named in the event's own clause (else inherited from the article: weak evidence)
    lat: float | None
    lon: float | None
    killed: tuple[int, int | None] | None
    injured: tuple[int, int | None] | None
    actors: frozenset[str]
    actors_generic: frozenset[str]
    recipients: frozenset[str]
    recipients_generic: frozenset[str]
    modes: frozenset[str]
    modality: str | None
    words: frozenset[str]
    evidence: str
    span: tuple[int, int] | None = None  # the evidence's character offsets in the article

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.idx)

    @property
    def linkable(self) -> bool:
        """Whether this report may join others: a dated happening, not a plan or a background year."""
        if self.modality == "future" or self.start is None or self.end is None:
            return False
        return (self.end - self.start).days <= 10


def event_words(ev: dict[str, Any]) -> frozenset[str]:
    """The words of an event (as a dict) that fusion weighs: those of its evidence clause."""
    evid = ev["evidence"] if isinstance(ev.get("evidence"), dict) else {}
    return tokens(str(evid.get("text") or ""))


def features(article_id: str, idx: int, seq: int, published: Any, outlet: str | None, duplicate_of: str | None,
             event: Any) -> ReportFeatures:
    """The features of a stored event (its JSON) and of its article."""
    ev: dict[str, Any] = json.loads(event) if isinstance(event, str | bytes) else event or {}
    place: dict[str, Any] = ev["place"] if isinstance(ev.get("place"), dict) else {}
    date: dict[str, Any] = ev["date"] if isinstance(ev.get("date"), dict) else {}
    typ = str(ev.get("type") or "UNKNOWN")
    lat, lon = place.get("lat"), place.get("lon")
    gid = place.get("geonameid") or place.get("id")
    prec = place.get("precision")
    actors, actors_g = _party_ids(ev.get("actors"))
    recips, recips_g = _party_ids(ev.get("recipients"))
    evid: dict[str, Any] = ev["evidence"] if isinstance(ev.get("evidence"), dict) else {}
    text = str(evid.get("text") or "")
    words = event_words(ev)
    e_start, e_end, p_start = _int(evid.get("start")), _int(evid.get("end")), _int(place.get("start"))
    local = e_start is not None and e_end is not None and p_start is not None and e_start <= p_start < e_end
    return ReportFeatures(
        article_id=article_id, idx=int(idx), seq=int(seq), type=typ, family=FAMILY.get(typ, typ.lower()),
        outlet=outlet, published=_date(published), duplicate_of=duplicate_of,
        start=_date(date.get("start")), end=_date(date.get("end")), day=date.get("precision") in DAY,
        country=place.get("country"),
        admin1=place.get("admin1") or (place.get("name") if prec in COARSE_AREA else None),
        place_id=str(gid) if gid is not None else None, place_fine=prec in FINE, place_local=local,
        lat=float(lat) if isinstance(lat, int | float) else None,
        lon=float(lon) if isinstance(lon, int | float) else None,
        killed=_count(ev.get("killed")), injured=_count(ev.get("injured")),
        actors=actors, actors_generic=actors_g, recipients=recips, recipients_generic=recips_g,
        modes=frozenset(str(m) for m in ev.get("modes") or ()), modality=ev.get("modality"),
        words=words, evidence=text, span=(e_start, e_end) if e_start is not None and e_end is not None else None,
    )


