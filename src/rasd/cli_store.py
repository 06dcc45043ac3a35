"""The store commands: `rasd ingest`, `rasd stats` and `rasd export` (registered on the main group by rasd.cli)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import IO, Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from rasd.cli_errors import SafeGroup, iso_date, limit_options, limits_of

DEFAULT_DB = "rasd.duckdb"
EMPTY_REASON = "empty text"  # rasd.ingest.records.EMPTY, not imported here to keep `rasd --help` fast
DB_HELP = "DuckDB file, or a postgresql:// URL (env RASD_DB)."


def db_option(fn):  # type: ignore[no-untyped-def]
    """The --db option of every store command (default $RASD_DB or rasd.duckdb)."""
    return click.option("--db", default=lambda: os.environ.get("RASD_DB", DEFAULT_DB), show_default=DEFAULT_DB,
                        help=DB_HELP)(fn)


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--workers", type=int, default=None, help="Worker processes (default: CPU count).")
@click.option("--batch-size", type=click.IntRange(1, 100000), default=64, show_default=True,
              help="Articles per batch: one transaction per batch.")
@click.option("--published", callback=iso_date, default=None,
              help="Publication date (YYYY-MM-DD) for articles whose source gives none.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--fail-on-empty", is_flag=True,
              help="Count records with no text as failures (exit 1), as `rasd extract` does.")
@click.option("--failures", "failures_path", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write every failed, empty or warned record (source, position, reason) to this JSON Lines "
                   "file; they are always in the database table ingest_failures.")
@limit_options
@click.option("--no-fuse", is_flag=True, help="Do not fuse the new reports into incidents (`rasd fuse` does it later).")
@click.option("--processor", default=None, hidden=True, help="module:factory building the article processor.")
def ingest_cmd(sources: tuple[str, ...], db: str, workers: int | None, batch_size: int,
               published: dt.date | None, as_json: bool, fail_on_empty: bool, failures_path: str | None,
               max_text_chars: int, max_member_bytes: int, max_archive_bytes: int, max_html_bytes: int,
               no_fuse: bool, processor: str | None) -> None:
    """Read SOURCES (files, directories, archives, '-' for stdin) into the store; re-runs skip what is stored.

    \b
    The summary puts what was not stored as read into three groups:
      failed    unreadable input (invalid JSON, corrupt archive, binary data,
                a record with no text field at all) or a pipeline error;
      empty     records whose text field is blank or null: nothing to
                extract, skipped;
      warnings  articles stored with a field repaired or a caution (an
                unparseable date, invalid Unicode, an over-long id, no
                publication date, text that is not Arabic).
    Exit status: 0 when nothing failed (empty records and warnings do not
    count); 1 when any record failed, or with --fail-on-empty was empty.
    A killed run loses only its uncommitted batches: run it again to resume.
    Every failed, empty or warned record is kept with its source, position
    and reason in the table ingest_failures (and in --failures FILE).
    """
    from rasd.ingest.runner import DEFAULT_PROCESSOR, IngestSummary, ingest
    from rasd.ingest.sources import ReadProgress, total_bytes
    from rasd.store import open_store

    err = Console(stderr=True)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    limits = limits_of(max_text_chars, max_member_bytes, max_archive_bytes, max_html_bytes)
    progress_state = ReadProgress(total=total_bytes(sources))
    store = open_store(db, hold=False)  # let go of a DuckDB file between batches: stats and export can read it
    failures_fh: IO[str] | None = None
    if failures_path:
        try:
            failures_fh = open(failures_path, "w", encoding="utf-8")
        except OSError as e:
            store.close()
            raise click.BadParameter(f"{failures_path}: {e.strerror}", param_hint="--failures") from None
    bar = Progress(
        TextColumn("[bold]ingest"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
        TextColumn("{task.fields[articles]} articles stored, {task.fields[rate]}/s, {task.fields[events]} events"),
        TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
        console=err, transient=False, disable=not err.is_terminal,
    )
    task = bar.add_task("ingest", total=max(progress_state.total, 1), articles=0, rate="0", events=0)

    def on_batch(s: IngestSummary) -> None:  # the bar follows what is stored, not what is read ahead
        done = s.stored + s.skipped
        bar.update(task, completed=min(s.bytes_done, progress_state.total), articles=s.stored,
                   rate=f"{done / s.seconds:.1f}" if s.seconds else "0", events=s.events)

    def on_failure(f: Any) -> None:
        if failures_fh is not None:
            failures_fh.write(json.dumps({"run_id": f.run_id, "kind": f.kind, "source": f.source,
                                          "position": f.position, "reason": f.reason, "article_id": f.article_id},
                                         ensure_ascii=False) + "\n")

    try:
        with bar:
            summary = ingest(sources, store, workers=workers, batch_size=batch_size,
                             processor=processor or DEFAULT_PROCESSOR, published=published,
                             progress=progress_state, on_batch=on_batch, limits=limits, on_failure=on_failure,
                             fuse=not no_fuse)
            bar.update(task, completed=progress_state.total)
    finally:
        store.close()
        if failures_fh is not None:
            failures_fh.close()
    if as_json:
        click.echo(json.dumps({**summary.as_dict(), "run_id": summary.run_id}, ensure_ascii=False, indent=2))
    else:
        _print_summary(Console(), summary, failures_path)
    sys.exit(1 if summary.n_failed or (fail_on_empty and summary.empty) else 0)


def _print_summary(con: Console, s: Any, failures_path: str | None) -> None:
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
    if s.n_failed or s.empty or s.warnings:
        where = f"{failures_path} and " if failures_path else ""
        con.print(f"every one, with its source and position: {where}the table ingest_failures, "
                  f"run_id '{s.run_id}'")


@click.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats_cmd(db: str, as_json: bool) -> None:
    """Counts of the store: articles, events, events by type, articles by outlet, events by month.

    A near-duplicate article's events are counted once, under its first copy (events_in_duplicates says how many
    were left out). Opens the database read-only: it works while an ingest runs."""
    from rasd.store import open_store

    store = open_store(db, create=False, read_only=True)
    try:
        st = store.stats()
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(st, ensure_ascii=False, indent=2, default=str))
        return
    con = Console()
    con.print(f"{st['articles']} articles ({st['duplicates']} near-duplicates of earlier ones), {st['events']} "
              f"events (not counting {st['events_in_duplicates']} repeated in near-duplicates), "
              f"schema v{st['schema_version']}")
    for key, unit, title in (("by_type", "events", "events by type"), ("by_outlet", "articles", "articles by outlet"),
                             ("by_month", "events", "events by month (event date, else publication date)")):
        t = Table(title=title)
        t.add_column(key[3:])
        t.add_column(unit, justify="right")
        for k, v in st[key].items():
            t.add_row(str(k), str(v))
        con.print(t)


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "geojson", "acled"]), default="jsonl",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Output file (stdout for text formats).")
@click.option("--include-duplicates", is_flag=True,
              help="Also export the events of near-duplicate articles (left out by default: they repeat the first "
                   "copy's events; each carries duplicate_of).")
@click.option("--unit", type=click.Choice(["report", "incident"]), default="report", show_default=True,
              help="report: one row per event of an article; incident: one row per incident (jsonl, csv, acled), "
                   "each casualty counted once (see `rasd fuse`).")
@click.option("--in-passing", is_flag=True, help="With --unit incident: also the incidents every article tells only "
              "in passing (what the eventivity model set aside), left out by default.")
@click.option("--min-eventivity", type=click.FloatRange(0.0, 1.0), default=None,
              help="Only events the eventivity filter gave at least this probability (0-1): a higher cut than the "
                   "one they were stored with keeps fewer events, more of them right (README, 'Choosing the "
                   "operating point'). Events it did not judge are left out.")
def export_cmd(db: str, fmt: str, out: str | None, include_duplicates: bool, unit: str, in_passing: bool,
               min_eventivity: float | None) -> None:
    """Export every stored event: JSON Lines, CSV, Parquet, GeoJSON or an ACLED-style CSV.

    \b
    Every format has one row (line, feature) per EVENT, not per article:
      jsonl    one JSON object per event: the event plus article_id, idx,
               title, published, outlet, url, duplicate_of (`rasd extract`
               writes one line per article instead);
      csv      flat columns, event_id = article_id#idx; parquet the same;
      geojson  a FeatureCollection of the events that have coordinates;
      acled    ACLED-style columns, PLOVER types mapped to ACLED's.
    A near-duplicate article's events are left out unless
    --include-duplicates. CSV and ACLED cells are spreadsheet-safe (a text
    starting with = + - @ gets a leading apostrophe). Opens the database
    read-only: it works while an ingest runs.
    """
    from rasd.exports import export
    from rasd.store import open_store

    if unit == "incident":
        from rasd.cli_incidents import export_incidents

        if min_eventivity is not None:
            raise click.UsageError("--min-eventivity selects events: it needs --unit report")
        export_incidents(db, fmt, out, in_passing)
        return
    if fmt == "parquet" and not out:
        raise click.UsageError("--format parquet needs --out FILE")
    store = open_store(db, create=False, read_only=True)  # before --out is created: a wrong --db leaves no file
    try:
        if out:
            try:
                n = export(store, fmt, out, include_duplicates=include_duplicates, min_eventivity=min_eventivity)
            except OSError as e:
                raise click.BadParameter(f"{out}: {e.strerror}", param_hint="--out") from None
        else:
            n = export(store, fmt, sys.stdout, include_duplicates=include_duplicates, min_eventivity=min_eventivity)
    finally:
        store.close()
    Console(stderr=True).print(f"exported {n} events as {fmt}" + (f" to {out}" if out else ""))


@click.group(cls=SafeGroup)
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
