"""Trained name tagger (CRF, ANERcorp): persons, organisations and places in normalised Arabic news text."""

from __future__ import annotations

import gzip
import json
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import ClassVar, NamedTuple

from rasd.text.normalise import Normalised, norm

MODEL_FILE = "ner.crfsuite"
MANIFEST_FILE = "ner.json"
ATTRIBUTES_FILE = "ner_attributes.txt.gz"  # the attributes the model has weights for, derived from it
LABELS: frozenset[str] = frozenset({"PERS", "ORG", "LOC"})  # MISC is trained on but never returned

# Tokens: numbers (decimal/thousands, optional percent), runs of letters, any other single character.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+|\S")
_SENTENCE_END = frozenset({".", "!", "?"})
_MAX_SENTENCE = 120  # tokens; longer runs without a full stop are cut so Viterbi stays cheap and local

# Leading clitics stripped for the stem feature, longest first; the rest must keep at least two letters.
_CLITICS: tuple[str, ...] = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


def _normed(words: Iterable[str]) -> frozenset[str]:
    return frozenset(norm(w) for w in words)


# Words that announce a name right after them (checked on the word and on its clitic-stripped form).
_TRIGGERS: dict[str, frozenset[str]] = {
    "PERS": _normed(
        "الرئيس رئيس وزير الوزير الشيخ السيد السيدة الملك الأمير الامام الإمام الدكتور د العقيد العميد اللواء "
        "الجنرال المشير النقيب الرائد المقدم الشاعر الكاتب الفنان المتحدث الناطق الزعيم القائد الحاج الأستاذ "
        "البابا المرشد النائب السفير المبعوث الرئيسة الملكة الأميرة الشهيد المواطن الطفل".split()
    ),
    "LOC": _normed(
        "مدينة محافظة قرية منطقة بلدة ولاية مخيم حي ريف إقليم عاصمة العاصمة شمال جنوب شرق غرب شمالي جنوبي "
        "شرقي غربي وسط ضواحي مديرية ناحية قضاء جزيرة جبل نهر بحر مطار ميناء معبر شارع ساحة دولة".split()
    ),
    "ORG": _normed(
        "حركة تنظيم جماعة حزب جيش قوات لواء كتائب كتيبة مجلس وزارة وكالة صحيفة جبهة منظمة هيئة شركة جامعة "
        "قناة مؤسسة اتحاد ائتلاف تحالف ميليشيا ميليشيات مليشيا فصيل فصائل جمعية رابطة نقابة بنك محكمة".split()
    ),
}
_TRIGGER_OF: dict[str, str] = {w: label for label, words in _TRIGGERS.items() for w in words}


@dataclass(frozen=True, kw_only=True, slots=True)
class FeatureConfig:
    """Which feature templates the CRF sees; stored in ner.json so run time matches training."""

    window: int = 2  # neighbouring words on each side
    affixes: int = 3  # longest prefix/suffix length
    stem_neighbours: bool = True  # clitic-stripped form of the words at -1/+1
    bigrams: bool = False  # word pairs (-1,0) and (0,+1)
    neighbour_suffix: bool = True  # last two letters of the words at -1/+1 (nisba adjectives, plural endings)

    @property
    def version(self) -> str:
        return "f1:" + ",".join(f"{k}={v}" for k, v in asdict(self).items())


def tokenise(text: str) -> list[tuple[int, int]]:
    """Token (start, end) offsets in `text` (normalised): punctuation split off, numbers kept whole."""
    return [m.span() for m in _TOKEN.finditer(text)]


