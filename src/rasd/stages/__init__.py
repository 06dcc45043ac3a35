"""Built-in pipeline stages; importing this package registers them."""

from rasd.stages import claims, events, incidents, mentions, modality_model, place_confidence, roles_model, text

__all__ = ["claims", "events", "incidents", "mentions", "modality_model", "place_confidence", "roles_model", "text"]
