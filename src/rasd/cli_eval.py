"""`rasd eval`: run the pipeline over evaluation inputs (or read predictions) and score them against gold."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rasd.cli_errors import pipeline_for, threshold_option
from rasd.errors import RasdError
from rasd.evaluate import EvalInputError, iter_jsonl, load_jsonl, render, score
from rasd.evaluate_errors import error_report, render_errors
from rasd.model import Article

if TYPE_CHECKING:
    from rasd.pipeline import Pipeline

__all__ = ["article_from_record", "eval_command", "evaluate_inputs", "predict", "read_inputs", "write_predictions"]


def _optional_str(record: dict[str, Any], field: str, where: str) -> str | None:
    value = record.get(field)
    if value is None or isinstance(value, str):
        return value or None
    raise EvalInputError(where, f"field {field!r} must be a string or null, found {type(value).__name__}")


def article_from_record(record: dict[str, Any], where: str) -> Article:
    """An Article from one input line ({id, published, outlet, title, text}); `where` ("file:line") names it."""
    doc_id = record.get("id") or record.get("doc_id")
    if doc_id is None:
        raise EvalInputError(where, "no id field")
    text = record.get("text")
    if not isinstance(text, str):
        raise EvalInputError(where, "field 'text' must be a string")
    published_raw = _optional_str(record, "published", where)
    published: dt.date | None = None
    if published_raw:
        try:
            published = dt.date.fromisoformat(published_raw[:10])
        except ValueError as exc:
            raise EvalInputError(where, f"field 'published' is not an ISO date: {published_raw!r}") from exc
    return Article(
        id=str(doc_id),
        text=text,
        title=_optional_str(record, "title", where),
        published=published,
        outlet=_optional_str(record, "outlet", where),
        source=where,
    )


def read_inputs(path: str | Path) -> Iterator[Article]:
    """Articles from a JSON Lines inputs file, in file order; blank lines are skipped."""
    for where, record in iter_jsonl(path):
        yield article_from_record(record, where)


def predict(
    articles: Iterable[Article], pipeline: Pipeline | None = None, batch_size: int = 64
) -> list[dict[str, Any]]:
    """Run the pipeline (the default one unless given) and return one prediction object per article."""
    from rasd.output import report_to_dict

    if pipeline is None:
        from rasd.pipeline import default_pipeline

        pipeline = default_pipeline()
    predictions = []
    for report in pipeline.pipe(articles, batch_size=batch_size):
        prediction = dict(report_to_dict(report))
        prediction.setdefault("doc_id", report.article.id)
        predictions.append(prediction)
    return predictions


def write_predictions(path: str | Path, predictions: Iterable[dict[str, Any]]) -> None:
    """Write predictions as JSON Lines (UTF-8, Arabic kept readable)."""
    with open(path, "w", encoding="utf-8") as out:
        for prediction in predictions:
            out.write(json.dumps(prediction, ensure_ascii=False) + "\n")


def evaluate_inputs(
    gold: str | Path,
    inputs: str | Path,
    *,
    pipeline: Pipeline | None = None,
    predictions_out: str | Path | None = None,
    batch_size: int = 64,
) -> dict[str, Any]:
    """Run the pipeline over `inputs`, optionally save the predictions, and score them against `gold`."""
    gold_docs = load_jsonl(gold)
    predictions = predict(read_inputs(inputs), pipeline, batch_size)
    if predictions_out is not None:
        write_predictions(predictions_out, predictions)
    return score(gold_docs, {str(p["doc_id"]): p for p in predictions})


_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("eval")
@click.option("--gold", required=True, type=_FILE, help="Gold annotations (JSON Lines, the referee's format).")
@click.option("--inputs", type=_FILE, help="Articles to run the pipeline on (JSON Lines: id, published, title, text).")
@click.option("--predictions", type=_FILE, help="Score this predictions file instead of running the pipeline.")
@click.option("--predictions-out", type=click.Path(dir_okay=False, path_type=Path), help="Save the predictions here.")
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True, help="Articles per batch.")
@threshold_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (as score.py --json).")
@click.option("--errors", "with_errors", is_flag=True,
              help="Also list, per document, missed, spurious and fragmented events with their evidence, and a "
                   "summary by error class (under the key 'errors' with --json).")
def eval_command(
    gold: Path,
    inputs: Path | None,
    predictions: Path | None,
    predictions_out: Path | None,
    batch_size: int,
    threshold: float | None,
    as_json: bool,
    with_errors: bool,
) -> None:
    """Score rasd against gold annotations, with the same figures as the referee (score.py)."""
    if (inputs is None) == (predictions is None):
        raise click.UsageError("give exactly one of --inputs (run the pipeline) or --predictions (score a file)")
    if predictions is not None and predictions_out is not None:
        raise click.UsageError("--predictions-out needs --inputs (there is nothing to predict)")
    if predictions is not None and threshold is not None:
        raise click.UsageError("--threshold needs --inputs (a predictions file was made at its own threshold)")
    try:
        gold_docs = load_jsonl(gold)
        if inputs is not None:
            predicted = predict(read_inputs(inputs), pipeline_for(threshold), batch_size=batch_size)
            if predictions_out is not None:
                write_predictions(predictions_out, predicted)
            pred_docs = {str(p["doc_id"]): p for p in predicted}
        else:
            assert predictions is not None
            pred_docs = load_jsonl(predictions)
        result = score(gold_docs, pred_docs)
    except RasdError as exc:  # bad input files (EvalInputError) or a failing pipeline stage
        raise click.ClickException(str(exc)) from exc
    errors = error_report(gold_docs, pred_docs) if with_errors else None
    if as_json:
        click.echo(json.dumps({**result, "errors": errors} if errors else result, indent=1, ensure_ascii=False))
        return
    click.echo(render(result))
    if errors:
        click.echo("")
        click.echo(render_errors(errors))
