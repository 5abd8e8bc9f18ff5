"""``assistant eval``: retrieval and answer metrics on the question sets, with a regression gate."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from assistant.cli.common import corpus_option, index_option, settings_from
from assistant.cli.group import cli
from assistant.settings import PROJECT_ROOT


def _default(rel: str) -> Path:
    """``rel`` under the working directory when it exists there, else under the project."""
    here = Path.cwd() / rel
    return here if here.exists() else PROJECT_ROOT / rel


def _set_paths(given: tuple[str, ...]) -> list[Path]:
    from assistant.evals.sets import default_set_paths

    if not given:
        return default_set_paths(_default("evals"))
    paths: list[Path] = []
    for g in given:
        p = Path(g)
        paths.extend(default_set_paths(p) if p.is_dir() else [p])
    return paths


@cli.command("eval")
@click.option(
    "--set",
    "sets",
    multiple=True,
    type=click.Path(exists=True),
    help="A JSONL question or conversation set, or a folder of them; repeatable "
    "(default: evals/*.jsonl, evals/tune/*.jsonl and evals/test/*.jsonl).",
)
@click.option(
    "--retriever",
    type=click.Choice(["bm25", "dense", "hybrid", "all"]),
    default="all",
    show_default=True,
    help="Retrieval metrics for this retriever, or all three side by side.",
)
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Write the JSON report here.")
@click.option(
    "--md",
    "md_out",
    type=click.Path(dir_okay=False),
    help="Write the Markdown report here (and a per-type chart <name>.types.png beside it).",
)
@click.option("--no-answers", is_flag=True, help="Retrieval metrics only (skip the answerer).")
@click.option("--no-gate", is_flag=True, help="Do not check thresholds; always exit 0 after a run.")
@click.option("--thresholds", type=click.Path(dir_okay=False), help="Gate thresholds (default: evals/thresholds.toml).")
@corpus_option
@index_option
def eval_cmd(sets, retriever, json_out, md_out, no_answers, no_gate, thresholds, corpus, index) -> None:
    """Score retrieval (recall@k, MRR, nDCG) and answers (accuracy, abstention, citations) on question sets,
    and the KPI and programme records against evals/records/ when it exists.

    Exits 1 when a metric falls below its floor in the thresholds file (or above its ceiling),
    2 when nothing could be evaluated.
    """
    from assistant.evals import gate, report
    from assistant.evals.conversations import evaluate_conversations, load_conversations
    from assistant.evals.runner import evaluate
    from assistant.evals.sets import load_sets
    from assistant.service import RETRIEVERS, Assistant

    paths = _set_paths(sets)
    if not paths:
        raise click.UsageError("no question sets found (give --set PATH)")
    items, problems = load_sets(paths)
    conversations, conv_problems = load_conversations(paths)
    problems += conv_problems
    if not items:
        for p in problems:
            click.echo(str(p), err=True)
        click.echo("error: no valid items in " + ", ".join(str(p) for p in paths), err=True)
        sys.exit(2)

    checks = None
    thresholds_path = Path(thresholds) if thresholds else _default("evals/thresholds.toml")
    if not no_gate:
        if not thresholds_path.is_file():
            raise click.UsageError(f"thresholds file {thresholds_path} not found (give --thresholds or --no-gate)")
        try:
            checks = gate.load_thresholds(thresholds_path)
        except gate.ThresholdError as exc:
            raise click.UsageError(str(exc)) from exc

    settings = settings_from(corpus, index)
    engine = Assistant.load(settings)
    from assistant.evals.fit_adapter import use_out_of_fold_adapter
    from assistant.evals.gate_fit import read_gate_fit

    # Tune questions are searched by the query adapter's fold that did not learn them (not in-sample).
    cross_fitted = use_out_of_fold_adapter(engine)
    names = list(RETRIEVERS) if retriever == "all" else [retriever]

    show = sys.stderr.isatty()
    with click.progressbar(length=len(items), label="evaluating", file=sys.stderr) if show else _NoBar() as bar:
        done = [0]

        def progress(i: int) -> None:
            bar.update(i - done[0])
            done[0] = i

        result = evaluate(
            engine,
            items,
            names,
            answers=not no_answers,
            corpus_dir=settings.corpus_dir,
            problems=problems,
            progress=progress,
        )

    if conversations and not no_answers:
        result["conversations"] = evaluate_conversations(engine, conversations)
    records_dir = _default("evals/records")
    # Scored when there is a records gold and the engine serves records (the RecordCatalog interface).
    if (
        records_dir.is_dir()
        and callable(getattr(engine, "kpis", None))
        and callable(getattr(engine, "programmes", None))
    ):
        from assistant.evals.records_eval import evaluate_records
        from assistant.evals.records_gold import load_gold

        # The records the engine serves (the index build's), scored against the records gold.
        result["records"] = evaluate_records(load_gold(records_dir), engine.kpis(), engine.programmes())
    result["meta"]["query_adapter"] = "out of fold for tune questions" if cross_fitted else None
    result["gate"] = gate.check(result, checks, str(thresholds_path)) if checks is not None else None
    # The tune figures are in sample for the gate: its fit's held-out figures stand beside them (a gate answering).
    answering = getattr(getattr(engine, "answerer", None), "confidence", None) is not None
    build = getattr(getattr(engine, "stored", None), "path", None)
    result["gate_fit"] = read_gate_fit(build) if answering else None
    if json_out:
        report.write_json(result, Path(json_out))
    if md_out:
        report.write_markdown(result, Path(md_out))
    click.echo(report.terminal(result))
    if json_out or md_out:
        click.echo("\nwrote " + ", ".join(str(p) for p in (json_out, md_out) if p))
    if result["gate"] is not None and not result["gate"]["passed"]:
        sys.exit(1)


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n: int) -> None:
        pass
