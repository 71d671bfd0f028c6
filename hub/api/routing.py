"""Request bodies read before the route runs: size-limited, gzip-inflated, refused in French (413, 400)."""
from __future__ import annotations

from collections.abc import Callable

from fastapi import Request, Response
from fastapi.routing import APIRoute

from desktop_app.sync import wire
from hub.errors import HubError

_TOO_LARGE = "Requête trop volumineuse : envoyez des lots plus petits."


class GzipRequest(Request):
    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            declared = self.headers.get("content-length", "")
            if declared.isascii() and declared.isdigit() and (len(declared) > 12 or int(declared) > wire.MAX_BODY_BYTES):
                raise HubError(413, "trop_volumineux", _TOO_LARGE)
            chunks, size = [], 0
            async for chunk in self.stream():
                size += len(chunk)
                if size > wire.MAX_BODY_BYTES:
                    raise HubError(413, "trop_volumineux", _TOO_LARGE)
                chunks.append(chunk)
            body = b"".join(chunks)
            if "gzip" in self.headers.get("content-encoding", ""):
                try:
                    body = wire.inflate(body)
                except wire.InflatedTooLarge:
                    raise HubError(413, "trop_volumineux_decompresse", "Requête trop volumineuse une fois "
                                   "décompressée : envoyez des lots plus petits.") from None
                except Exception:
                    raise HubError(400, "gzip_invalide", "Corps compressé illisible.") from None
            self._body = body
        return self._body


class GzipRoute(APIRoute):
    """The route class of every hub router: its body is read (and refused) before the handler runs."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            request = GzipRequest(request.scope, request.receive)
            await request.body()  # here, so that its refusals (413, 400) reach the exception handlers
            return await handler(request)

        return route
