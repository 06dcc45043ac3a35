"""Find place names in normalised text and choose among gazetteer candidates by context (two passes, linear)."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rasd.gazetteer import Gazetteer, PlaceIndex
from rasd.model import Place, PlaceMention, Span
from rasd.text.matcher import Match, is_word_char
from rasd.text.normalise import Normalised, norm
from rasd.text.translit import MIN_SKELETON, arabic_skeleton

# Trigger word (normalised, no clitics) -> the feature group it favours.
TRIGGERS: dict[str, str] = {
    **dict.fromkeys(["مدينه", "المدينه", "بلده", "البلده", "قريه", "القريه", "العاصمه", "عاصمه", "قضاء", "ناحيه",
                     "مديريه", "مركز", "بلدتي", "قريتي", "مدينتي", "بلدات", "قري", "مدن"], "city"),
    **dict.fromkeys(["محافظه", "المحافظه", "محافظتي", "محافظات", "ولايه", "ولايات", "اقليم", "شعبيه", "منطقه", "منطقتي",
                     "مناطق"], "division"),
    **dict.fromkeys(["ريف", "الريف", "اريف"], "countryside"),
    **dict.fromkeys(["حي", "احياء", "حيي"], "neighbourhood"),
    **dict.fromkeys(["مخيم", "مخيمات"], "camp"),
    **dict.fromkeys(["سجن"], "prison"),
    **dict.fromkeys(["مطار", "قاعده"], "site"),
    **dict.fromkeys(["دوله", "جمهوريه", "مملكه", "سلطنه", "اماره"], "country"),
}
_GROUP_FEATURES: dict[str, frozenset[str]] = {
    "city": frozenset({"PPL", "PPLC", "PPLX"}),
    "division": frozenset({"ADM1", "REGION", "PPL", "PPLC", "PPLX"}),
    "countryside": frozenset({"ADM1", "PPL", "PPLC"}),
    "neighbourhood": frozenset({"PPLX", "PPL"}),
    "camp": frozenset({"CAMP", "PPL"}),
    "prison": frozenset({"PRISON"}),
    "site": frozenset({"AIRP", "MILB", "PPL", "PPLC"}),
    "country": frozenset({"PCLI"}),
}
_CLITICS = ("وب", "ول", "فب", "فل", "و", "ب", "ل", "ف", "ك")
_LINKS = frozenset({"في", "ب", "داخل", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي"})
MENA = frozenset("SY IQ TR IR IL PS LB JO SA AE QA BH KW OM YE EG LY SD TN DZ MA MR SO AF PK".split())

# Place names that are also ordinary words or given names: geocoded only with a trigger word or adjective.
# Normalised, article stripped. Measured on the SaudiNewsNet conflict subset (see benchmarks/bench_places.py).
STOP: frozenset[str] = frozenset(norm(w) for w in """
امن سلام نصر جمعه امس اليوم يوم غد ساعه وقت عمل قوه قوات امر حرب سلم جيش حكومه دوله وطن شعب حزب مجلس
رئيس وزير قائد امير ملك شيخ امام سيد حاج عبد محمد احمد علي حسن حسين عمر خالد سعد سعيد فهد فيصل
ناصر منصور صالح سلمان عثمان يوسف ابراهيم اسماعيل موسي عيسي هادي عادل جمال كمال نبيل قاسم هاشم
عرب عربي شرق غرب شمال جنوب وسط ساحل جبل وادي نهر بحر بر جزيره سهل تل عين بئر راس باب سوق
مركز قريه مدينه بلده منطقه قطاع حي شارع طريق جسر ميناء مطار قاعده معسكر مخيم سجن قلعه برج بيت دار
خير نور فجر صباح مساء ليل نهار حياه امل فرح سعاده كرامه عزه حريه وحده عداله ثوره نهضه تحرير استقلال
اسلام دين قدس مسجد كنيسه جامع رحمه هدي علم ميدان بسيط طراز داخله بخاري
اول ثاني ثالث اخر جديد قديم كبير صغير عالي عاليه خضراء بيضاء حمراء سوداء زرقاء ابيض احمر اسود اخضر ازرق
ماء نار ارض سماء شمس قمر نجم ذهب فضه حديد ملح
بين حول عند عبر خلال قبل بعد منذ حتي ضد مع تحت فوق امام خلف
كان كانت قال قالت عاد عام اعوام شهر اسبوع اشار اشارت بلاد
ان اني انه بانه بيان بيانه قوله هويه مائن سائر حكومه سلطات ملكه ام سنه له جديده بركه حواره بشار حربيه خبر
مدينه اليزابيث سلطه امس الخميس جمعه سبت احد اثنين ثلاثاء اربعاء
ان الام ام اب اخ ابن بن بنت له لها لهم هو هي هم من ما لا لم لن قد كل غير ذلك هذا هذه الذي التي
حكومه الحكومه سلطات السلطات قوات جيش شرطه نظام معارضه مقاومه تحالف امن الامن دفاع داخليه خارجيه
بريد سن شباب اطفال نساء رجال ملكه الملكه ملك امير اميره زعيم ناطق متحدث مصدر مصادر مطله المطله
""".split())
# Words that stand before a person's name: a place name right after one is a person (الملكة إليزابيث).
TITLES: frozenset[str] = frozenset(norm(w) for w in """
الملك الملكه ملك ملكه الامير الاميره امير الرئيس رئيس الشيخ شيخ السيد السيده الوزير وزير الدكتور د
اللواء العميد العقيد المقدم الرائد النقيب الجنرال المشير الفريق الامام الحاج القاضي النائب الاستاذ
الاب البابا الكاردينال المطران الداعيه الزعيم القائد
""".split())
# Trigger words strong enough to make an ordinary word, a short name or a person's name a place (بلدة تل).
STRONG_TRIGGERS: frozenset[str] = frozenset(norm(w) for w in """
مدينه بلده قريه مدينتي بلدتي قريتي بلدات قري مدن حي مخيم مخيمات سجن مطار ناحيه قضاء محافظه منطقتي محافظتي
""".split())
# Proclitics a place name never takes: the future prefix of verbs (س) and the comparison ك ("كبيرا" is no Beira).
NOT_BEFORE_PLACES = ("س", "ك")
# Words after a name that make it a news agency or outlet (فرانس برس), not a place.
AGENCY_WORDS: frozenset[str] = frozenset({"برس", "بريس", "نيوز", "تايمز", "بوست"})
# What a curated site or neighbourhood (معتقل غوانتانامو، مخيم الهول) is worth over a GeoNames town of the same name:
# about a town of 50,000 people more, as the supplement holds what the news means by these names.
CURATED_BONUS = 3.0
# A country's share of the document's country evidence below which its small places need a cue.
MIN_SHARE = 0.1
# Short names (three letters or fewer: عدن، حلب) stand alone only for big places of a country the document is about.
SHORT_SHARE = 0.25
_ARTICLE = "ال"


@dataclass(slots=True)
class _Hit:
    match: Match[Place]
    cands: list[Place]
    trigger: str | None  # the trigger group before the name
    trigger_word: str | None
    adj_after: str | None  # country code of an adjective or country name right after
    adj_before: str | None
    title: bool = False  # a person's title stands right before the name
    agency: bool = False  # a news agency word follows (فرانس برس)


def _strip_clitics(word: str) -> str:
    if word in TRIGGERS:
        return word
    for c in _CLITICS:
        if word.startswith(c) and word[len(c):] in TRIGGERS:
            return word[len(c):]
    return word


def _word_before(text: str, pos: int) -> tuple[str, int]:
    """The word ending just before `pos` (spaces skipped) and its start; ('', pos) at a clause boundary."""
    i = pos
    while i > 0 and text[i - 1] == " ":
        i -= 1
    j = i
    while j > 0 and is_word_char(text[j - 1]):
        j -= 1
    return text[j:i], j


def _word_after(text: str, pos: int) -> tuple[str, int]:
    i = pos
    while i < len(text) and text[i] == " ":
        i += 1
    j = i
    while j < len(text) and is_word_char(text[j]):
        j += 1
    return text[i:j], i


def _is_title(word: str) -> bool:
    return word in TITLES or (word[:1] in "وبلف" and word[1:] in TITLES)


def _article_added(text: str, m: Match[Place]) -> bool:
    """True where the text put ال before a name that does not take it (السورية from سورية: an adjective)."""
    return not m.phrase.startswith(_ARTICLE) and text[m.start:m.phrase_start].endswith(_ARTICLE)


def find_places(
    nt: Normalised, *, gazetteer: PlaceIndex | None = None, countries_hint: Sequence[str] = ()
) -> list[PlaceMention]:
    """Place mentions of the text, in order, each with the chosen place, the rejected candidates and why."""
    gz: PlaceIndex = gazetteer if gazetteer is not None else Gazetteer.load()
    text = nt.text
    adj_at: dict[int, tuple[int, str]] = {}
    evidence: defaultdict[str, float] = defaultdict(float, {c: 2.0 for c in countries_hint})
    for a in gz.adjectives.find(text):
        adj_at[a.start] = (a.end, a.values[0])
        evidence[a.values[0]] += 0.5
    country_at: dict[int, str] = {}
    hits: list[_Hit] = []
    for m in gz.matcher.find(text):
        if any(c in text[m.start:m.phrase_start] for c in NOT_BEFORE_PLACES):
            continue  # "سفينة" is no س + فينة, "كبيرا" no ك + بيرا: future and comparison never prefix a place
        cands = list(dict.fromkeys(m.values))
        if _article_added(text, m):
            continue  # a name that takes no article, written with one: an adjective or a common noun (الأمان)
        prev, pstart = _word_before(text, m.start)
        prev = _strip_clitics(prev)
        trigger = TRIGGERS.get(prev)
        adj_before = None
        if trigger is None and prev:
            before = adj_at.get(pstart)
            if before is not None and before[0] == m.start - 1:
                adj_before = before[1]
        nxt, nstart = _word_after(text, m.end)
        adj_after = adj_at[nstart][1] if nstart in adj_at else None
        if adj_after is None and nxt in _LINKS:
            _, n2 = _word_after(text, nstart + len(nxt))
            adj_after = country_at.get(n2)  # filled in the second loop below
        hits.append(_Hit(m, cands, trigger, prev if trigger else None, adj_after, adj_before,
                         _is_title(prev), nxt in AGENCY_WORDS))
        if len(cands) == 1 and cands[0].feature == "PCLI" and cands[0].country:
            country_at[m.start] = cands[0].country
    # a place noun governs the whole list after it: "في منطقتي المنصور والشعلة", "محافظات حماه وحلب وحمص"
    for prev_hit, h in itertools.pairwise(hits):
        if (h.trigger is None and prev_hit.trigger is not None and text.startswith("و", h.match.start)
                and not text[prev_hit.match.end:h.match.start].strip(" ،,")):
            h.trigger, h.trigger_word = prev_hit.trigger, prev_hit.trigger_word
    # second look for "X في الأردن" now that countries' positions are known
    for h in hits:
        if h.adj_after is None:
            nxt, nstart = _word_after(text, h.match.end)
            if nxt in _LINKS or nxt.startswith("ب"):
                pos = nstart + len(nxt) if nxt in _LINKS else nstart
                if nxt in _LINKS:
                    _, pos = _word_after(text, pos)
                h.adj_after = country_at.get(pos)

    # pass 1: anchors (one candidate, or all candidates in one country) give the document's countries and divisions
    admin1s: Counter[str] = Counter()
    for h in hits:
        if not _accept_without_context(h):
            continue
        countries = {c.country for c in h.cands if c.country}
        if len(countries) == 1:
            cc = next(iter(countries))
            evidence[cc] += 1.0
            if len(h.cands) == 1 and h.cands[0].admin1:
                admin1s[h.cands[0].admin1] += 1
    total = sum(evidence.values()) or 1.0

    out: list[PlaceMention] = []
    for h in hits:
        out.append(_choose(h, nt, gz, evidence, total, admin1s))
    covered = {(h.match.start, h.match.end): pm for h, pm in zip(hits, out, strict=True)}
    longer = _transliterated(nt, gz, evidence, total, covered)
    # a one-word name read inside a longer transliterated one gives way to it
    shadowed = {id(pm) for pm in covered.values()
                if any(t.span.contains(pm.span) and t.span != pm.span for t in longer)}
    out = [pm for pm in out if id(pm) not in shadowed] + longer
    out += _capitals(nt, gz, out, adj_at)
    out.sort(key=lambda pm: pm.span.start)
    return out


# "The capital" (العاصمة, with its clitics: بالعاصمة، وفي العاصمة، للعاصمة) names a city without naming it.
_CAPITAL_WORD = re.compile(r"(?<!\w)(?:و|ف)?(?:ب|ل)?(?:ال|ل)عاصمه(?!\w)")
# Offices named after the capital ("محافظ العاصمة"، "أمانة العاصمة"): a title, not where something happened.
_OFFICES = frozenset(norm(w) for w in ("محافظ", "أمين", "أمانة", "عمدة", "والي"))


def _capitals(nt: Normalised, gz: PlaceIndex, found: Sequence[PlaceMention],
              adj_at: Mapping[int, tuple[int, str]]) -> list[PlaceMention]:
    """"The capital" read as a place: with its country's adjective, that country's capital ("العاصمة اليمنية"); bare
    ("انفجار في العاصمة"), the capital of the country most of the article's places lie in (none on a tie). Left alone
    where a name follows ("العاصمة صنعاء" is found as صنعاء), where another word with the article qualifies it ("العاصمة
    المؤقتة عدن"، "العاصمة الاقتصادية") and after a title ("محافظ العاصمة")."""
    text = nt.text
    found_at = {pm.span.start for pm in found}
    tally = Counter(pm.place.country for pm in found if pm.place is not None and pm.place.country)
    ranked = tally.most_common(2)
    home = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    out: list[PlaceMention] = []
    for m in _CAPITAL_WORD.finditer(text):
        noun = m.start() + m.group(0).rfind("عاصمه")
        word_start = noun - 2 if text.startswith("ال", noun - 2) else noun - 1  # the article and the noun
        prev, _ = _word_before(text, m.start())
        if _is_title(prev) or prev in _OFFICES or prev[1:] in _OFFICES:
            continue
        nxt, nstart = _word_after(text, m.end())
        end, country, how = m.end(), home, "the capital of the country the article's places lie in"
        if nstart in adj_at:
            end, country = adj_at[nstart]
            how = "العاصمة + the country's adjective: its capital"
            nxt, nstart = _word_after(text, end)
        elif nxt.startswith("ال"):
            continue
        s, e = nt.to_original(word_start, end)
        o_next = nt.to_original(nstart, nstart)[0] if nxt else None
        if o_next in found_at:
            continue  # the capital is named right after: that name is its mention
        place = gz.capital(country) if country else None
        if place is None or any(pm.span.start < e and s < pm.span.end for pm in found):
            continue
        out.append(PlaceMention(span=Span(start=s, end=e, text=nt.original[s:e]), place=place, reason=how))
    return out


def _foreign_name(word: str, gz: PlaceIndex) -> bool:
    """A word that can be part of a foreign town's name: no article (foreign names take none), not an ordinary word,
    a title or a name the Arabic gazetteer already has."""
    return not (word.startswith(_ARTICLE) or _is_stop(word) or gz.is_common(word) or word in TITLES
                or gz.candidates(word))


# Nouns that make a city's name its province ("ولاية كارس", "محافظة حلب"); not منطقة, the area around a town.
DIVISION_NOUNS: frozenset[str] = frozenset(norm(w) for w in ("محافظة", "المحافظة", "محافظتي", "محافظات", "ولاية",
                                                                "ولايات", "إقليم", "شعبية"))


# Place nouns after which an unknown, article-less word may be a town written out from its Latin name.
_TRANSLIT_TRIGGERS: frozenset[str] = STRONG_TRIGGERS | frozenset(norm(w) for w in ("منطقة", "ولاية", "إقليم"))
_TRIGGER_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(_CLITICS) + r")?(?:"
    + "|".join(sorted(map(re.escape, _TRANSLIT_TRIGGERS), key=len, reverse=True))
    + r")(?!\w)\s+(\w+)(?:\s+(\w+))?")


