"""rasd: Arabic conflict news to event data."""
__version__ = "0.1.0"
