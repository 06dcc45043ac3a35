"""The `rasd` command line: a thin layer over the Python API (extract here; ingest, stats, export, eval beside)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any

import click

from rasd import __version__
from rasd.cli_errors import SafeGroup, iso_date, limit_options, limits_of, pipeline_for, threshold_option

# The commands that live in their own modules, imported when named: `rasd extract` loads none of them.
LAZY_COMMANDS = {
    "ingest": "rasd.cli_store:ingest_cmd",
    "stats": "rasd.cli_store:stats_cmd",
    "export": "rasd.cli_store:export_cmd",
    "serve": "rasd.cli_serve:serve",
    "eval": "rasd.cli_eval:eval_command",
    "spark": "rasd.cli_spark:spark_command",
    "fuse": "rasd.cli_incidents:fuse_cmd",
    "incidents": "rasd.cli_incidents:incidents_cmd",
    "incident": "rasd.cli_incidents:incident_cmd",
}


@click.group(cls=SafeGroup, lazy_commands=LAZY_COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
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


def _table(records: Iterable[dict[str, Any]]) -> None:
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
@click.option("--published", callback=iso_date, help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl", show_default=True,
              help="jsonl: one record per article (the evaluation contract); json: one array; table: for reading.")
@threshold_option
@limit_options
def extract(paths: tuple[str, ...], published: dt.date | None, fmt: str, threshold: float | None, max_text_chars: int,
            max_member_bytes: int, max_archive_bytes: int, max_html_bytes: int) -> None:
    """Extract events from PATHS (text, JSON Lines, JSON, HTML, feeds, WARC, folders, archives; '-' for stdin).

    Writes one record per article. A record that cannot be read, or that the pipeline fails on, is reported on
    stderr with its position and the rest is processed; the exit status is 1 when any record failed (records with
    empty text are only skipped; warnings about kept articles do not fail)."""
    from rasd.ingest import ReadError, read_sources
    from rasd.ingest.records import NO_DATE
    from rasd.output import report_to_dict

    failures = 0
    skipped = 0
    undated = 0
    limits = limits_of(max_text_chars, max_member_bytes, max_archive_bytes, max_html_bytes)

    def articles() -> Iterator[Any]:
        nonlocal failures, skipped, undated
        for item in read_sources(list(paths), published=published, limits=limits):
            if isinstance(item, ReadError):
                # a warning about a kept article, or a record with blank text, is reported and does not fail
                if item.reason == NO_DATE:
                    undated += 1  # said once, at the end
                elif item.kept or item.empty:
                    skipped += item.empty
                    click.echo(f"rasd: warning: {item}", err=True)
                else:
                    failures += 1
                    click.echo(f"rasd: {item}", err=True)
                continue
            yield item

    pipeline = pipeline_for(threshold)

    def records() -> Iterator[dict[str, Any]]:
        nonlocal failures
        for article in articles():
            try:
                yield report_to_dict(pipeline(article))
            except Exception as e:  # one article the pipeline fails on fails alone
                failures += 1
                msg = " ".join(str(e).split())[:300]
                click.echo(f"rasd: {article.source or article.id}: pipeline error: {msg}", err=True)

    # every format is written as it comes: memory does not grow with the input
    if fmt == "jsonl":
        for rec in records():
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elif fmt == "json":
        sys.stdout.write("[")
        for k, rec in enumerate(records()):
            sys.stdout.write(("," if k else "") + "\n" + json.dumps(rec, ensure_ascii=False, indent=1))
        sys.stdout.write("\n]\n")
    else:
        _table(records())
    if undated:
        click.echo(f"rasd: warning: {undated} article(s) with {NO_DATE}", err=True)
    if skipped:
        click.echo(f"rasd: {skipped} record(s) with empty text skipped", err=True)
    if failures:
        click.echo(f"rasd: {failures} input record(s) failed; the rest were processed", err=True)
        sys.exit(1)
