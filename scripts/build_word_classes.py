"""Build src/rasd/resources/data/word_classes.tsv.gz and word_vectors.i8.gz: distributional word classes and vectors
from unlabelled Arabic news.

    python scripts/build_word_classes.py [--shared ../shared] [--classes 1000,200] [--out PATH] [--vectors PATH]

Reads SaudiNewsNet's 18 daily zips (`../shared/corpus/saudinewsnet/raw_zips`, 31,030 articles) and leaves out every
article annotated in the gold sets or the project's annotations (scripts/train_merge.load_gold), so that the
cross-validated figures of the models that read the classes see no held-out article's words here either. Each word
(normalised, without a conjunction, letters only: rasd.text.word_classes.key_word) is described by the words one and
two places before and after it (positive pointwise mutual information over the 6,000 most frequent words, each side
apart), reduced to 100 dimensions (a randomised SVD) and grouped by spherical k-means, once for each number of
classes (a fine and a coarse grouping: each word gets a class in each). Deterministic on one machine: the seeds are
fixed and the BLAS runs on one thread (another CPU's BLAS may round otherwise). The file's header names the source,
licence, parameters and the SHA-256 of the words and classes. The vectors file keeps the first VECTOR_DIMENSIONS
components of each word's unit vector, one signed byte each (rasd.text.word_vectors), in the classes file's word
order. See WORD_CLASSES_README.md.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one thread: the same sums in the same order, run after run

import argparse  # noqa: E402
import gzip  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import zipfile  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
OUT = ROOT / "src" / "rasd" / "resources" / "data" / "word_classes.tsv.gz"
VECTORS_OUT = OUT.with_name("word_vectors.i8.gz")
VOCABULARY = 40_000  # the most frequent words with at least MIN_COUNT occurrences get a class
MIN_COUNT = 5
CONTEXTS = 6_000  # the most frequent words, as contexts
WINDOW = ((1, 1.0), (2, 0.5))  # (distance, weight) on each side
SMOOTHING = 0.75  # context counts raised to this power (PPMI's usual smoothing)
DIMENSIONS = 100
ITERATIONS = 30  # of k-means
SEED = 20261206
VECTOR_DIMENSIONS = 32  # of the DIMENSIONS, the leading ones (largest singular values) are shipped
_WORD = re.compile(r"\w+")


def articles(shared: Path, leave_out: set[str]) -> tuple[list[str], int]:
    """The texts of SaudiNewsNet's articles not in `leave_out` (ids snn-NNNNN by position in the sorted zips), and
    the number of articles read."""
    zips = sorted((shared / "corpus" / "saudinewsnet" / "raw_zips").glob("*.zip"))
    if not zips:
        raise SystemExit(f"no SaudiNewsNet zips under {shared}/corpus/saudinewsnet/raw_zips: pass --shared")
    texts, index = [], 0
    for path in zips:
        with zipfile.ZipFile(path) as zf:
            for name in sorted(zf.namelist()):
                for record in json.loads(zf.read(name)):
                    if f"snn-{index:05d}" not in leave_out:
                        texts.append(record.get("content") or "")
                    index += 1
    return texts, index


def embed(sequences: list[list[str]], vocabulary: list[str], contexts: list[str]) -> np.ndarray:
    """Unit vectors of the vocabulary's words: PPMI of their left and right contexts, randomised SVD."""
    vi = {w: i for i, w in enumerate(vocabulary)}
    ci = {w: i for i, w in enumerate(contexts)}
    counts = np.zeros((len(vocabulary), 2 * len(contexts)), np.float32)
    for words in sequences:
        n = len(words)
        for i, word in enumerate(words):
            row = vi.get(word)
            if row is None:
                continue
            for d, weight in WINDOW:
                if i >= d and (c := ci.get(words[i - d])) is not None:
                    counts[row, c] += weight
                if i + d < n and (c := ci.get(words[i + d])) is not None:
                    counts[row, len(contexts) + c] += weight
    total = counts.sum()
    rows = counts.sum(1, keepdims=True)
    cols = counts.sum(0, keepdims=True) ** SMOOTHING
    cols = cols / cols.sum() * total
    with np.errstate(divide="ignore", invalid="ignore"):
        ppmi = np.log(counts * total / (rows * cols))
    ppmi[~np.isfinite(ppmi) | (ppmi < 0)] = 0
    rng = np.random.default_rng(SEED)
    y = ppmi @ rng.standard_normal((ppmi.shape[1], DIMENSIONS + 20)).astype(np.float32)
    for _ in range(2):  # power iterations
        y = ppmi @ (ppmi.T @ y)
    q, _ = np.linalg.qr(y)
    u, s, _ = np.linalg.svd(q.T @ ppmi, full_matrices=False)
    vectors = (q @ u)[:, :DIMENSIONS] * np.sqrt(s[:DIMENSIONS])
    return vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)