def sentences(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split token indices into sentences [i, j): after . ! ?, at line breaks, and every _MAX_SENTENCE tokens."""
    out: list[tuple[int, int]] = []
    begin = 0
    n = len(spans)
    for i, (s, e) in enumerate(spans):
        end_here = text[s:e] in _SENTENCE_END or i - begin + 1 >= _MAX_SENTENCE
        if not end_here and i + 1 < n and "\n" in text[e : spans[i + 1][0]]:
            end_here = True
        if end_here:
            out.append((begin, i + 1))
            begin = i + 1
    if begin < n:
        out.append((begin, n))
    return out


def stem(word: str) -> str:
    """The word without one leading clitic group (و ف ب ل ك ال وال بال لل ...), when enough is left."""
    for c in _CLITICS:
        if word.startswith(c) and len(word) - len(c) >= 2:
            return word[len(c) :]
    return word


def _shape(word: str) -> str:
    ch = word[0]
    if ch.isdigit():
        return "D"
    if "\u0600" <= ch <= "\u06ff":
        return "A"
    if ch.isalpha():
        return "L"
    return "P"


class _WordFeatures(NamedTuple):
    """One word's feature strings: its own, and those it gives the words around it (None where the model has no
    weight for one, so it is never built again)."""

    own: tuple[str, ...]
    before: tuple[str | None, ...]  # "w-d=word" for d = 1..window: the word seen from d words after it
    after: tuple[str | None, ...]  # "w+d=word" for d = 1..window: the word seen from d words before it
    to_next: tuple[str, ...]  # what the word after it sees: "s-1=", "x-1=", "trig-1="
    to_second: str | None  # what the word two after it sees: "trig-2="
    to_prev: tuple[str, ...]  # what the word before it sees: "s+1=", "x+1="
    low: str


class FeatureExtractor:
    """Turns a sentence of normalised words into CRF feature lists; per-word features are cached.

    `known`: the attributes the model has weights for. A CRF scores a word by the weights of its attributes, so one
    it has no weight for changes nothing; with `known`, such attributes are left out of the lists (training passes
    none and gets every one)."""

    def __init__(self, config: FeatureConfig, known: frozenset[str] | None = None) -> None:
        self.config = config
        self._known = known
        self._cache: dict[str, _WordFeatures] = {}
        w = config.window
        none = (None,) * w
        start = _WordFeatures(own=(), before=tuple(self._keep(f"w-{d}=<s>") for d in range(1, w + 1)), after=none,
                              to_next=self._kept(["BOS"]), to_second=None, to_prev=(), low="")
        end = _WordFeatures(own=(), before=none, after=tuple(self._keep(f"w+{d}=</s>") for d in range(1, w + 1)),
                            to_next=(), to_second=None, to_prev=self._kept(["EOS"]), low="")
        self._start, self._end = (start,) * max(w, 2), (end,) * max(w, 1)

    def _keep(self, feature: str) -> str | None:
        return feature if self._known is None or feature in self._known else None

    def _kept(self, features: Iterable[str]) -> tuple[str, ...]:
        return tuple(f for f in features if self._known is None or f in self._known)

    def _word(self, w: str) -> _WordFeatures:
        hit = self._cache.get(w)
        if hit is not None:
            return hit
        cfg = self.config
        lw = w.lower()
        st = stem(lw)
        shape = _shape(lw)
        feats = ["w=" + lw, "s=" + st, "sh=" + shape]
        if shape == "A" or shape == "L":
            for k in range(1, cfg.affixes + 1):
                if len(lw) > k:
                    feats.append(f"p{k}=" + lw[:k])
                    feats.append(f"x{k}=" + lw[-k:])
        if len(lw) <= 2:
            feats.append("short")
        trig = _TRIGGER_OF.get(lw) or _TRIGGER_OF.get(st, "")
        if trig:
            feats.append("trig=" + trig)
        stems, ends = cfg.stem_neighbours, cfg.neighbour_suffix
        to_next = [*(["s-1=" + st] if stems else []), *(["x-1=" + lw[-2:]] if ends else []),
                   *(["trig-1=" + trig] if trig else [])]
        to_prev = [*(["s+1=" + st] if stems else []), *(["x+1=" + lw[-2:]] if ends else [])]
        out = _WordFeatures(
            own=self._kept(feats),
            before=tuple(self._keep(f"w-{d}=" + lw) for d in range(1, cfg.window + 1)),
            after=tuple(self._keep(f"w+{d}=" + lw) for d in range(1, cfg.window + 1)),
            to_next=self._kept(to_next),
            to_second=self._keep("trig-2=" + trig) if trig else None,
            to_prev=self._kept(to_prev),
            low=lw,
        )
        if len(self._cache) < 200_000:
            self._cache[w] = out
        return out

    def sentence(self, words: Sequence[str]) -> list[list[str]]:
        """Feature lists for each word of one sentence, in the order the model was trained with."""
        w = self.config.window
        info = [*self._start, *(self._word(x) for x in words), *self._end]  # edge marks on each side
        first, stop = len(self._start), len(info) - len(self._end)
        out: list[list[str]] = []
        for i in range(first, stop):
            feats = list(info[i].own)
            for d in range(1, w + 1):
                f = info[i - d].before[d - 1]
                if f is not None:
                    feats.append(f)
                f = info[i + d].after[d - 1]
                if f is not None:
                    feats.append(f)
            feats.extend(info[i - 1].to_next)  # "BOS" at the start
            second = info[i - 2].to_second  # an edge mark has none
            if second is not None:
                feats.append(second)
            if self.config.bigrams and i > first:
                f = self._keep("b-1=" + info[i - 1].low + "|" + info[i].low)
                if f is not None:
                    feats.append(f)
            feats.extend(info[i + 1].to_prev)  # "EOS" at the end
            if self.config.bigrams and i + 1 < stop:
                f = self._keep("b+1=" + info[i].low + "|" + info[i + 1].low)
                if f is not None:
                    feats.append(f)
            out.append(feats)
        return out


def model_attributes(tagger: object) -> list[str]:
    """The attributes an open CRF model has state weights for, sorted (slow: parses the model's dump)."""
    return sorted({attr for attr, _ in tagger.info().state_features})  # type: ignore[attr-defined]


def write_attributes(path: Path, tagger: object, model_sha256: str) -> None:
    """Write the model's attribute list, gzipped and byte-stable, its first line naming the model's SHA-256."""
    body = "\n".join([f"# sha256 {model_sha256}", *model_attributes(tagger)]) + "\n"
    path.write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))


