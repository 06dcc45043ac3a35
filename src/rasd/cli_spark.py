"""`rasd spark`: the pipeline as a Spark job (local mode by default; any cluster through --master or spark-submit)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from typing import Any

import click

LOCAL = "local[*]"
DEFAULT_CONF = {
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.sources.partitionOverwriteMode": "dynamic",
}


def _conf_pair(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for v in values:
        key, sep, val = v.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{v!r} is not KEY=VALUE (e.g. spark.executor.memory=4g)")
        out[key.strip()] = val
    return out


def session(master: str | None, conf: dict[str, str]) -> Any:
    """The SparkSession: spark-submit's when run under it, else one of `master` (default local[*])."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("rasd")
    if master or "PYSPARK_GATEWAY_PORT" not in os.environ:  # not launched by spark-submit
        builder = builder.master(master or LOCAL)
        if (master or LOCAL).startswith("local"):  # workers run this interpreter, which has rasd installed
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for key, value in {**DEFAULT_CONF, **conf}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _fail(msg: str) -> None:
    click.echo(f"rasd spark: {msg}", err=True)
    sys.exit(2)


@click.command("spark")
@click.argument("sources", nargs=-1, required=True)
@click.option("--out", required=True, help="Output folder (local path, hdfs://, s3a://): events/, mentions/, "
              "articles/ partitioned by publication month, and errors/.")
@click.option("--master", default=None, help="Spark master URL (default: local[*], or spark-submit's).")
@click.option("--partitions", type=click.IntRange(1), default=None,
              help="Partitions for the pipeline (default: 4 per core).")
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Publication date for articles whose source gives none.")
@click.option("--batch-size", type=click.IntRange(1, 100000), default=64, show_default=True,
              help="Articles per pipeline batch inside a partition.")
@click.option("--include-duplicates", is_flag=True,
              help="Also write the events of near-duplicate articles (left out by default, as in `rasd export`).")
@click.option("--no-fuse", is_flag=True,
              help="Do not fuse the reports into incidents (no OUT/incidents/, OUT/incident_reports/).")
@click.option("--conf", "conf", multiple=True, callback=_conf_pair, metavar="KEY=VALUE",
              help="Spark setting, repeatable (e.g. --conf spark.driver.memory=4g).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--processor", default=None, hidden=True, help="module:factory building the article processor.")
def spark_command(sources: tuple[str, ...], out: str, master: str | None, partitions: int | None,
                  published: dt.datetime | None, batch_size: int, include_duplicates: bool, no_fuse: bool,
                  conf: dict[str, str], as_json: bool, processor: str | None) -> None:
    """Run the pipeline over SOURCES (JSON Lines, Parquet, WARC, zip and every format `rasd ingest` reads; local
    paths, hdfs:// or s3a:// URIs, folders, globs) as a Spark job and write Parquet under --out.

    \b
    OUT/events/     one row per event, the columns of `rasd export --format parquet`
                    (near-duplicates' events only with --include-duplicates)
    OUT/mentions/   one row per actor mention (the store's columns)
    OUT/articles/   one row per article, with duplicate_of (near-duplicates)
    OUT/errors/     each record that failed, was empty or was kept with a warning,
                    with its reason
    OUT/incidents/  one row per incident, as `rasd ingest` fuses them and `rasd export
                    --unit incident` gives them (nested values as JSON text),
                    partitioned by the month of the incident's start (start_month=YYYY-MM)
    OUT/incident_reports/  article_id, idx, incident_id of every report
    The first three are partitioned by publication month (published_month=YYYY-MM);
    a re-run replaces the months it writes. Exit status: 0 when no record failed,
    1 when some did (they are in OUT/errors/), 2 when the job could not run.
    """
    try:
        import pyspark  # noqa: F401
    except ImportError:
        _fail("needs pyspark: pip install 'rasd[spark]' (and Java 17 or later)")
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        _fail("needs Java 17 or later: no `java` on PATH and JAVA_HOME is not set")
    from pyspark.sql import SparkSession

    from rasd.ingest.runner import DEFAULT_PROCESSOR
    from rasd.spark.job import JobOptions, n_failed, run

    ours = SparkSession.getActiveSession() is None  # stop only a session this command started
    try:
        spark = session(master, conf)
    except Exception as e:
        _fail(f"could not start Spark ({type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''})")
    options = JobOptions(sources=sources, out=out, published=published.date() if published else None,
                         partitions=partitions, batch_size=batch_size, include_duplicates=include_duplicates,
                         processor=processor or DEFAULT_PROCESSOR, fuse=not no_fuse)
    try:
        summary = run(spark, options)
    except Exception as e:
        first = str(e).strip().splitlines()[0][:300] if str(e).strip() else type(e).__name__
        _fail(f"job failed: {type(e).__name__}: {first}")
    finally:
        if ours:
            spark.stop()
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        click.echo(f"read {summary['read']}, stored {summary['stored']}, skipped (same id) {summary['skipped']}, "
                   f"duplicates {summary['duplicates']}, events {summary['events']}, empty {summary['empty']}, "
                   f"failed {n_failed(summary)} in {summary['seconds']:.1f} s -> {summary['out']}")
        if "incidents" in summary:
            inc = summary["incidents"]
            click.echo(f"incidents {inc['incidents']} from {inc['reports']} reports ({inc['components']} components, "
                       f"the largest of {inc['largest_component']} reports)")
        for reason, n in sorted(summary["failed"].items(), key=lambda kv: -kv[1]):
            click.echo(f"  failed: {reason}: {n}, e.g. {'; '.join(summary['examples'].get(reason, [])[:2])}")
    sys.exit(1 if n_failed(summary) else 0)


main = spark_command
