"""The learned link decision: a logistic regression over the hand rule's evidence terms and a few more, trained by
scripts/train_fuse.py on the project's own incident annotations, shipped as JSON (fuse_link.json)."""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from functools import cache

from rasd.fuse.decide import FEATURES, IncidentState, components
from rasd.fuse.features import ReportFeatures
from rasd.stages.logistic import LogisticModel, load_model

MODEL_FILE = "fuse_link.json"
MODEL_FEATURES = ("bias", *FEATURES)


class LinkModel:
    """A decision (see rasd.fuse.decide.Decision) by a logistic model: the score is its log-odds, a link from the
    log-odds of the model's threshold."""

    def __init__(self, model: LogisticModel, name: str = "model") -> None:
        if tuple(model.features) != MODEL_FEATURES:
            raise ValueError(f"link model: features {list(model.features)} are not {list(MODEL_FEATURES)}")
        self.model = model
        self.name = name
        self.bias, *rest = model.weights
        self.weights = tuple(rest)
        p = min(max(model.threshold, 1e-6), 1 - 1e-6)
        self.threshold = math.log(p / (1 - p))
        blob = json.dumps({"w": list(model.weights), "t": model.threshold}, sort_keys=True)
        self.digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()[:8]

    def score(self, r: ReportFeatures, inc: IncidentState, df: Counter[str], n: int,
              weights: dict[str, float] | None = None) -> float | None:
        c = components(r, inc, df, n, weights)
        if c is None:
            return None
        z = self.bias
        for w, x in zip(self.weights, c, strict=True):
            z += w * x
        return z


@cache
def shipped_model() -> LinkModel:
    """The model shipped in the package (resources/data/models/fuse_link.json)."""
    return LinkModel(load_model(MODEL_FILE, MODEL_FEATURES), name="model")
