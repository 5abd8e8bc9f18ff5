"""The eval tools load under their own names: none may shadow a module the project or its packages import."""

from __future__ import annotations

import importlib.machinery
import sys

import pytest

from .tool_loader import TOOLS, load_tool


def test_no_tool_is_named_as_an_importable_module() -> None:
    elsewhere = [p for p in sys.path if p != str(TOOLS)]
    for script in sorted(TOOLS.glob("*.py")):
        name = script.stem
        assert name not in sys.builtin_module_names, name
        assert importlib.machinery.PathFinder.find_spec(name, elsewhere) is None, f"{name} shadows a module"


def test_a_tool_named_as_a_loaded_module_is_refused(monkeypatch) -> None:
    import json

    monkeypatch.setitem(sys.modules, "rule_ablation", json)  # as if another module held the name
    with pytest.raises(ImportError, match="rule_ablation"):
        load_tool("rule_ablation")
