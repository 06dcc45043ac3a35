"""Resource loading helper: the cyclic garbage collector is paused while big read-only tables are built.

Building the gazetteer, actor dictionary and phrase matchers allocates about a million long-lived objects; with the
collector running, its repeated passes over them cost about a quarter of start-up and free nothing.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Run `fn` with the cyclic garbage collector off (restored after, also on error); nesting is fine."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return wrapper