def read_attributes(ref: Traversable | Path, model_sha256: str) -> frozenset[str] | None:
    """The attribute list written for the model with this SHA-256; None (every attribute built) when the file is
    missing or was written for another model."""
    try:
        lines = gzip.decompress(ref.read_bytes()).decode("utf-8").splitlines()
    except FileNotFoundError:
        return None
    if not lines or lines[0] != f"# sha256 {model_sha256}":
        warnings.warn(f"{ATTRIBUTES_FILE} was written for another model than {MODEL_FILE}; run "
                      "scripts/train_tagger.py --attributes-only to rewrite it", stacklevel=2)
        return None
    return frozenset(lines[1:])


def chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """IOB tags to (first, last+1, type) token chunks, CoNLL style (an I- after another type starts a chunk)."""
    out: list[tuple[int, int, str]] = []
    cur: list = []  # [start, type]
    for i, tag in enumerate(tags):
        if tag == "O" or "-" not in tag:
            if cur:
                out.append((cur[0], i, cur[1]))
                cur = []
            continue
        prefix, typ = tag.split("-", 1)
        if prefix == "B" or not cur or cur[1] != typ:
            if cur:
                out.append((cur[0], i, cur[1]))
            cur = [i, typ]
    if cur:
        out.append((cur[0], len(tags), cur[1]))
    return out


