"""The fused score's weights fitted on the tune split, stored in the build as ``fusion.json``.

`assistant.evals.fit_fusion` fits them (``assistant calibrate``); a build without the file, or with
one fitted on other features, uses the `FusionParams` defaults and the settings' weights.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from assistant.fitted import read_fitted
from assistant.retrieval.hybrid import FUSION_FEATURES, FusionParams

FUSION_FILE = "fusion.json"
FUSION_REPORT = "fusion_report.json"
FUSION_DATA = "fusion_training.jsonl"
#: Bump when `FUSION_FEATURES` change meaning: stored weights for other features are not used.
FUSION_VERSION = 1


def fitted_weights(build_dir: Path | None) -> tuple[float, ...] | None:
    """The fitted weights in a build, or None (no file, or fitted on other features)."""
    data = read_fitted(build_dir, FUSION_FILE, FUSION_VERSION, FUSION_FEATURES)
    return None if data is None else tuple(float(w) for w in data["weights"])


def with_weights(params: FusionParams, weights: tuple[float, ...]) -> FusionParams:
    """``params`` with the weights of `FUSION_FEATURES` replaced."""
    return dataclasses.replace(params, **{f"{n}_weight": w for n, w in zip(FUSION_FEATURES, weights, strict=True)})


def to_json(weights: tuple[float, ...]) -> str:
    return json.dumps(
        {"version": FUSION_VERSION, "features": list(FUSION_FEATURES), "weights": list(weights)}, indent=2
    )