def _transliterated(
    nt: Normalised, gz: PlaceIndex, evidence: Mapping[str, float], total: float,
    covered: Mapping[tuple[int, int], PlaceMention],
) -> list[PlaceMention]:
    """Towns GeoNames names only in Latin script, found by consonant skeleton right after a place noun ("منطقة
    ساريكاميس"), among the document's countries only; the most populous of equal skeletons wins. A two-word name
    whose first word is a known place of another country is read whole ("مدينة جيلان بينار" is Ceylanpınar in a
    Turkish story, not Gjilan in Kosovo)."""
    text = nt.text
    out: list[PlaceMention] = []
    for m in _TRIGGER_RE.finditer(text):
        known = next((pm for (s, e), pm in covered.items() if s <= m.start(1) < e), None)
        # else a name the gazetteer already knows, or an ordinary word
        first_foreign = known is None and _foreign_name(m.group(1), gz)
        spans = []
        if m.group(2) and len(m.group(2)) > 3 and _foreign_name(m.group(2), gz) and (
                first_foreign or _namesake_abroad(known, m.span(1), nt)):
            spans.append((m.start(1), m.end(2)))  # two words first: "سلطان بايلي"
        if first_foreign:
            spans.append(m.span(1))
        for s, e in spans:
            key = arabic_skeleton(text[s:e])
            if len(key) < MIN_SKELETON:
                continue
            cands = [c for c in gz.transliterated(key) if evidence.get(c.country or "", 0.0) / total >= MIN_SHARE]
            if known is not None and known.place is not None:
                cands = [c for c in cands if c.country != known.place.country]
            if not cands:
                continue
            cands.sort(key=lambda c: -c.population)
            os_, oe = nt.to_original(s, e)
            trigger = text[m.start():m.start(1)].strip()
            out.append(PlaceMention(
                span=Span(start=os_, end=oe, text=nt.original[os_:oe]), place=cands[0], rejected=tuple(cands[1:6]),
                reason=f"Latin name {cands[0].name} by consonant skeleton '{key}' after {trigger}; "
                       f"{len(cands)} candidate(s) in the document's countries"))
            break
    return out