class NameTagger:
    """CRF name tagger: `tag(nt)` gives (start, end, label) spans of nt.text for PERS, ORG and LOC."""

    _loaded: ClassVar[NameTagger | None] = None

    def __init__(self, tagger: object, config: FeatureConfig, manifest: dict | None = None,
                 known: frozenset[str] | None = None) -> None:
        self._tagger = tagger
        self.features = FeatureExtractor(config, known)
        self.manifest = manifest or {}

    @classmethod
    def load(cls) -> NameTagger:
        """The packaged model, opened once per process."""
        if cls._loaded is None:
            cls._loaded = cls.from_files()
        return cls._loaded

    @classmethod
    def from_files(cls, model: str | None = None, manifest: str | None = None) -> NameTagger:
        """Open a model file (default: the packaged one) with the feature config recorded in its manifest."""
        import pycrfsuite  # imported here: nothing is loaded at import time

        data = resources.files("rasd").joinpath("resources", "data")
        if manifest is None:
            meta = json.loads(data.joinpath(MANIFEST_FILE).read_text(encoding="utf-8"))
        else:
            with open(manifest, encoding="utf-8") as fh:
                meta = json.load(fh)
        config = FeatureConfig(**meta.get("features", {}))
        tagger = pycrfsuite.Tagger()
        if model is None:
            with resources.as_file(data.joinpath(MODEL_FILE)) as path:
                tagger.open(str(path))
            return cls(tagger, config, meta, read_attributes(data.joinpath(ATTRIBUTES_FILE), meta.get("sha256", "")))
        tagger.open(model)
        return cls(tagger, config, meta)

    def tag_words(self, words: Sequence[str]) -> list[str]:
        """IOB tags for one sentence of normalised words."""
        if not words:
            return []
        return list(self._tagger.tag(self.features.sentence(words)))  # type: ignore[attr-defined]

    def tag_document(self, sents: Sequence[Sequence[str]], *, propagate: bool = True) -> list[list[str]]:
        """IOB tags for each sentence of one document; with `propagate`, a word tagged as (part of) a person's
        name elsewhere in the document is tagged B-PERS where the CRF left it outside any name."""
        tags = [self.tag_words(s) for s in sents]
        if propagate:
            _propagate_persons(sents, tags)
        return tags

    def tag(self, nt: Normalised, *, propagate: bool = True) -> list[tuple[int, int, str]]:
        """(start, end, label) spans of nt.text, label in PERS/ORG/LOC; spans cover whole tokens, clitics included."""
        text = nt.text
        spans = tokenise(text)
        bounds = sentences(text, spans)
        words = [[text[s:e] for s, e in spans[i:j]] for i, j in bounds]
        out: list[tuple[int, int, str]] = []
        for (i, _), tags in zip(bounds, self.tag_document(words, propagate=propagate), strict=True):
            for a, b, typ in chunks(tags):
                if typ in LABELS:
                    out.append((spans[i + a][0], spans[i + b - 1][1], typ))
        return out


_PROPAGATE_CLITICS = ("", "و", "ل", "ب", "ف")
_PROPAGATE_CLITIC_LETTERS = frozenset(c for c in _PROPAGATE_CLITICS if c)  # all one letter: checked by slicing
# Normalisation folds ى into ي, so these function words collide with names (على = علي); never propagated.
_NOT_PROPAGATED = frozenset({"علي", "الي", "حتي", "متي", "لدي", "مدي", "سوي", "عيسي", "موسي", "رمضان"})


def _propagate_persons(sents: Sequence[Sequence[str]], tags: list[list[str]]) -> None:
    """Tag bare mentions (surname alone, often with a clitic) of persons named elsewhere in the same document."""
    names: set[str] = set()
    for words, ts in zip(sents, tags, strict=True):
        for _, b, typ in chunks(ts):
            last = words[b - 1]  # the surname: first names (محمد، علي) are too common to propagate
            if typ == "PERS" and len(last) >= 3 and last not in _TRIGGER_OF and last not in _NOT_PROPAGATED:
                names.add(last)
    if not names:
        return
    for words, ts in zip(sents, tags, strict=True):
        n = len(words)
        for k, w in enumerate(words):
            if ts[k] != "O" or (k > 0 and ts[k - 1] != "O") or (k + 1 < n and ts[k + 1] != "O"):
                continue
            if w in names or (w[:1] in _PROPAGATE_CLITIC_LETTERS and w[1:] in names):
                ts[k] = "B-PERS"
