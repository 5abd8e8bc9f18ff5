"""Load evaluation sets (JSONL in the shared schema) and report bad lines by line number.

Schema (see ``evals/README.md``): ``id, doc, question, answer|null, evidence|null, type, style``.
A line that cannot be used (not JSON, not an object, a missing or mistyped field, a duplicate id)
is reported as an *error* and skipped; a usable line with something unusual (an unknown ``type``
or ``style``, extra fields, ``style``/``answer``/``evidence`` disagreeing) is kept and reported as a
*warning*. Nothing here needs the corpus or the index: items whose document is unknown still run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

FIELDS = ("id", "doc", "question", "answer", "evidence", "type", "style")
#: Optional fields of the team's bank (absent from the shared schema): what is asked, near-miss flag, writer's note.
OPTIONAL = ("ask", "near_miss", "note")
#: A set's split is the folder it lives in: tune (to design and fit on) or test (frozen; aggregates only).
SPLITS = ("tune", "test")
TYPES = frozenset({"programme", "kpi", "eligibility", "budget", "definition", "fact", "policy"})
STYLES = frozenset({"paraphrase", "keyword", "lookup", "unanswerable"})


@dataclass(frozen=True)
class EvalItem:
    """One question of a set, with where it came from."""

    id: str
    doc: str
    question: str
    answer: str | None
    evidence: str | None
    type: str
    style: str
    set: str  # the set's name: file name without .jsonl
    line: int
    split: str = "other"  # tune, test, or other (a set outside those folders)
    ask: str = "unspecified"  # when, who, rate, kpi_target… (the bank's items say; shared-schema items do not)
    near_miss: bool = False  # unanswerable although the documents discuss the subject

    @property
    def has_evidence(self) -> bool:
        """Counts for retrieval metrics."""
        return self.evidence is not None

    @property
    def answerable(self) -> bool:
        """Counts for accuracy and false abstention (otherwise: for abstention)."""
        return self.answer is not None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SetProblem:
    """A line of a set that was skipped (``error``) or kept with a remark (``warning``)."""

    set: str
    path: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


def set_name(path: Path) -> str:
    name = path.name
    stem = name[: -len(".jsonl")] if name.endswith(".jsonl") else path.stem
    split = split_of(path)
    return f"{split}/{stem}" if split != "other" else stem


def split_of(path: Path) -> str:
    """``tune`` or ``test`` for a set in a folder of that name, else ``other``."""
    return path.parent.name if path.parent.name in SPLITS else "other"


def is_conversation_set(path: Path) -> bool:
    """A conversation set (lines with ``turns``) rather than a question set."""
    try:
        with path.open(encoding="utf-8-sig") as fh:
            first = next((line for line in fh if line.strip()), "")
        return '"turns"' in first
    except OSError:
        return False


def default_set_paths(evals_dir: Path) -> list[Path]:
    """Every ``*.jsonl`` in ``evals_dir`` and in its ``tune/`` and ``test/`` folders, sorted by name."""
    found = [p for p in evals_dir.glob("*.jsonl") if p.is_file()]
    for split in SPLITS:
        found.extend(p for p in (evals_dir / split).glob("*.jsonl") if p.is_file())
    return sorted(found)


def _check(obj: object) -> tuple[list[str], list[str]]:
    """(errors, warnings) for one decoded line."""
    if not isinstance(obj, dict):
        return [f"not a JSON object (got {type(obj).__name__})"], []
    errors: list[str] = []
    warnings: list[str] = []
    missing = [f for f in FIELDS if f not in obj]
    if missing:
        errors.append("missing field(s): " + ", ".join(missing))
    for key in ("id", "doc", "question", "type", "style"):
        if key in obj and not (isinstance(obj[key], str) and obj[key].strip()):
            errors.append(f"{key} must be a non-empty string (got {obj[key]!r})")
    for key in ("answer", "evidence"):
        if key in obj and obj[key] is not None and not (isinstance(obj[key], str) and obj[key].strip()):
            errors.append(f"{key} must be a non-empty string or null (got {obj[key]!r})")
    if errors:
        return errors, warnings
    extra = sorted(set(obj) - set(FIELDS) - set(OPTIONAL))
    if extra:
        warnings.append("extra field(s) ignored: " + ", ".join(extra))
    if obj["type"] not in TYPES:
        warnings.append(f"unknown type {obj['type']!r}")
    if obj["style"] not in STYLES:
        warnings.append(f"unknown style {obj['style']!r}")
    unanswerable = obj["style"] == "unanswerable"
    if (obj["answer"] is None) != (obj["evidence"] is None) or (
        obj["style"] in STYLES and unanswerable != (obj["answer"] is None)
    ):
        warnings.append(
            "style/answer/evidence disagree (unanswerable <=> answer null <=> evidence null); "
            "retrieval uses evidence, answers use answer"
        )
    return errors, warnings


def load_set(path: Path, seen_ids: dict[str, str] | None = None) -> tuple[list[EvalItem], list[SetProblem]]:
    """Items and problems of one JSONL file; ``seen_ids`` (id -> where) catches duplicates across sets."""
    seen_ids = {} if seen_ids is None else seen_ids
    name = set_name(path)
    items: list[EvalItem] = []
    problems: list[SetProblem] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [SetProblem(name, str(path), 0, f"cannot read: {exc}")]
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(SetProblem(name, str(path), lineno, f"not valid JSON: {exc.msg} (column {exc.colno})"))
            continue
        errors, warnings = _check(obj)
        problems.extend(SetProblem(name, str(path), lineno, w, "warning") for w in warnings)
        if errors:
            problems.append(SetProblem(name, str(path), lineno, "; ".join(errors)))
            continue
        where = f"{path.name}:{lineno}"
        if obj["id"] in seen_ids:
            problems.append(
                SetProblem(name, str(path), lineno, f"duplicate id {obj['id']!r} (first at {seen_ids[obj['id']]})")
            )
            continue
        seen_ids[obj["id"]] = where
        extra = {
            "ask": str(obj.get("ask") or "unspecified"),
            "near_miss": bool(obj.get("near_miss")),
        }
        items.append(EvalItem(**{f: obj[f] for f in FIELDS}, set=name, line=lineno, split=split_of(path), **extra))
    if not items and not problems:
        problems.append(SetProblem(name, str(path), 0, "empty set", "warning"))
    return items, problems


def load_sets(paths: Iterable[Path]) -> tuple[list[EvalItem], list[SetProblem]]:
    """Items of all sets in order, ids unique across them, and every problem found."""
    seen: dict[str, str] = {}
    items: list[EvalItem] = []
    problems: list[SetProblem] = []
    for path in paths:
        if is_conversation_set(Path(path)):
            continue  # read by `assistant.evals.conversations`
        got, bad = load_set(Path(path), seen)
        items.extend(got)
        problems.extend(bad)
    return items, problems
