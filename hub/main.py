"""The hub's HTTP app (FastAPI): enrolment, access tokens, push and pull (:mod:`hub.api`). OpenAPI at
``/openapi.json``.

Every refusal is a 4xx with a JSON body ``{code, detail, wipe}`` (French ``detail``); request bodies may
be gzip-compressed and are size-limited before they are parsed (:mod:`hub.api.routing`); every answer carries
the hub's time.
"""
from __future__ import annotations

import time

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from desktop_app.sync import wire
from hub import limites
from hub.api.main import PREFIX, api_router
from hub.api.routing import GzipRoute
from hub.db import make_engine
from hub.errors import HubError

_HTTP_FRENCH = {404: "Adresse inconnue sur ce serveur.", 405: "Méthode non permise pour cette adresse."}


def hub_time_ms() -> int:
    return time.time_ns() // 1_000_000


class _HubTime:
    """Pure ASGI middleware: every answer, refusals included, carries the hub's time (ms) in
    ``X-Passerelle-Heure``, from which devices learn how far their clock is off."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_time(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((wire.HUB_TIME_HEADER.lower().encode(), str(hub_time_ms()).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_time)


async def _hub_error(_request: Request, exc: HubError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status, headers=getattr(exc, "headers", None))


async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = _HTTP_FRENCH.get(exc.status_code, "Requête refusée.")
    if exc.status_code == 400:
        detail = "Corps de requête illisible (JSON invalide)."
    return JSONResponse({"code": f"http_{exc.status_code}", "detail": detail, "wipe": False},
                        status_code=exc.status_code)


async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
    where = "; ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()[:5])
    return JSONResponse({"code": "requete_invalide", "detail": f"Requête invalide ({where}).", "wipe": False},
                        status_code=422)


def create_app(engine: Engine | str | None = None, *, limits: limites.Limits | None = None) -> FastAPI:
    """The hub app on ``engine`` (an engine, a database URL, or None: :func:`hub.db.default_url`); ``limits``:
    the rate limits on codes and credentials (default: from the environment, :mod:`hub.limites`;
    ``app.state.limiter`` holds them and their clock)."""
    if not isinstance(engine, Engine):
        engine = make_engine(engine)
    app = FastAPI(title="Passerelle — serveur de synchronisation", version=str(wire.PROTOCOL_VERSION))
    app.router.route_class = GzipRoute
    app.add_middleware(GZipMiddleware, minimum_size=512, compresslevel=5)
    app.add_middleware(_HubTime)
    app.state.engine, app.state.limiter = engine, limites.Limiter(engine, limits)
    app.add_exception_handler(HubError, _hub_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.include_router(api_router, prefix=PREFIX)
    return app
