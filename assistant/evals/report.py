"""Reports of an evaluation run: JSON for machines, Markdown (+ chart) for people, terminal summary."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.evals.gate_fit import gate_fit_table
from assistant.evals.records_eval import terminal_lines as records_lines
from assistant.evals.records_eval import wrong_markdown as records_wrong_md
from assistant.evals.withheld import TITLE as WITHHELD_TITLE
from assistant.evals.withheld import withheld_rows

RETRIEVAL_ROWS = ("recall@1", "recall@3", "recall@5", "recall@10", "mrr@10", "ndcg@10", "n", "p50_ms", "p95_ms")
ANSWER_ROWS = (
    ("accuracy", "accuracy", "n_answerable"),
    ("lead correct (gold in the first sentence)", "lead_correct", "n_answerable"),
    ("abstention", "abstention", "n_unanswerable"),
    ("abstention on near misses", "near_miss_abstention", "n_near_miss"),
    ("false abstention", "false_abstention", "n_answerable"),
    ("confidently wrong (of all items)", "confidently_wrong", "n"),
    ("citation validity", "citation_validity", "n_citations"),
)
BREAKDOWN_TITLES = {
    "by_split": "By split (test: frozen, aggregates only)",
    "by_style": "By style",
    "by_set": "By set",
    "by_type": "By type",
    "by_ask": "By what is asked",
    "by_doc": "By document",
}


# -- helpers ---------------------------------------------------------------------------------------
def fmt(value: Any, nd: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.{nd}f}"
    return str(value)


def _ms(value: Any) -> str:
    return "–" if value is None else f"{value:.1f}"


def _retrievers(report: dict[str, Any]) -> list[str]:
    return list(report["summary"]["retrieval"])


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A plain aligned table (first column left, others right)."""
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=False))
        ).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\r", "").replace("\n", " ⏎ ")


