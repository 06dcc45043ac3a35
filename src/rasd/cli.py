"""The `rasd` command line: a thin layer over the Python API (extract here; ingest, stats, export, eval beside)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from typing import Any

import click

from rasd import __version__


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rasd")
def main() -> None:
    """rasd: Arabic conflict news to structured, geocoded, dated, source-attributed event data."""


def _fmt_count(c: dict[str, Any] | None) -> str:
    if not c:
        return ""
    if c["max"] == c["min"]:
        return str(c["min"])
    return f"{c['min']}+" if c["max"] is None else f"{c['min']}-{c['max']}"


def _names(items: list[dict[str, Any]]) -> str:
    return "، ".join(f"{x.get('name')} ({x.get('text')})" if x.get("name") != x.get("text") else str(x.get("text"))
                     for x in items)


def _table(records: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 180)
    for rec in records:
        table = Table(title=f"{rec['doc_id']}  {rec.get('title') or ''}", show_lines=True, expand=True)
        for col in ("event", "actors → recipients", "place", "date", "casualties", "claim", "evidence"):
            table.add_column(col, overflow="fold")
        for ev in rec["events"]:
            place, date = ev["place"], ev["date"]
            counts = "\n".join(f"{k}: {_fmt_count(ev[k])}" for k in ("killed", "injured", "captured") if ev[k])
            claim = ev["modality"] + ("\n" + _names(ev["sources"]) if ev["sources"] else "")
            table.add_row(
                ev["type"] + ("\n" + ", ".join(ev["modes"]) if ev["modes"] else ""),
                _names(ev["actors"]) + "\n→ " + _names(ev["recipients"]),
                f"{place['name']} ({place['text']})" if place else "",
                (date["start"] if date["start"] == date["end"] else f"{date['start']}..{date['end']}") if date else "",
                counts, claim, ev["evidence"]["text"],
            )
        console.print(table)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", callback=_parse_date, help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl", show_default=True,
              help="jsonl: one record per article (the evaluation contract); json: one array; table: for reading.")
def extract(paths: tuple[str, ...], published: dt.date | None, fmt: str) -> None:
    """Extract events from PATHS (text, JSON Lines, JSON, HTML, feeds, WARC, folders, archives; '-' for stdin).

    Writes one record per article. A record that cannot be read is reported on stderr with its position and the
    rest is processed; the exit status is 1 when any record failed (records with empty text are only skipped)."""
    from rasd.ingest import ReadError, read_sources
    from rasd.output import report_to_dict
    from rasd.pipeline import default_pipeline

    failures = 0
    skipped = 0

    def articles() -> Iterator[Any]:
        nonlocal failures, skipped
        for item in read_sources(list(paths), published=published):
            if isinstance(item, ReadError):
                # a warning about a kept article, or a record with blank text, is reported and does not fail
                if item.kept or item.empty:
                    skipped += item.empty
                    click.echo(f"rasd: warning: {item.source}:{item.position}: {item.reason}", err=True)
                else:
                    failures += 1
                    click.echo(f"rasd: {item.source}:{item.position}: {item.reason}", err=True)
                continue
            yield item

    pipeline = default_pipeline()
    records: list[dict[str, Any]] = []
    for report in pipeline.pipe(articles()):
        rec = report_to_dict(report)
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            records.append(rec)
    if fmt == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "table":
        _table(records)
    if skipped:
        click.echo(f"rasd: {skipped} record(s) with empty text skipped", err=True)
    if failures:
        click.echo(f"rasd: {failures} input record(s) failed; the rest were processed", err=True)
        sys.exit(1)


def _register() -> None:
    """Attach the commands that live in their own modules."""
    from rasd.cli_eval import eval_command
    from rasd.cli_store import export, ingest, stats

    for command in (ingest, stats, export):
        main.add_command(command)
    main.add_command(eval_command, name="eval")


_register()
