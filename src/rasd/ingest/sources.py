"""read_sources: files, directories (walked recursively, sorted), archives and stdin to Articles or ReadErrors."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rasd.config import DEFAULT_LIMITS, Limits
from rasd.ingest.formats import kind_of_name, read_stream
from rasd.ingest.records import ReadError
from rasd.model import Article

SKIP_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".pdf", ".pyc", ".db", ".duckdb", ".wal", ".parquet"})


@dataclass
class ReadProgress:
    """Bytes of the inputs read so far (compressed bytes for archives), for progress bars and ETAs."""

    total: int = 0
    done: int = 0
    files: int = 0


class _Counting(io.RawIOBase):
    """A file that counts the bytes read from it into a ReadProgress."""

    def __init__(self, fh: io.BufferedReader, progress: ReadProgress) -> None:
        self._fh = fh
        self._p = progress

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._fh.seekable()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._fh.seek(offset, whence)

    def tell(self) -> int:
        return self._fh.tell()

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        n = self._fh.readinto(b)
        self._p.done += n or 0
        return n or 0

    def close(self) -> None:
        self._fh.close()
        super().close()


def shown(path: str | Path) -> str:
    """A path as text that every store and terminal takes: bytes that are not UTF-8 in a file name escaped (\\xff)."""
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that no file name decoding made
        return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def expand(paths: Sequence[str | Path]) -> Iterator[Path | str | ReadError]:
    """Files in order: each named file, each directory's files sorted and recursive, '-' for stdin."""
    for p in paths:
        if str(p) == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(
                f for f in path.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
            for f in files:
                if f.suffix.lower() in SKIP_SUFFIXES:
                    continue
                yield f
        elif path.is_file():
            yield path
        else:
            yield ReadError(shown(p), "", "no such file or directory")


def total_bytes(paths: Sequence[str | Path]) -> int:
    """The size on disk of everything read_sources will read (stdin counts 0)."""
    return sum(f.stat().st_size for f in expand(paths) if isinstance(f, Path))


def read_sources(
    paths: Sequence[str | Path],
    *,
    published: dt.date | None = None,
    progress: ReadProgress | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Article | ReadError]:
    """Every article in `paths`, in order, and a ReadError for each record or file that could not be read.

    `published` is the date given to articles whose source has none (plain text); `limits` bounds what one record,
    file or archive may take. Never raises on bad input: reading goes on after each ReadError.
    """
    progress = progress if progress is not None else ReadProgress()
    for f in expand(paths):
        if isinstance(f, ReadError):
            yield f
            continue
        if f == "-":  # streamed: its size is not known in advance
            yield from read_stream(sys.stdin.buffer, "<stdin>", published, limits=limits)
            continue
        assert isinstance(f, Path)
        try:
            size = f.stat().st_size
            raw = open(f, "rb", buffering=0)
        except OSError as e:
            yield ReadError(shown(f), "", f"cannot open: {e.strerror}")
            continue
        start = progress.done
        try:
            fh = io.BufferedReader(_Counting(raw, progress), 1 << 16)  # type: ignore[arg-type]
            yield from read_stream(fh, shown(f), published, kind_of_name(f.name), limits=limits)
        finally:
            raw.close()
            progress.done = start + size
            progress.files += 1
