"""Bytes to text within limits: encodings (UTF-8, UTF-16 with a mark, windows-1256), reads bounded by
rasd.config.Limits, and the budget of what an archive may decompress to."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from rasd.config import Limits
from rasd.ingest.records import ReadError, arabic_share, looks_binary

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CP1256 = "decoded as windows-1256 (the bytes are not UTF-8)"


class OverArchiveLimit(Exception):
    """An archive decompressed to more than Limits.archive_bytes: the rest of it is skipped."""


@dataclass
class Budget:
    """The decompressed bytes an archive may still produce (shared by nested archives and members)."""

    limit: int
    used: int = 0
    depth: int = 0  # archives open around the stream being read


class Metered(io.RawIOBase):
    """A decompressed stream that counts what it yields against a Budget and stops when it is spent."""

    def __init__(self, fh: IO[bytes], budget: Budget) -> None:
        self._fh = fh
        self._budget = budget

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._fh.read(len(b))
        n = len(data)
        self._budget.used += n
        if self._budget.used > self._budget.limit:
            raise OverArchiveLimit(f"archive decompresses to more than {self._budget.limit:,} bytes "
                                   "(--max-archive-bytes): the rest of it is skipped")
        b[:n] = data
        return n


def metered(fh: IO[bytes], budget: Budget) -> io.BufferedReader:
    return io.BufferedReader(Metered(fh, budget), 1 << 16)


def decode(data: bytes, source: str, position: str = "") -> tuple[str, str | None] | ReadError:
    """Text of some bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else windows-1256 when that gives Arabic prose;
    with a note when it was not UTF-8. A ReadError naming the first bad byte otherwise."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as e:
            return ReadError(source, position, f"not UTF-16 text despite its UTF-16 mark (byte {e.start})")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        text = data.decode("cp1256", errors="replace")
        share = arabic_share(text)
        if not looks_binary(text) and share is not None and share > 0.3:
            return text, CP1256
        return ReadError(source, position, f"not UTF-8 text (byte {e.start})")


def read_whole(fh: IO[bytes], source: str, limits: Limits, what: str, *, cap: int | None = None,
               option: str = "--max-member-bytes") -> bytes | ReadError:
    """All of a stream, or a ReadError when it is over `cap` (default Limits.member_bytes; reading stops there)."""
    cap = min(limits.member_bytes, cap) if cap is not None else limits.member_bytes
    data = fh.read(cap + 1)
    if len(data) > cap:
        return ReadError(source, "", f"{what} larger than {cap:,} bytes ({option}): skipped")
    return data


def text_of(fh: IO[bytes], source: str, limits: Limits, what: str) -> Iterator[str | ReadError]:
    """The decoded text of a whole stream (a warning first when it was not UTF-8), or one ReadError."""
    data = read_whole(fh, source, limits, what)
    if isinstance(data, ReadError):
        yield data
        return
    got = decode(data, source)
    if isinstance(got, ReadError):
        yield got
        return
    text, note = got
    if note:
        yield ReadError(source, "", note, True)
    yield text


class Raw(io.RawIOBase):
    """Adapts any binary file object to RawIOBase so that it can be buffered and peeked."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._fh.read(len(b))
        n = len(data)
        b[:n] = data
        return n
