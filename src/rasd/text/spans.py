"""Items that carry a span, sorted by start, for range queries in logarithmic time (cost linear in article length)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, Protocol, TypeVar


class _HasSpan(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


T = TypeVar("T")


def _span_of(item: object) -> _HasSpan:
    return item.span  # type: ignore[attr-defined, no-any-return]


class SpanIndex(Generic[T]):
    """`items` (anything with a `.span`, or what `key` gives) by the start of their span; among equal starts the
    given order is kept, so a query returns items in the order a scan over a start-sorted list would."""

    def __init__(self, items: Iterable[T], key: Callable[[T], _HasSpan] = _span_of) -> None:
        self._key = key
        self.items: list[T] = sorted(items, key=lambda x: key(x).start)
        self.starts: list[int] = [key(x).start for x in self.items]
        self.longest = max((key(x).end - key(x).start for x in self.items), default=0)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def add(self, item: T) -> None:
        """Insert one item, after those of the same start."""
        span = self._key(item)
        i = bisect_right(self.starts, span.start)
        self.starts.insert(i, span.start)
        self.items.insert(i, item)
        self.longest = max(self.longest, span.end - span.start)

    def starting(self, lo: int, hi: int) -> list[T]:
        """Items whose span starts in [lo, hi)."""
        return self.items[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]

    def inside(self, lo: int, hi: int) -> list[T]:
        """Items whose span lies within [lo, hi]."""
        return [x for x in self.starting(lo, hi + 1) if self._key(x).end <= hi]

    def overlapping(self, lo: int, hi: int) -> list[T]:
        """Items whose span shares a character with [lo, hi)."""
        return [x for x in self.starting(lo - self.longest, hi) if self._key(x).end > lo and self._key(x).start < hi]

    def containing(self, lo: int, hi: int) -> list[T]:
        """Items whose span covers [lo, hi]."""
        return [x for x in self.starting(hi - self.longest, lo + 1) if self._key(x).end >= hi]

    def last_before(self, pos: int, keep: Callable[[T], bool], floor: int | None = None) -> T | None:
        """The last item starting before `pos` (and at or after `floor`) that `keep` accepts."""
        i = bisect_left(self.starts, pos) - 1
        while i >= 0 and (floor is None or self.starts[i] >= floor):
            if keep(self.items[i]):
                return self.items[i]
            i -= 1
        return None