def _namesake_abroad(known: PlaceMention | None, span: tuple[int, int], nt: Normalised) -> bool:
    """Whether the gazetteer matched exactly this one word and chose a place for it: the word may still begin a longer
    foreign name, which the caller looks for among the towns of the document's other countries."""
    return known is not None and known.place is not None and (known.span.start, known.span.end) == nt.to_original(*span)


def _accept_without_context(h: _Hit) -> bool:
    """True where the hit may tell the document's country: a country or division, or a big or cued, unambiguous town."""
    if h.title or _is_stop(h.match.phrase):
        return False
    if all((c.feature or "") in ("PCLI", "ADM1") for c in h.cands):
        return True
    if len(_key(h.match.phrase)) <= 3:
        return False
    # a small town without a cue would vote for its own country (البريج -> Palestine in a Syrian story)
    return bool(h.trigger or h.adj_after or h.adj_before) or all(c.population >= 100_000 for c in h.cands)


def _score(
    c: Place, h: _Hit, evidence: Mapping[str, float], total: float, admin1s: Counter[str]
) -> tuple[float, list[str]]:
    why: list[str] = []
    s = 0.6 * math.log10(c.population + 10)
    feat = c.feature or ""
    s += {"PCLI": 3.0, "PPLC": 1.0, "ADM1": 1.5}.get(feat, 0.0)
    if c.id.startswith("rasd:") and feat != "ADM1":
        s += CURATED_BONUS
    if h.trigger:
        if feat in _GROUP_FEATURES[h.trigger]:
            s += 4.0
            why.append(f"trigger {h.trigger_word}")
        else:
            s -= 1.5
    for adj, w, label in ((h.adj_after, 8.0, "after"), (h.adj_before, 5.0, "before")):
        if adj:
            if c.country == adj:
                s += w
                why.append(f"country word {label} the name ({adj})")
            else:
                s -= 3.0
    if c.country and evidence.get(c.country):
        share = evidence[c.country] / total
        s += 1.0 + 3.0 * share
        why.append(f"document country {c.country} ({share:.0%})")
    if c.admin1 and admin1s.get(c.admin1):
        s += 1.5
        why.append(f"same division as other places ({c.admin1})")
    if c.country in MENA:
        s += 0.5
    return s, why


