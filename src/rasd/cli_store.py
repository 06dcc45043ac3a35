"""The store commands: `rasd ingest`, `rasd stats` and `rasd export` (registered on the main group by rasd.cli)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

DEFAULT_DB = "rasd.duckdb"
EMPTY_REASON = "empty text"  # rasd.ingest.records.EMPTY, not imported here to keep `rasd --help` fast
DB_HELP = "DuckDB file, or a postgresql:// URL (env RASD_DB)."


def _db_option(fn):  # type: ignore[no-untyped-def]
    return click.option("--db", default=lambda: os.environ.get("RASD_DB", DEFAULT_DB), show_default=DEFAULT_DB,
                        help=DB_HELP)(fn)


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@_db_option
@click.option("--workers", type=int, default=None, help="Worker processes (default: CPU count).")
@click.option("--batch-size", type=click.IntRange(1, 100000), default=64, show_default=True,
              help="Articles per batch: one transaction per batch.")
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Publication date for articles whose source gives none.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--fail-on-empty", is_flag=True,
              help="Count records with no text as failures (exit 1), as `rasd extract` does.")
@click.option("--processor", default=None, hidden=True, help="module:factory building the article processor.")
def ingest_cmd(sources: tuple[str, ...], db: str, workers: int | None, batch_size: int,
               published: dt.datetime | None, as_json: bool, fail_on_empty: bool, processor: str | None) -> None:
    """Read SOURCES (files, directories, archives, '-' for stdin) into the store; re-runs skip what is stored.

    \b
    The summary puts what was not stored as read into three groups:
      failed    unreadable input (invalid JSON, corrupt archive, binary data,
                a record with no text field at all) or a pipeline error;
      empty     records whose text field is blank or null: nothing to
                extract, skipped;
      warnings  articles stored with a faulty field left empty (an
                unparseable date).
    Exit status: 0 when nothing failed (empty records and warnings do not
    count); 1 when any record failed, or with --fail-on-empty was empty.
    A killed run loses only its uncommitted batches: run it again to resume.
    """
    from rasd.ingest.runner import DEFAULT_PROCESSOR, IngestSummary, ingest
    from rasd.ingest.sources import ReadProgress, total_bytes
    from rasd.store import open_store

    err = Console(stderr=True)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    progress_state = ReadProgress(total=total_bytes(sources))
    store = open_store(db)
    bar = Progress(
        TextColumn("[bold]ingest"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[articles]} articles, {task.fields[rate]}/s, {task.fields[events]} events"),
        TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
        console=err, transient=False, disable=not err.is_terminal,
    )
    task = bar.add_task("ingest", total=max(progress_state.total, 1), articles=0, rate="0", events=0)

    def on_batch(s: IngestSummary) -> None:
        done = s.stored + s.skipped
        bar.update(task, completed=min(progress_state.done, progress_state.total), articles=done,
                   rate=f"{done / s.seconds:.1f}" if s.seconds else "0", events=s.events)

    try:
        with bar:
            summary = ingest(sources, store, workers=workers, batch_size=batch_size,
                             processor=processor or DEFAULT_PROCESSOR,
                             published=published.date() if published else None,
                             progress=progress_state, on_batch=on_batch)
            bar.update(task, completed=progress_state.total)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_summary(Console(), summary)
    sys.exit(1 if summary.n_failed or (fail_on_empty and summary.empty) else 0)


def _print_summary(con: Console, s) -> None:  # type: ignore[no-untyped-def]
    rate = (s.stored + s.skipped) / s.seconds if s.seconds else 0.0
    con.print(f"read {s.read}, stored {s.stored}, skipped (already stored) {s.skipped}, "
              f"duplicates {s.duplicates}, events {s.events}, empty (no text, skipped) {s.empty}, "
              f"failed {s.n_failed} in {s.seconds:.1f} s ({rate:.1f} articles/s)")
    if s.empty:
        ex = "; ".join(s.examples.get(EMPTY_REASON, [])[:2])
        con.print(f"empty: {s.empty} record(s) with no text were skipped (not failures), e.g. {ex}")
    for title, counter in (("failed", s.failed), ("warnings (article kept)", s.warnings)):
        if not counter:
            continue
        t = Table(title=title, show_lines=False)
        t.add_column("reason")
        t.add_column("count", justify="right")
        t.add_column("e.g.")
        for reason, n in counter.most_common():
            t.add_row(reason, str(n), "\n".join(s.examples.get(reason, [])[:2]))
        con.print(t)


@click.command("stats")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats_cmd(db: str, as_json: bool) -> None:
    """Counts of the store: articles, events, by type, outlet and month."""
    from rasd.store import open_store

    store = open_store(db)
    try:
        st = store.stats()
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(st, ensure_ascii=False, indent=2, default=str))
        return
    con = Console()
    con.print(f"{st['articles']} articles ({st['duplicates']} near-duplicates), {st['events']} events, "
              f"schema v{st['schema_version']}")
    for key in ("by_type", "by_outlet", "by_month"):
        t = Table(title=key.replace("_", " "))
        t.add_column(key[3:])
        t.add_column("count", justify="right")
        for k, v in st[key].items():
            t.add_row(str(k), str(v))
        con.print(t)


@click.command("export")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "geojson", "acled"]), default="jsonl",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Output file (stdout for text formats).")
def export_cmd(db: str, fmt: str, out: str | None) -> None:
    """Export every stored event: JSON Lines, CSV, Parquet, GeoJSON or an ACLED-style CSV.

    \b
    Every format has one row (line, feature) per EVENT, not per article:
      jsonl    one JSON object per event: the event plus article_id, idx,
               title, published, outlet, url, duplicate_of (`rasd extract`
               writes one line per article instead);
      csv      flat columns, event_id = article_id#idx; parquet the same;
      geojson  a FeatureCollection of the events that have coordinates;
      acled    ACLED-style columns, PLOVER types mapped to ACLED's.
    """
    from rasd.exports import export
    from rasd.store import open_store

    if fmt == "parquet" and not out:
        raise click.UsageError("--format parquet needs --out FILE")
    store = open_store(db)
    try:
        if out:
            n = export(store, fmt, out)
        else:
            n = export(store, fmt, sys.stdout)
    finally:
        store.close()
    Console(stderr=True).print(f"exported {n} events as {fmt}" + (f" to {out}" if out else ""))


@click.group()
def main() -> None:
    """rasd store commands (also registered on the main `rasd` command)."""


main.add_command(ingest_cmd)
main.add_command(stats_cmd)
main.add_command(export_cmd)

# the names rasd.cli registers
ingest = ingest_cmd
stats = stats_cmd
export = export_cmd

if __name__ == "__main__":
    main()
