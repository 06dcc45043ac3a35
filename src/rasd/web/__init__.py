"""The HTTP API and web interface of `rasd serve`: an ASGI app over a read-only store (see rasd.web.app)."""