def _key(phrase: str) -> str:
    """The name as the stop-lists know it: without a leading article unless the name is short."""
    return phrase.removeprefix(_ARTICLE) if len(phrase) > 4 else phrase


def _is_stop(phrase: str) -> bool:
    """True where the matched name is a stop-listed ordinary word, or a clitic on one read as a name (وان = و + ان)."""
    key = _key(phrase)
    if key in STOP or phrase in STOP:
        return True
    return " " not in phrase and phrase[:1] in "وفبلك" and len(phrase) <= 4 and phrase[1:] in STOP


def _is_common(phrase: str, gz: PlaceIndex) -> bool:
    key = _key(phrase)
    return gz.is_common(key) or gz.is_common(_ARTICLE + key)


def _far_small(c: Place, gz: PlaceIndex, evidence: Mapping[str, float], total: float) -> bool:
    """True for a small, uncurated town of a country that has little weight in the document."""
    if (c.feature or "") in ("PCLI", "ADM1") or gz.is_curated(c) or c.population >= 100_000:
        return False
    return evidence.get(c.country or "", 0.0) / total < MIN_SHARE


def _cue_for(h: _Hit, c: Place, stop: bool) -> str | None:
    """The cue that supports candidate `c` (None: no cue, or a cue that points elsewhere)."""
    if stop:
        # an adjective after an ordinary word is a noun phrase (الحكومة اليمنية), not a place: only a place noun counts
        if h.trigger and h.trigger_word in STRONG_TRIGGERS and (c.feature or "") in _GROUP_FEATURES[h.trigger]:
            return f"trigger {h.trigger_word}"
        return None
    if h.trigger and (c.feature or "") in _GROUP_FEATURES[h.trigger]:
        return f"trigger {h.trigger_word}"
    for adj in (h.adj_after, h.adj_before):
        if adj and c.country == adj:
            return f"country word {adj}"
    return None