def _numeric(cell: Any) -> bool:
    return bool(re.fullmatch(r"[-+]?[0-9.]+|–|[0-9.]+ / [0-9.]+(?: / [0-9.]+)?", str(cell).strip()))


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table; columns holding only numbers are right-aligned."""
    align = [
        "---:" if i and rows and all(_numeric(r[i]) or r[i] == "" for r in rows) else "---" for i in range(len(headers))
    ]
    return [
        "| " + " | ".join(_cell(h) for h in headers) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(_cell(c) for c in r) + " |" for r in rows),
    ]


def _short(text: str | None, n: int = 80) -> str:
    if text is None:
        return "–"
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


# -- tables shared by terminal and Markdown --------------------------------------------------------
def retrieval_rows(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    rs = _retrievers(report)
    summ = report["summary"]["retrieval"]
    rows = []
    for key in RETRIEVAL_ROWS:
        f = _ms if key.endswith("_ms") else fmt
        rows.append([key.replace("_ms", " ms"), *(f(summ[r].get(key)) for r in rs)])
    return ["metric", *rs], rows


def answer_rows(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    a = report["summary"]["answers"]
    counts = {**a, "n": (a.get("n_answerable") or 0) + (a.get("n_unanswerable") or 0)}
    rows = [[label, fmt(a.get(key)), fmt(counts.get(n))] for label, key, n in ANSWER_ROWS]
    ln = a.get("length") or {}
    rows.append(
        [
            "answer length (chars) mean / p50 / max",
            f"{fmt(ln.get('mean'), 1)} / {fmt(ln.get('p50'), 1)} / {fmt(ln.get('max'))}",
            "",
        ]
    )
    rows.append(["citations per answer", fmt(a.get("citations_per_answer"), 2), ""])
    rows.append(["latency p50 / p95 ms", f"{_ms(a.get('p50_ms'))} / {_ms(a.get('p95_ms'))}", ""])
    if a.get("errors"):
        rows.append(["errors", str(a["errors"]), ""])
    return ["metric", "value", "n"], rows


def breakdown_rows(report: dict[str, Any], key: str, compact: bool = False) -> tuple[list[str], list[list[str]]]:
    rs = _retrievers(report)
    has_answers = report["summary"].get("answers") is not None
    headers = ["group", "n", "n ev"] + [f"R@5 {r}" for r in rs]
    headers += [f"MRR {r}" for r in (rs if not compact else [r for r in rs if r == "hybrid"] or rs[-1:])]
    if has_answers:
        headers += ["acc", "lead", "abst", "false abst", "conf wrong"] + ([] if compact else ["cite ok"])
    rows = []
    for group, g in report[key].items():
        retr = g["retrieval"]
        n_ev = next((retr[r]["n"] for r in rs), 0)
        row = [group, str(g["n"]), str(n_ev)] + [fmt(retr[r]["recall@5"]) for r in rs]
        row += [fmt(retr[h.split(" ", 1)[1]]["mrr@10"]) for h in headers if h.startswith("MRR ")]
        if has_answers:
            a = g["answers"] or {}
            row += [fmt(a.get("accuracy")), fmt(a.get("lead_correct")), fmt(a.get("abstention"))]
            row += [fmt(a.get("false_abstention")), fmt(a.get("confidently_wrong"))]
            row += [] if compact else [fmt(a.get("citation_validity"))]
        rows.append(row)
    return headers, rows


def _conversation_row(label: str, c: dict[str, Any]) -> list[str]:
    return [
        label,
        str(c["n_conversations"]),
        str(c["n_turns"]),
        fmt(c["turn_accuracy"]),
        fmt(c["first_turn_accuracy"]),
        fmt(c["follow_up_accuracy"]),
        str(c["n_follow_ups"]),
    ]


def conversation_lines(conv: dict[str, Any]) -> list[str]:
    """The conversations' figures per split, then per split and kind: turns correct, first and follow-up turns apart."""
    headers = ["split", "conversations", "turns", "turns correct", "first turns", "follow-ups", "follow-ups n"]
    rows = [_conversation_row(split, c) for split, c in conv.get("by_split", {}).items()]
    for split, kinds in conv.get("by_split_kind", {}).items():
        rows += [_conversation_row(f"{split} {kind}", c) for kind, c in kinds.items()]
    title = "Conversations (a turn is correct when it holds the gold answer, or abstains where there is none)"
    return [title, *text_table(headers, rows)]


def gate_lines(gate: dict[str, Any] | None) -> list[str]:
    if gate is None:
        return ["Gate: skipped (--no-gate)"]
    verdict = "PASS" if gate["passed"] else "FAIL"
    lines = [
        f"Gate ({gate.get('thresholds')}): {verdict} — {gate['n_checks'] - gate['n_failed'] - gate['n_skipped']} passed, "
        f"{gate['n_failed']} failed, {gate['n_skipped']} skipped"
    ]
    skipped: dict[str, list[str]] = {}
    for c in gate["checks"]:
        sign = ">=" if c["bound"] == "min" else "<="
        if c["status"] == "fail":
            lines.append(f"  FAIL {c['metric']} {sign} {c['limit']:g}: {c.get('reason')}")
        elif c["status"] == "skip":
            table, _, metric = c["metric"].rpartition(".")
            skipped.setdefault(table, []).append(metric)
    if skipped:
        lines.append("  skipped (not in this run): " + "; ".join(f"{t} ({', '.join(ms)})" for t, ms in skipped.items()))
    return lines


# -- terminal --------------------------------------------------------------------------------------
def _header(report: dict[str, Any]) -> str:
    meta = report["meta"]
    return (
        f"{meta['n_items']} items in {len(meta['sets'])} set(s) ({', '.join(meta['sets'])}); "
        f"build {meta.get('build_id') or '?'}; {meta.get('elapsed_s', 0):.1f} s"
        + (f"; query adapter {meta['query_adapter']}" if meta.get("query_adapter") else "")
    )


