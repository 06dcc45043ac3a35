"""The server's outer ASGI layer: the access token, the request size limit, security headers (CSP) and the one
JSON error shape every failure is answered with."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
COOKIE = "rasd_token"


def error_body(status: int, code: str, message: str, **extra: Any) -> bytes:
    """The one error shape of the API: {"error": {"status", "code", "message", ...}}."""
    return json.dumps({"error": {"status": status, "code": code, "message": message, **extra}},
                      ensure_ascii=False).encode()


async def send_error(send: Send, status: int, code: str, message: str) -> None:
    body = error_body(status, code, message)
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Checks the token (when one is set), refuses bodies over max_body bytes with 413, adds security headers."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_body: int) -> None:
        self.app = app
        self.token = token
        self.max_body = max_body
        self.db: Any = None  # the store reader of the app inside, for closing it

    def _authorised(self, scope: Scope, headers: dict[bytes, bytes]) -> tuple[bool, bool]:
        """(allowed, came in the query string: then a cookie is set so the page's own requests carry it)."""
        assert self.token is not None
        auth = headers.get(b"authorization", b"").decode("latin-1")
        if auth.lower().startswith("bearer ") and hmac.compare_digest(auth[7:].strip(), self.token):
            return True, False
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
        except Exception:  # a malformed cookie header is just not a token
            cookie = SimpleCookie()
        if COOKIE in cookie and hmac.compare_digest(cookie[COOKIE].value, self.token):
            return True, False
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = query.get("token", [""])[0]
        if given and hmac.compare_digest(given, self.token):
            return True, True
        return False, False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        set_cookie = False
        if self.token is not None:
            ok, set_cookie = self._authorised(scope, headers)
            if not ok:
                await send_error(send, 401, "unauthorised", "this server needs its token: "
                                 "'Authorization: Bearer TOKEN', or open the page once with ?token=TOKEN")
                return
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                await send_error(send, 400, "bad_request", "Content-Length is not a number")
                return
            if too_big:
                await send_error(send, 413, "too_large", f"the request body is over {self.max_body} bytes")
                return
        received = 0
        refused = started = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    refused = True
                    raise BodyTooLarge
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if refused:  # whatever the app makes of a body cut off at the limit, the answer is 413
                if not started:
                    started = True
                    await send_error(send, 413, "too_large", f"the request body is over {self.max_body} bytes")
                return
            if message["type"] == "http.response.start":
                started = True
                extra = list(SECURITY_HEADERS)
                if set_cookie and self.token:
                    extra.append((b"set-cookie", f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/".encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, limited_receive, secured_send)
        except BodyTooLarge:
            if refused and not started:
                await send_error(send, 413, "too_large", f"the request body is over {self.max_body} bytes")


class BodyTooLarge(Exception):
    """Raised inside the app when a streamed body passes the limit."""
