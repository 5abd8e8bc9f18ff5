"""Reading the gate's fitted file: one this code cannot use is refused with a warning saying why, never silently.

Without its file the answerer serves every answer ungated, so a refusal (a file from newer code, fitted on other
features, or malformed) must be visible in the log: it is how a rolled-back checkout or a mixed build shows itself.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from math import isfinite
from pathlib import Path
from typing import Any

from assistant.answer.gate_trees import Trees
from assistant.fitted import mismatch

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GateFile:
    """A gate file's contents, checked to fit this code: its JSON, its trees (None: logistic only) and blend."""

    data: dict[str, Any]
    trees: Trees | None
    blend: float


def read_gate(
    build_dir: Path | None, name: str, features: tuple[str, ...], logistic_version: int, trees_version: int
) -> GateFile | None:
    """The gate file ``name`` of a build, or None: no file, or refused (with a warning naming the file and why)."""
    path = build_dir / name if build_dir is not None else None
    if path is None or not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    versions = (logistic_version, trees_version)
    try:
        why = mismatch(data, versions, features) or _inconsistent(data, len(features), logistic_version)
        trees = Trees.from_dict(data["trees"], len(features)) if data.get("trees") else None
        blend = float(data.get("blend", 1.0))
        if not 0.0 <= blend <= 1.0:
            why = why or f"blend {blend} is outside [0, 1]"
    except (KeyError, TypeError, ValueError) as e:
        why = f"malformed ({e})"
    if why is not None:
        log.warning(
            "%s (version %r) is not used, so answers are served without the confidence gate: %s; this code reads "
            "versions %s (refit with `assistant calibrate`)",
            path,
            data.get("version"),
            why,
            versions,
        )
        return None
    return GateFile(data, trees, blend)


def _inconsistent(data: dict[str, Any], n_features: int, logistic_version: int) -> str | None:
    """What in the file contradicts itself (weights, bias, trees and version disagreeing, its model's name)."""
    if len(data.get("weights", ())) != n_features or not all(isfinite(float(w)) for w in data["weights"]):
        return "its weights are not one finite number per feature"
    if not isfinite(float(data["bias"])) or not isfinite(float(data["threshold"])):
        return "its bias or threshold is not finite"
    has_trees = bool(data.get("trees"))
    if has_trees and data["version"] == logistic_version:
        return f"version {logistic_version} holds no trees, yet the file has some"
    # A logistic-only file is written at the features version; at the trees version it can only come from code
    # whose features version caught up with this code's trees version: its features may mean other things.
    if not has_trees and data["version"] != logistic_version:
        return f"a file without trees is version {logistic_version}, not {data['version']!r}"
    if data.get("model", "logistic") != ("logistic+trees" if has_trees else "logistic"):
        return f"its model is {data.get('model')!r} but it {'has' if has_trees else 'has no'} trees"
    return None
