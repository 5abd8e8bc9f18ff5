"""Load a script of `evals/tools/` as a module, as the tests of each tool do (the tools are scripts, not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "evals" / "tools"


def load_tool(name: str) -> ModuleType:
    """``evals/tools/<name>.py`` executed as module ``name``, its folder on the path (a tool may import a sibling).

    The tools are registered under their own names, as when run as scripts: a name another module already holds
    is refused rather than replacing it."""
    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))  # as when run as a script: `abstain_audit` imports `lead_audit`
    known = sys.modules.get(name)
    if known is not None and Path(getattr(known, "__file__", None) or "").resolve().parent != TOOLS.resolve():
        raise ImportError(f"evals/tools/{name}.py would replace the loaded module {name!r}: rename the tool")
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    sys.modules[name] = tool  # a dataclass of the tool looks its module up while the module is executed
    spec.loader.exec_module(tool)
    return tool