def terminal(report: dict[str, Any]) -> str:
    out = ["Evaluation: " + _header(report)]
    for name, why in report["meta"].get("skipped_retrievers", {}).items():
        out.append(f"  retriever {name} skipped: {why}")
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    if report["problems"]:
        out.append(f"Set problems: {len(errors)} line(s) skipped, {len(report['problems']) - len(errors)} warning(s)")
        out += [f"  {p['path']}:{p['line']}: {p['severity']}: {p['message']}" for p in report["problems"][:20]]
        if len(report["problems"]) > 20:
            out.append(f"  … {len(report['problems']) - 20} more (see the JSON report)")
    if report["summary"]["retrieval"]:
        out += ["", "Retrieval (items with evidence; relevant = evidence inside the chunk)"]
        out += text_table(*retrieval_rows(report))
    if report["summary"].get("answers"):
        out += ["", "Answers (engine answerer)"]
        out += text_table(*answer_rows(report))
        if (withheld := withheld_rows(report))[1]:
            out += ["", WITHHELD_TITLE, *text_table(*withheld)]
    if report.get("records"):
        out += ["", *records_lines(report["records"])]
    if len(report.get("by_split", {})) > 1 or "other" not in report.get("by_split", {"other": 0}):
        out += ["", "By split (the headline figures are the test split's)"]
        out += text_table(*breakdown_rows(report, "by_split", compact=True))
    out += ["", "By style (paraphrase: wording differs from the document)"]
    out += text_table(*breakdown_rows(report, "by_style", compact=True))
    if report.get("conversations"):
        out += ["", *conversation_lines(report["conversations"])]
    kinds: dict[str, int] = {}
    for f in report["failures"]:
        k = f["kind"] + (f" ({f['retriever']})" if f["kind"] == "retrieval" else "")
        kinds[k] = kinds.get(k, 0) + 1
    if kinds:
        out += ["", "Failures: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))]
    if fitted := gate_fit_table(report.get("gate_fit")):
        out += ["", fitted[0], *text_table(fitted[1], fitted[2])]
    out += ["", *gate_lines(report.get("gate"))]
    return "\n".join(out)


# -- Markdown --------------------------------------------------------------------------------------
def _failure_sections(report: dict[str, Any]) -> list[str]:
    fails = report["failures"]
    out = ["## Failing items", ""]
    if not fails:
        return [*out, "None.", ""]
    miss_at = report["meta"].get("miss_at", 5)
    for r in _retrievers(report):
        rows = [
            [
                f["id"],
                f["style"],
                _short(f["question"], 60),
                _short(f["expected"], 60),
                fmt(f["rank"]),
                (
                    f"{f['top']['doc']} L{f['top']['line_start']}-{f['top']['line_end']}: {_short(f['top']['text'], 50)}"
                    if f.get("top")
                    else (f.get("error") or "no hits")
                ),
            ]
            for f in fails
            if f["kind"] == "retrieval" and f["retriever"] == r
        ]
        out += [f"### Retrieval misses at {miss_at}: {r} ({len(rows)})", ""]
        out += (
            md_table(["id", "style", "question", "expected evidence", "rank@10", "top hit"], rows)
            if rows
            else ["None."]
        )
        out.append("")
    if report["summary"].get("answers") is not None:
        for kind, title in (
            ("wrong_answer", "Wrong answers"),
            ("false_abstention", "False abstentions"),
            ("missed_abstention", "Answered although unanswerable"),
        ):
            rows = [
                [
                    f["id"],
                    f["style"],
                    _short(f["question"], 60),
                    _short(f["expected"], 40),
                    _short(f.get("error") or f["answer"], 120),
                ]
                for f in fails
                if f["kind"] == kind
            ]
            out += [f"### {title} ({len(rows)})", ""]
            out += md_table(["id", "style", "question", "expected", "returned"], rows) if rows else ["None."]
            out.append("")
        rows = [
            [
                f["id"],
                f"[{f['citation']['n']}] {f['citation']['doc']} L{f['citation']['line_start']}-{f['citation']['line_end']}",
                _short(f["citation"]["quote"], 100),
            ]
            for f in fails
            if f["kind"] == "invalid_citation"
        ]
        out += [f"### Invalid citations ({len(rows)})", ""]
        out += md_table(["id", "citation", "quote"], rows) if rows else ["None."]
        out.append("")
    return out


def markdown(report: dict[str, Any], chart: str | None = None) -> str:
    out = ["# Evaluation report", "", _header(report), ""]
    for name, why in report["meta"].get("skipped_retrievers", {}).items():
        out.append(f"- retriever `{name}` skipped: {why}")
    out += ["## Summary", ""]
    if report["summary"]["retrieval"]:
        out += ["Retrieval, on items with evidence (a chunk is relevant when it contains the evidence):", ""]
        out += [*md_table(*retrieval_rows(report)), ""]
    if report["summary"].get("answers"):
        out += ["Answers (the engine's answerer, hybrid retrieval):", ""]
        out += [*md_table(*answer_rows(report)), ""]
        if (withheld := withheld_rows(report))[1]:
            out += [f"{WITHHELD_TITLE}:", "", *md_table(*withheld), ""]
    if report.get("records"):
        out += ["## Records", "", "```", *records_lines(report["records"]), "```", ""]
        out += records_wrong_md(report["records"])
    out += ["## Gate", "", "```", *gate_lines(report.get("gate")), "```", ""]
    if fitted := gate_fit_table(report.get("gate_fit")):
        out += ["## Confidence gate fit", "", fitted[0] + ":", "", *md_table(fitted[1], fitted[2]), ""]
    for key, title in BREAKDOWN_TITLES.items():
        out += [f"## {title}", ""]
        if key == "by_style":
            out += ["`paraphrase` items word the question differently from the document (where BM25 is weakest).", ""]
        out += [*md_table(*breakdown_rows(report, key)), ""]
        if key == "by_type" and chart:
            out += [f"![per-type recall@5 and answer accuracy]({chart})", ""]
    if report["problems"]:
        out += ["## Set problems", ""]
        out += md_table(
            ["file", "line", "severity", "message"],
            [[p["path"], str(p["line"]), p["severity"], p["message"]] for p in report["problems"]],
        )
        out.append("")
    out += _failure_sections(report)
    return "\n".join(out).rstrip() + "\n"


def type_chart(report: dict[str, Any], path: Path) -> bool:
    """Grouped bars per type: recall@5 per retriever and answer accuracy. False when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    groups = list(report["by_type"])
    series: list[tuple[str, list[float]]] = []
    for r in _retrievers(report):
        series.append((f"recall@5 {r}", [report["by_type"][g]["retrieval"][r]["recall@5"] or 0.0 for g in groups]))
    if report["summary"].get("answers"):
        series.append(
            ("answer accuracy", [(report["by_type"][g]["answers"] or {}).get("accuracy") or 0.0 for g in groups])
        )
    if not groups or not series:
        return False
    fig, ax = plt.subplots(figsize=(max(7, 1.3 * len(groups)), 4.5))
    width = 0.8 / len(series)
    for i, (label, values) in enumerate(series):
        xs = [x + (i - (len(series) - 1) / 2) * width for x in range(len(groups))]
        ax.bar(xs, values, width, label=label)
    labels = [f"{g}\n(n={report['by_type'][g]['n']})" for g in groups]
    ax.set_xticks(range(len(groups)), labels)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("fraction")
    ax.set_title("By question type")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=len(series), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write_json(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_markdown(report: dict[str, Any], path: Path, chart: bool = True) -> Path | None:
    """Write the Markdown report and, beside it, ``<name>.types.png``; returns the chart's path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    png = path.with_name(path.stem + ".types.png")
    made = chart and type_chart(report, png)
    path.write_text(markdown(report, png.name if made else None), encoding="utf-8")
    return png if made else None