def kmeans(vectors: np.ndarray, k: int) -> np.ndarray:
    """Spherical k-means (cosine), centres started at k words drawn with a fixed seed; the class of each row."""
    rng = np.random.default_rng(SEED)
    centres = vectors[rng.choice(len(vectors), k, replace=False)]
    labels = np.zeros(len(vectors), np.int64)
    for _ in range(ITERATIONS):
        labels = (vectors @ centres.T).argmax(1)
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, vectors)
        empty = np.bincount(labels, minlength=k) == 0
        sums[empty] = centres[empty]
        centres = sums / (np.linalg.norm(sums, axis=1, keepdims=True) + 1e-9)
    return labels


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--classes", default="1000,200", help="the number of classes of each grouping, comma-separated")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--vectors", type=Path, default=VECTORS_OUT)
    args = ap.parse_args(argv)

    from train_merge import EVENTS_DIR, load_gold

    from rasd.text.normalise import norm
    from rasd.text.word_classes import key_word

    leave_out = {g.doc_id for g in load_gold(args.shared, True, EVENTS_DIR)}
    texts, read = articles(args.shared, leave_out)
    sequences = [[key_word(w) for w in _WORD.findall(norm(text))] for text in texts]
    counts = Counter(w for words in sequences for w in words)
    counts.pop("", None)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    vocabulary = [w for w, n in ranked[:VOCABULARY] if n >= MIN_COUNT]
    contexts = [w for w, _ in ranked[:CONTEXTS]]
    sizes = [int(k) for k in args.classes.split(",")]
    vectors = embed(sequences, vocabulary, contexts)
    groupings = [kmeans(vectors, k).tolist() for k in sizes]
    body = "".join(f"{w}\t" + "\t".join(str(g[i]) for g in groupings) + "\n"
                   for i, w in sorted(enumerate(vocabulary), key=lambda iw: iw[1]))
    header = {
        "source": "SaudiNewsNet (github.com/parallelfold/SaudiNewsNet, commit 4e39239), 18 daily zips, "
                  f"{len(texts)} of {read} articles: the {len(leave_out)} annotated ones left out",
        "licence": "derived from CC BY-NC-SA 4.0 text (research only); no article text, only words and their classes",
        "build": "python scripts/build_word_classes.py --classes " + ",".join(map(str, sizes)),
        "method": f"PPMI of the words at distance {', '.join(str(d) for d, _ in WINDOW)} on each side "
                  f"(weights {', '.join(str(w) for _, w in WINDOW)}; {CONTEXTS} context words; smoothing "
                  f"{SMOOTHING}), randomised SVD to {DIMENSIONS} dimensions, spherical k-means "
                  f"({ITERATIONS} iterations, seed {SEED})",
        "tokens": str(sum(counts.values())),
        "words": str(len(vocabulary)),
        "classes": ",".join(map(str, sizes)),
        "sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
    }
    text = "".join(f"# {k}: {v}\n" for k, v in header.items()) + body
    args.out.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"{args.out}: {len(vocabulary)} words in {args.classes} classes, from {header['tokens']} tokens of "
          f"{len(texts)} articles; sha256 {header['sha256'][:16]}")
    write_vectors(args.vectors, vocabulary, vectors, header)


def write_vectors(path: Path, vocabulary: list[str], vectors: np.ndarray, classes: dict[str, str]) -> None:
    """The leading VECTOR_DIMENSIONS components of each word's vector as signed bytes, rows in sorted word order (the
    classes file's), after a JSON header line; gzip'd, byte-stable."""
    order = sorted(range(len(vocabulary)), key=lambda i: vocabulary[i])
    kept = vectors[order, :VECTOR_DIMENSIONS]
    scale = round(127.0 / float(np.abs(kept).max()), 6)
    body = np.clip(np.rint(kept * scale), -127, 127).astype(np.int8).tobytes()
    header = {"source": classes["source"], "licence": classes["licence"],
              "build": "python scripts/build_word_classes.py (the vectors the classes are made from)",
              "method": f"the first {VECTOR_DIMENSIONS} of the {DIMENSIONS} components of each word's unit vector, "
                        "times scale, rounded to a signed byte",
              "words": len(vocabulary), "dims": VECTOR_DIMENSIONS, "scale": scale,
              "classes_sha256": classes["sha256"], "sha256": hashlib.sha256(body).hexdigest()}
    path.write_bytes(gzip.compress(json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
                                   + body, mtime=0))
    print(f"{path}: {len(vocabulary)} vectors of {VECTOR_DIMENSIONS} bytes (scale {scale:.3f}); "
          f"sha256 {header['sha256'][:16]}")


if __name__ == "__main__":
    main()
