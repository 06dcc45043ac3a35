"""The job's inputs: files listed through Hadoop's file systems (local, HDFS, s3a), read by rasd's own readers.

JSON Lines and Parquet are read split by split (`spark.read`); every other file (zip, WARC, JSON arrays, HTML, feeds,
text) whole, through `binaryFiles` and `rasd.ingest.formats.read_stream`. Each item gets an order key
(file rank, line or record, item) that sorts as `rasd ingest` reads: arguments in order, folders sorted.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

from rasd.ingest.formats import kind_of_name, read_jsonl, read_stream
from rasd.ingest.records import ReadError, from_record
from rasd.ingest.sources import SKIP_SUFFIXES
from rasd.model import Article

OrderKey = tuple[int, int, int]
Item = tuple[OrderKey, Article | ReadError]
LINE_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
MISSING_RANK = -1  # order key rank of the inputs that do not exist (their errors sort first)


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read: its Hadoop path, its rank in reading order, how it is read, its size in bytes."""

    path: str
    rank: int
    kind: str  # "lines" (JSON Lines), "parquet", or "whole" (rasd's readers over the whole file)
    size: int


def route(name: str) -> str:
    """How a file is read, by its name."""
    low = name.lower()
    if low.endswith(LINE_SUFFIXES):
        return "lines"
    if low.endswith(".parquet"):
        return "parquet"
    return "whole"


def path_key(path: str) -> str:
    """One spelling of a file's path for lookups: Spark and Hadoop write 'file:/x', 'file:///x', '%20' ..."""
    p = unquote(path)
    if p.startswith("file:"):
        p = "/" + p[5:].lstrip("/")
    return p


def display(path: str) -> str:
    """A path as a source name: local files as plain paths (as `rasd ingest` names them), others as URIs."""
    return path_key(path)


def _hidden(rel: list[str]) -> bool:
    return any(part.startswith((".", "_")) for part in rel)


def list_inputs(spark: Any, paths: Iterable[str]) -> tuple[list[InputFile], list[ReadError]]:
    """Every file under `paths` (files, folders walked recursively and sorted, glob patterns) in reading order.

    Folders skip hidden files, Spark's '_SUCCESS'-style files and the suffixes `rasd ingest` skips (but Parquet is
    read). A path that matches nothing is a ReadError, as in `rasd ingest`."""
    sc = spark.sparkContext
    jvm, conf = sc._jvm, sc._jsc.hadoopConfiguration()
    files: list[InputFile] = []
    missing: list[ReadError] = []
    for arg in paths:
        hpath = jvm.org.apache.hadoop.fs.Path(arg)
        try:
            fs = hpath.getFileSystem(conf)
            statuses = fs.globStatus(hpath)
        except Exception as e:  # py4j wraps IOException, unknown schemes, bad URIs
            missing.append(ReadError(arg, "", f"cannot list: {str(e).splitlines()[0][:200]}"))
            continue
        if not statuses:
            missing.append(ReadError(arg, "", "no such file or directory"))
            continue
        for st in sorted(statuses, key=lambda s: s.getPath().toString()):
            if not st.isDirectory():
                name = st.getPath().toString()
                files.append(InputFile(name, len(files), route(name), int(st.getLen())))
                continue
            root = st.getPath().toString().rstrip("/")
            found: list[tuple[list[str], str, int]] = []
            it = fs.listFiles(st.getPath(), True)
            while it.hasNext():
                f = it.next()
                name = f.getPath().toString()
                rel = name[len(root):].strip("/").split("/")
                low = name.lower()
                if _hidden(rel) or (any(low.endswith(s) for s in SKIP_SUFFIXES) and not low.endswith(".parquet")):
                    continue
                found.append((rel, name, int(f.getLen())))
            for _rel, name, size in sorted(found):
                files.append(InputFile(name, len(files), route(name), size))
    return files, missing


def read_whole(path: str, data: bytes, rank: int, default_date: dt.date | None) -> Iterator[Item]:
    """Every article (and ReadError) of one whole file, through rasd's readers, with its order key."""
    source = display(path)
    name = source.rsplit("/", 1)[-1]
    fh = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]
    for k, item in enumerate(read_stream(fh, source, default_date, kind_of_name(name))):
        yield (rank, 0, k), item


def parse_line(value: str, source: str, line: int, default_date: dt.date | None) -> list[Article | ReadError]:
    """One line of JSON Lines, read by `rasd.ingest.formats.read_jsonl` itself, renumbered to its line in the file."""
    if not value.strip():
        return []
    out: list[Article | ReadError] = []
    for item in read_jsonl(io.BytesIO(value.encode("utf-8")), source, default_date):
        if isinstance(item, ReadError):
            out.append(replace(item, position=str(line)))
        else:
            out.append(replace(item, source=f"{source}:{line}"))
    return out


PATH_COL, BLOCK_COL = "_rasd_path", "_rasd_block"


def read_rows(
    rows: Iterable[Any],
    kind: str,
    ranks: dict[str, int],
    bases: dict[tuple[str, int], int],
    default_date: dt.date | None,
) -> Iterator[Item]:
    """Articles of one partition of JSON Lines ('value' rows) or Parquet rows, numbered by line (from 1) or record
    (from 0) within their file: `bases` holds the number of rows in the file before each split."""
    current: tuple[str, int] | None = None
    k = 0
    for row in rows:
        d = row.asDict(recursive=True)
        path, block = path_key(d.pop(PATH_COL)), int(d.pop(BLOCK_COL))
        if (path, block) != current:
            current, k = (path, block), 0
        n = bases.get((path, block), 0) + k
        k += 1
        rank, source = ranks[path], display(path)
        if kind == "lines":
            items = parse_line(d.get("value") or "", source, n + 1, default_date)
        else:
            items = from_record(d, source, f"[{n}]", default_date)
        for j, item in enumerate(items):
            yield (rank, n, j), item
