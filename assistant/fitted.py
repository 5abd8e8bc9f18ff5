"""A model fitted on the tune split is a JSON file in a build; reading one checks it fits this code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_fitted(build_dir: Path | None, name: str, version: int, features: tuple[str, ...]) -> dict[str, Any] | None:
    """The file ``name`` of a build, or None: no build, no file, or fitted with another version or other features."""
    if build_dir is None or not (build_dir / name).is_file():
        return None
    data = json.loads((build_dir / name).read_text(encoding="utf-8"))
    if data.get("version") != version or tuple(data.get("features", ())) != features:
        return None  # fitted on features this code computes differently: unusable
    return data
