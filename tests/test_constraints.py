"""The environment under test is the one constraints.txt pins: a drifted package would fit another gate."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")


def pins(text: str) -> dict[str, str]:
    """Each ``name==version`` line of a constraints file (comments and blank lines skipped)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = _PIN.match(line)
        if m is None:
            raise ValueError(f"not a pin: {line!r}")
        out[m.group(1)] = m.group(2)
    return out


def test_pins_reads_names_and_versions_and_refuses_a_range() -> None:
    assert pins("# header\n\nnumpy==2.4.6\nja_ginza==5.3.0\n") == {"numpy": "2.4.6", "ja_ginza": "5.3.0"}
    with pytest.raises(ValueError, match=re.escape("numpy>=1.26")):
        pins("numpy>=1.26\n")


def test_every_pinned_distribution_is_installed_at_its_version() -> None:
    pinned = pins((ROOT / "constraints.txt").read_text(encoding="utf-8"))
    assert {"scikit-learn", "numpy", "sentence-transformers", "faiss-cpu", "fugashi"} <= pinned.keys()
    drifted = {}
    for name, want in pinned.items():
        try:
            got = version(name)
        except PackageNotFoundError:
            got = "not installed"
        if got != want:
            drifted[name] = (want, got)
    assert not drifted, f"installed versions differ from constraints.txt (run make install): {drifted}"
