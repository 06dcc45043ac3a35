"""Train the CRF name tagger on ANERcorp and write ner.crfsuite + ner.json (provenance and test scores) and
ner_attributes.txt.gz (the attributes the model has weights for: run time builds no others).
`--attributes-only` rewrites the last from the model in --out, without training."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shlex
import sys
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pycrfsuite

from rasd.ner import (
    ATTRIBUTES_FILE,
    MANIFEST_FILE,
    MODEL_FILE,
    FeatureConfig,
    FeatureExtractor,
    NameTagger,
    chunks,
    tokenise,
    write_attributes,
)
from rasd.text.normalise import norm

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "anercorp" / "ANERCorp.txt"  # ../shared beside the clone
DEFAULT_OUT = ROOT / "src" / "rasd" / "resources" / "data"
SENTENCE_END = {".", "!", "?"}
MAX_SENTENCE = 120  # same cut as rasd.ner.sentences
TYPES = ("PERS", "LOC", "ORG", "MISC")
PSEUDO_DOC = 20  # ANERcorp marks no document ends: propagation is scored over runs of 20 test sentences

Sentence = list[tuple[str, str]]


def read_corpus(path: Path) -> list[Sentence]:
    """ANERcorp `token TAG` lines to sentences of (normalised token, IOB tag), tokenised as at run time."""
    sents: list[Sentence] = []
    cur: Sentence = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            token, _, tag = line.rpartition(" ")
            if tag not in {"O"} | {f"{p}-{t}" for p in "BI" for t in TYPES}:
                raise ValueError(f"{path}:{lineno}: unknown tag {tag!r}; expected IOB over {TYPES}")
            text = norm(token)
            parts = [text[s:e] for s, e in tokenise(text)]
            first = True
            for part in parts:
                if tag == "O" or not part[0].isalnum():
                    sub = "O"  # punctuation glued to a name stays outside it
                elif first:
                    sub, first = tag, False
                else:
                    sub = "I-" + tag[2:]
                cur.append((part, sub))
                if part in SENTENCE_END or len(cur) >= MAX_SENTENCE:
                    sents.append(cur)
                    cur = []
    if cur:
        sents.append(cur)
    return sents


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, dict[str, float]]:
    """Entity-level exact-match precision/recall/F1 per type, micro over PERS/LOC/ORG and over all four."""
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(chunks(g)), set(chunks(p))
        for c in gs:
            n_gold[c[2]] += 1
        for c in ps:
            n_pred[c[2]] += 1
        for c in gs & ps:
            tp[c[2]] += 1

    def prf(types: tuple[str, ...]) -> dict[str, float]:
        t, ng, np_ = (sum(c[x] for x in types) for c in (tp, n_gold, n_pred))
        p = t / np_ if np_ else 0.0
        r = t / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": ng}

    out = {t: prf((t,)) for t in TYPES}
    out["micro_PERS_LOC_ORG"] = prf(("PERS", "LOC", "ORG"))
    out["micro_all"] = prf(TYPES)
    return out


def write_model_attributes(folder: Path) -> int:
    """Write ner_attributes.txt.gz for the model in `folder` (its SHA-256 checked against the manifest)."""
    data = (folder / MODEL_FILE).read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    recorded = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8")).get("sha256")
    if recorded != sha:
        print(f"{folder / MODEL_FILE}: SHA-256 {sha} is not the one {MANIFEST_FILE} records ({recorded})",
              file=sys.stderr)
        return 1
    tagger = pycrfsuite.Tagger()
    tagger.open(str(folder / MODEL_FILE))
    write_attributes(folder / ATTRIBUTES_FILE, tagger, sha)
    print(f"wrote {folder / ATTRIBUTES_FILE}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for ner.crfsuite and ner.json")
    ap.add_argument("--c1", type=float, default=0.2, help="L1 penalty (prunes features)")
    ap.add_argument("--c2", type=float, default=0.01, help="L2 penalty")
    ap.add_argument("--minfreq", type=float, default=1, help="feature.minfreq")
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--window", type=int, default=2)
    ap.add_argument("--affixes", type=int, default=3)
    ap.add_argument("--no-stem-neighbours", action="store_true")
    ap.add_argument("--bigrams", action="store_true")
    ap.add_argument("--no-neighbour-suffix", action="store_true")
    ap.add_argument("--attributes-only", action="store_true",
                    help=f"only write {ATTRIBUTES_FILE} for the model already in --out")
    args = ap.parse_args(argv)
    if args.attributes_only:
        return write_model_attributes(args.out)

    config = FeatureConfig(
        window=args.window,
        affixes=args.affixes,
        stem_neighbours=not args.no_stem_neighbours,
        bigrams=args.bigrams,
        neighbour_suffix=not args.no_neighbour_suffix,
    )
    sents = read_corpus(args.corpus)
    cut = len(sents) * 5 // 6
    train, test = sents[:cut], sents[cut:]
    fx = FeatureExtractor(config)
    print(f"{len(sents)} sentences: {len(train)} train, {len(test)} test; features {config.version}", file=sys.stderr)

    args.out.mkdir(parents=True, exist_ok=True)
    model_path = args.out / MODEL_FILE
    trainer = pycrfsuite.Trainer(verbose=False)
    t0 = time.perf_counter()
    for s in train:
        trainer.append(fx.sentence([w for w, _ in s]), [t for _, t in s])
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.minfreq": args.minfreq,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(model_path))
    train_s = time.perf_counter() - t0

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    fx_test = FeatureExtractor(config)  # fresh cache: time includes feature extraction as at run time
    t0 = time.perf_counter()
    pred = [tagger.tag(fx_test.sentence([w for w, _ in s])) for s in test]
    tag_s = time.perf_counter() - t0
    n_test_tokens = sum(len(s) for s in test)
    gold = [[t for _, t in s] for s in test]
    scores = score(gold, pred)
    name_tagger = NameTagger(tagger, config)
    pred_doc: list[list[str]] = []
    for i in range(0, len(test), PSEUDO_DOC):
        pred_doc += name_tagger.tag_document([[w for w, _ in s] for s in test[i : i + PSEUDO_DOC]])
    scores_doc = score(gold, pred_doc)

    data = model_path.read_bytes()
    manifest = {
        "name": "rasd-ner",
        "model": MODEL_FILE,
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "source": "ANERcorp (Benajiba et al. 2007), via github.com/HassanAzzam/Arabic-NER@056cbc1 ANERCorp",
        "licence": "ANERcorp: research use",
        "command": f"python scripts/train_tagger.py {shlex.join(sys.argv[1:] if argv is None else argv)}".strip(),
        "date": dt.date.today().isoformat(),
        "feature_set_version": config.version,
        "features": asdict(config),
        "trainer": {
            "algorithm": "lbfgs",
            "c1": args.c1,
            "c2": args.c2,
            "feature.minfreq": args.minfreq,
            "max_iterations": args.iterations,
        },
        "split": {
            "train_sentences": len(train),
            "test_sentences": len(test),
            "test_tokens": n_test_tokens,
            "rule": "first 5/6 of sentences train, last 1/6 test; sentences end after . ! ?",
        },
        "evaluation": "entity-level exact match (CoNLL style), normalised tokens, tokenised as at run time",
        "test": scores,
        "test_with_propagation": scores_doc,
        "propagation_note": f"person-name propagation within pseudo-documents of {PSEUDO_DOC} test sentences",
        "train_seconds": round(train_s, 1),
        "test_tokens_per_second": round(n_test_tokens / tag_s),
    }
    (args.out / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_model_attributes(args.out)
    print(json.dumps({k: manifest[k] for k in ("bytes", "train_seconds", "test_tokens_per_second")}))
    for name, table in (("crf", scores), ("crf+propagation", scores_doc)):
        for k, v in table.items():
            print(f"{name:16s} {k:20s} P={v['precision']:.3f} R={v['recall']:.3f} F1={v['f1']:.3f} n={v['support']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