# "كرش بمحافظة لحج"، "الحجيلة التابعة لمحافظة الحديدة"، "في مديرية X في محافظة Y": the province a place lies in, named
# right after it; the words after the division noun are compared with the candidate's own first-level division.
_INSIDE_RE = re.compile(r"\s*[،,]?\s*(?:(?:الواقعه|التابعه|الواقع|التابع)\s+ل|ب|في\s+|و?من\s+)"
                        r"(?:ال)?(?:محافظه|ولايه|اقليم)\s+(\w+(?:\s+\w+)?)")


def _inside_named_division(h: _Hit, c: Place, text: str, gz: PlaceIndex) -> bool:
    """Whether the words right after the name place it in the first-level division the candidate lies in."""
    m = _INSIDE_RE.match(text, h.match.end)
    if m is None or not c.country or not c.admin1 or (c.feature or "") in ("ADM1", "PCLI"):
        return False
    div = gz.division(c.country, c.admin1)
    if div is None or not div.name_ar:
        return False
    name = norm(div.name_ar).removeprefix(_ARTICLE)
    words = m.group(1).split()
    return any(" ".join(words[:k]).removeprefix(_ARTICLE) == name for k in (1, 2))


def _needs_context(
    phrase: str, best: Place, gz: PlaceIndex, evidence: Mapping[str, float], total: float, ordinary: bool
) -> str | None:
    """Why a name without a trigger word or country word is not geocoded (None: it is)."""
    key = _key(phrase)
    feat = best.feature or ""
    share = evidence.get(best.country or "", 0.0) / total
    in_doc = share >= MIN_SHARE
    if _is_stop(phrase):
        return "common word, no cue"
    if len(key) <= 3 and feat != "PCLI" and (best.population < 100_000 or share < SHORT_SHARE):
        return "short name, no cue"
    if gz.needs_cue(best):
        return "ambiguous name, no cue"
    if feat in ("PCLI", "ADM1") or gz.is_curated(best):
        return None
    if ordinary:
        if best.population >= 100_000 and in_doc:
            return None
        return "name is mostly an ordinary word, no cue"
    if best.country not in MENA and best.population < 100_000 and not in_doc:
        return "small foreign place outside the document's countries"
    if not in_doc and (best.population < 100_000 or (best.country not in MENA and feat != "PPLC")):
        return _OUTSIDE
    return None


