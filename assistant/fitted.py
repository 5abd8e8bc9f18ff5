"""A model fitted on the tune split is a JSON file in a build; reading one checks it fits this code."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any


def read_fitted(
    build_dir: Path | None, name: str, version: int | tuple[int, ...], features: tuple[str, ...]
) -> dict[str, Any] | None:
    """The file ``name`` of a build, or None: no build, no file, or fitted with another version (``version``, or
    none of those given) or other features."""
    if build_dir is None or not (build_dir / name).is_file():
        return None
    data = json.loads((build_dir / name).read_text(encoding="utf-8"))
    if mismatch(data, version, features) is not None:
        return None  # fitted on features this code computes differently: unusable
    return data


def mismatch(data: dict[str, Any], version: int | tuple[int, ...], features: tuple[str, ...]) -> str | None:
    """Why a fitted file's ``data`` does not fit this code (its version or its features), or None when it does."""
    versions = version if isinstance(version, tuple) else (version,)
    if data.get("version") not in versions:
        newer = isinstance(data.get("version"), int) and data["version"] > max(versions)
        return f"version {data.get('version')!r}{' (written by newer code)' if newer else ''}, not one of {versions}"
    if tuple(data.get("features", ())) != features:
        return "fitted on other features than this code computes"
    return None


def logistic(z: float) -> float:
    """The logistic function, clamped so a large score cannot overflow ``exp``."""
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def raw_weights(pipeline: Any) -> tuple[tuple[float, ...], float]:
    """Weights and bias on the raw features of a fitted (StandardScaler, LogisticRegression) pipeline."""
    import numpy as np

    scaler, lr = pipeline[0], pipeline[1]
    scale = np.where(scaler.scale_ == 0, 1.0, scaler.scale_)
    weights = lr.coef_[0] / scale
    bias = float(lr.intercept_[0] - np.sum(lr.coef_[0] * scaler.mean_ / scale))
    return tuple(float(w) for w in weights), bias
