"""A small logistic model shipped as JSON (feature names, weights, threshold): deterministic, pure Python to apply."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from operator import mul
from typing import Any

MODEL_PACKAGE = "rasd.resources.data.models"


@dataclass(frozen=True)
class LogisticModel:
    """Weights over named features (the first is the bias, always 1.0); a decision when p >= threshold."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def probability(self, values: Sequence[float]) -> float:
        return squash(sum(w * x for w, x in zip(self.weights, values, strict=True)))

    @classmethod
    def from_json(cls, data: dict[str, Any], expected: Sequence[str], where: str,
                  open_tail: str | None = None) -> LogisticModel:
        """`open_tail`: after the expected features, the model may name more, each starting with this prefix (a
        vocabulary its training chose)."""
        names = tuple(data.get("features") or ())
        head, tail = names[:len(expected)], names[len(expected):]
        if head != tuple(expected) or (tail and not (open_tail and all(n.startswith(open_tail) for n in tail))):
            raise ValueError(f"{where}: its features {list(names)} are not this code's {list(expected)}")
        weights = tuple(float(data["weights"][n]) for n in names)
        return cls(features=names, weights=weights, threshold=float(data.get("threshold", 0.5)),
                   meta={k: v for k, v in data.items() if k not in ("weights", "features", "threshold")})

    def to_json(self) -> dict[str, Any]:
        return {**self.meta, "threshold": self.threshold, "features": list(self.features),
                "weights": {n: round(w, 6) for n, w in zip(self.features, self.weights, strict=True)}}


def package_json(file: str) -> dict[str, Any]:
    """The JSON of a model file shipped in the package (resources/data/models/FILE)."""
    data: dict[str, Any] = json.loads(resources.files(MODEL_PACKAGE).joinpath(file).read_text(encoding="utf-8"))
    return data


def load_model(file: str, expected: Sequence[str], open_tail: str | None = None) -> LogisticModel:
    """A model shipped in the package (resources/data/models/FILE); see `LogisticModel.from_json` for open_tail."""
    return LogisticModel.from_json(package_json(file), expected, file, open_tail)


def tail_weights(model: LogisticModel, prefix: str) -> dict[str, float]:
    """A model's weights of its open-tail features (named `prefix` + key), by key."""
    return {n.removeprefix(prefix): w for n, w in zip(model.features, model.weights, strict=True)
            if n.startswith(prefix)}


def keyed_probability(model: LogisticModel, values: Sequence[float], by_key: Mapping[str, float],
                      keys: Iterable[str]) -> float:
    """As `model.probability` over `values` (its first features) followed by its open tail's one-hot features, given
    as the keys that are 1 and the tail's weights by key (`tail_weights`): the zeros are never spelled out, so a stage
    that scores many examples pays for the keys each has, not for the whole vocabulary."""
    return squash(linear(model, values) + sum(by_key.get(k, 0.0) for k in keys))


def linear(model: LogisticModel, values: Sequence[float]) -> float:
    """The weighted sum of `values` over the model's first features (an open tail's weights are left to the caller,
    who knows which keys an example has)."""
    if len(values) > len(model.weights):
        raise ValueError(f"{len(values)} values for a model of {len(model.weights)} features")
    return sum(map(mul, model.weights, values))  # map stops at the values


def squash(z: float) -> float:
    """The logistic function, its argument clipped to ±30."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def logit(p: float) -> float:
    """The inverse of `squash`: log(p / (1 - p)), p clipped to [1e-9, 1 - 1e-9]."""
    q = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(q / (1 - q))


def recalibrate(p: float, calibration: tuple[float, float]) -> float:
    """A probability through a calibration (intercept, slope) over its logit (Platt scaling)."""
    a, b = calibration
    if (a, b) == (0.0, 1.0):
        return p
    return squash(a + b * logit(p))


def calibration_pair(value: Any, where: str) -> tuple[float, float]:
    """A calibration read from a model file: [intercept, slope]."""
    if not (isinstance(value, list | tuple) and len(value) == 2):
        raise ValueError(f"{where}: a calibration is [intercept, slope], not {value!r}")
    return float(value[0]), float(value[1])


def vocabulary(keys: Iterable[Iterable[str]], minimum: int) -> tuple[str, ...]:
    """The keys that at least `minimum` of the examples have (each example's keys given once), sorted: an open
    tail's features, chosen by the training."""
    counts = Counter(k for ks in keys for k in set(ks))
    return tuple(sorted(k for k, n in counts.items() if n >= minimum))
