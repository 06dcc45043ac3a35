"""Reading articles from real sources, near-duplicate linking and resumable ingest into a store."""

from rasd.ingest.records import ReadError, content_hash, parse_date
from rasd.ingest.sources import ReadProgress, read_sources

__all__ = ["ReadError", "ReadProgress", "content_hash", "parse_date", "read_sources"]
