"""The Spark job: rasd's pipeline over JSON Lines, Parquet, WARC and archives at cluster scale, written as Parquet.

Nothing here imports pyspark at import time; `rasd.spark.job.run` does (install the extra: `pip install rasd[spark]`).
"""

from __future__ import annotations

__all__ = ["JobOptions", "run"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from rasd.spark import job

        return getattr(job, name)
    raise AttributeError(name)
