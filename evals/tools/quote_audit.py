"""Code and test lines that share wording with an eval question but not with the documents: rules written for items.

The method (issue 13): a rule names a general pattern and is tested on invented examples, so no line of `assistant/`
or `tests/` should carry a run of an eval question's words that the documents themselves never write (a run the
documents write is the corpus quoted, which any question about it shares). Prints, per file, the lines holding a run
of ``--run`` characters (default 10) of Japanese text found in some question or conversation turn of `evals/` and in
no corpus text; test-split hits are counted, and with ``--locate`` named by line (never by the shared words), so
the audit does not show test items: a named line is the code's own, to be rewritten with an invented example.
Run: ``python evals/tools/quote_audit.py [--run 10] [--base COMMIT] [--locate]`` (``--base``: only lines added since
COMMIT).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_JAPANESE_RUN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff０-９0-9ー・％%，、？]+")


def questions(split: str) -> list[str]:
    """Every question and conversation turn of one split's sets."""
    out: list[str] = []
    for path in sorted((ROOT / "evals" / split).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj.get("question"), str):
                out.append(obj["question"])
            for turn in obj.get("turns") or []:
                if isinstance(turn, dict) and isinstance(turn.get("question"), str):
                    out.append(turn["question"])
    return out


def shared_run(text: str, asked: str, corpus: str, run: int) -> str | None:
    """The first ``run``-character window of ``text`` found in ``asked`` and not in ``corpus``, or None."""
    for m in _JAPANESE_RUN.finditer(text):
        s = m.group()
        for i in range(len(s) - run + 1):
            window = s[i : i + run]
            if window in asked and window not in corpus:
                return window
    return None


def code_lines(base: str | None) -> Iterator[tuple[str, int, str]]:
    """(file, line number, text) of the Python lines in assistant/ and tests/, or only those added since ``base``."""
    if base is None:
        for path in sorted([*ROOT.glob("assistant/**/*.py"), *ROOT.glob("tests/**/*.py")]):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                yield str(path.relative_to(ROOT)), n, line
        return
    diff = subprocess.run(
        ["git", "diff", "-U0", base, "--", "assistant", "tests"], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    name, n = "", 0
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[6:]
        elif line.startswith("@@"):
            n = int(re.search(r"\+(\d+)", line).group(1)) - 1  # type: ignore[union-attr]
        elif line.startswith("+"):
            n += 1
            yield name, n, line[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", type=int, default=10, help="Characters a shared run must have.")
    parser.add_argument("--base", help="Only lines added since this commit.")
    parser.add_argument("--locate", action="store_true", help="Name the lines sharing a run with a test question.")
    args = parser.parse_args()
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    tune, test = "\n".join(questions("tune")), "\n".join(questions("test"))
    by_file: dict[str, list[str]] = {}
    test_hits = 0
    for name, n, line in code_lines(args.base):
        if shared_run(line, test, corpus, args.run):
            test_hits += 1  # the line only, never the shared words: test items are not read one by one
            by_file.setdefault(name, []).extend([f"  {n}: (a test-split question)"] if args.locate else [])
        elif run := shared_run(line, tune, corpus, args.run):
            by_file.setdefault(name, []).append(f"  {n}: 「{run}」")
    for name, hits in sorted(by_file.items()):
        print(f"{name} ({len(hits)})")
        print("\n".join(hits))
    print(f"{len(by_file)} files; lines sharing a run with a test-split question (not shown): {test_hits}")


if __name__ == "__main__":
    main()