_OUTSIDE = "small place outside the document's countries"


def _lone_town(h: _Hit, text: str, evidence: Mapping[str, float]) -> bool:
    """A short text that names no country ("على حاجز في تكريت أمس"): a town of the region told after في, whose name
    is no one else's, is the place meant; with any country evidence the usual rules decide."""
    if any(evidence.values()) or len({c.country for c in h.cands}) != 1 or h.cands[0].country not in MENA:
        return False
    prev, _ = _word_before(text, h.match.start)
    return prev in ("في", "وفي") or text[h.match.start:h.match.phrase_start] in ("ب", "وب")


def _choose(
    h: _Hit, nt: Normalised, gz: PlaceIndex, evidence: Mapping[str, float], total: float, admin1s: Counter[str]
) -> PlaceMention:
    m = h.match
    start = m.phrase_start
    if m.phrase.startswith(_ARTICLE) and not nt.text.startswith(_ARTICLE, start):
        start -= len(_ARTICLE)  # the article stood in the clitic run: بالحسكة -> الحسكة
    s, e = nt.to_original(start, m.end)
    span = Span(start=s, end=e, text=nt.original[s:e])
    scored = sorted(((_score(c, h, evidence, total, admin1s), c) for c in h.cands), key=lambda x: -x[0][0])
    (best_score, why), best = scored[0]
    rejected = tuple(c for _, c in scored[1:6])
    if h.title and (best.feature or "") not in ("PCLI", "ADM1", "REGION") and not gz.is_curated(best):
        return PlaceMention(span=span, rejected=tuple(c for _, c in scored[:6]), reason="a title before it: a person")
    if h.agency:
        return PlaceMention(span=span, rejected=tuple(c for _, c in scored[:6]), reason="part of a news agency's name")
    stop = _is_stop(m.phrase)
    ordinary = stop or _is_common(m.phrase, gz)
    cue = _cue_for(h, best, stop)
    inside = not cue and not stop and _inside_named_division(h, best, nt.text, gz)
    if inside:  # the text names the province it lies in: its own evidence, whatever else the article is about
        cue = "inside the division named after it"
        why = [*why, cue]
    if (cue and not inside and best.country not in (h.adj_after, h.adj_before)
            and _far_small(best, gz, evidence, total)):
        # a place noun says a place is meant, but not this small one in a country the document is not about
        return PlaceMention(span=span, rejected=tuple(c for _, c in scored[:6]),
                            reason="small place outside the document's countries")
    if not cue:
        reason = _needs_context(m.phrase, best, gz, evidence, total, ordinary)
        if reason == _OUTSIDE and _lone_town(h, nt.text, evidence):
            reason, why = None, [*why, "no country named in the text: the one region's town after في"]
        if reason:
            return PlaceMention(span=span, rejected=tuple(c for _, c in scored[:6]), reason=reason)
    # "ريف حلب" is the division around the city; "ولاية كارس" the division it names
    countryside = h.trigger == "countryside"
    if ((countryside or h.trigger_word in DIVISION_NOUNS) and best.feature not in ("ADM1", "PCLI") and best.country
            and best.admin1 and (div := gz.division(best.country, best.admin1)) is not None):
        how = f"ريف + {best.name}: the division around it" if countryside else (
            f"{h.trigger_word} + {best.name}: the division it names")
        return PlaceMention(span=span, place=div, rejected=(best, *rejected), reason=how)
    parts = [f"score {best_score:.1f}", *why]
    if len(scored) > 1:
        parts.append(f"runner-up {scored[1][1].name} ({scored[1][1].country}) {scored[1][0][0]:.1f}")
    return PlaceMention(span=span, place=best, rejected=rejected, reason="; ".join(parts))
