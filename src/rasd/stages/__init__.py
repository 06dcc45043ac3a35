"""Built-in pipeline stages; importing this package registers them."""

from rasd.stages import claims, events, mentions, text  # noqa: F401

__all__ = ["claims", "events", "mentions", "text"]
