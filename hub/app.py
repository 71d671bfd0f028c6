"""The hub's HTTP API (FastAPI): enrolment, access tokens, push and pull. OpenAPI at ``/openapi.json``.

Every refusal is a 4xx with a JSON body ``{code, detail, wipe}`` (French ``detail``); request bodies may
be gzip-compressed and are size-limited before they are parsed.
"""
from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from desktop_app.sync import wire
from hub import auth, limites, store
from hub.db import make_engine
from hub.errors import HubError


class _GzipRequest(Request):
    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            declared = self.headers.get("content-length", "")
            if declared.isascii() and declared.isdigit() and (len(declared) > 12 or int(declared) > wire.MAX_BODY_BYTES):
                raise HubError(413, "trop_volumineux", "Requête trop volumineuse : envoyez des lots plus petits.")
            chunks, size = [], 0
            async for chunk in self.stream():
                size += len(chunk)
                if size > wire.MAX_BODY_BYTES:
                    raise HubError(413, "trop_volumineux", "Requête trop volumineuse : envoyez des lots plus petits.")
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


class _GzipRoute(APIRoute):
    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            request = _GzipRequest(request.scope, request.receive)
            await request.body()  # here, so that its refusals (413, 400) reach the exception handlers
            return await handler(request)

        return route


def _versions(protocol: int | None, schema: int | None) -> None:
    if protocol is None or schema is None:
        raise HubError(400, "version_absente", "Versions du protocole et du schéma absentes de la requête.")
    if protocol < wire.MIN_PROTOCOL_VERSION or schema < wire.MIN_SCHEMA_VERSION:
        raise HubError(426, "mise_a_jour", "Cette version de Passerelle est trop ancienne pour ce serveur : "
                       "mettez-la à jour. Vos données locales sont conservées.")
    if protocol > wire.PROTOCOL_VERSION:
        raise HubError(400, "protocole_inconnu", "Version de protocole inconnue de ce serveur : "
                       "le serveur doit être mis à jour.")


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


def hub_time_ms() -> int:
    import time

    return time.time_ns() // 1_000_000


_HTTP_FRENCH = {404: "Adresse inconnue sur ce serveur.", 405: "Méthode non permise pour cette adresse."}


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


def create_app(engine: Engine | str | None = None, *, limits: limites.Limits | None = None) -> FastAPI:
    """The hub app; ``limits``: the rate limits on codes and credentials (default: from the environment,
    :mod:`hub.limites`; ``app.state.limiter`` holds them and their clock)."""
    if not isinstance(engine, Engine):
        engine = make_engine(engine)
    limiter = limites.Limiter(engine, limits)
    app = FastAPI(title="Passerelle — serveur de synchronisation", version=str(wire.PROTOCOL_VERSION))
    app.router.route_class = _GzipRoute
    app.add_middleware(GZipMiddleware, minimum_size=512, compresslevel=5)
    app.add_middleware(_HubTime)
    app.state.engine, app.state.limiter = engine, limiter

    @app.exception_handler(HubError)
    async def _hub_error(_request: Request, exc: HubError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=getattr(exc, "headers", None))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = _HTTP_FRENCH.get(exc.status_code, "Requête refusée.")
        if exc.status_code == 400:
            detail = "Corps de requête illisible (JSON invalide)."
        return JSONResponse({"code": f"http_{exc.status_code}", "detail": detail, "wipe": False},
                            status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        where = "; ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()[:5])
        return JSONResponse({"code": "requete_invalide", "detail": f"Requête invalide ({where}).", "wipe": False},
                            status_code=422)

    def versions(x_passerelle_protocol: int | None = Header(None, ge=0, le=wire.MAX_INT),
                 x_passerelle_schema: int | None = Header(None, ge=0, le=wire.MAX_INT)):
        _versions(x_passerelle_protocol, x_passerelle_schema)

    def device(authorization: str | None = Header(None), _v: None = Depends(versions)) -> auth.DeviceInfo:
        token = authorization[7:] if authorization and authorization.lower().startswith("bearer ") else None
        return auth.authenticate(engine, token)

    @app.get("/v1/health")
    def health() -> dict:
        return {"protocol": wire.PROTOCOL_VERSION, "schema": wire.SCHEMA_VERSION}

    @app.post("/v1/enroll", response_model=wire.EnrollResponse, dependencies=[Depends(versions)])
    def enroll(body: wire.EnrollRequest, request: Request) -> wire.EnrollResponse:
        with limiter.attempt(limites.ENROLL, _address(request), limites.code_structure(engine, body.code)):
            return wire.EnrollResponse(**auth.enroll(engine, body.code, body.device_id, body.device_name,
                                                     body.enrol_key))

    @app.post("/v1/token", response_model=wire.TokenResponse, dependencies=[Depends(versions)])
    def token(body: wire.TokenRequest, request: Request) -> wire.TokenResponse:
        with limiter.attempt(limites.TOKEN, _address(request), limites.device_structure(engine, body.device_id)):
            value, ttl = auth.issue_token(engine, body.device_id, body.credential)
        return wire.TokenResponse(access_token=value, expires_in=ttl)

    @app.post("/v1/sync/push", response_model=wire.PushResponse)
    def push(body: wire.PushRequest, who: auth.DeviceInfo = Depends(device)) -> wire.PushResponse:
        _versions(body.protocol, body.schema_version)
        return store.push(engine, who, body)

    @app.get("/v1/sync/pull", response_model=wire.PullPage)
    def pull(since: int = Query(0, ge=0, le=wire.MAX_INT),
             limit: int = Query(wire.DEFAULT_PULL_LIMIT, ge=1, le=wire.MAX_PULL_LIMIT),
             base: int | None = Query(None, ge=0, le=wire.MAX_INT, description="curseur au début de la lecture en cours"),
             who: auth.DeviceInfo = Depends(device)) -> Response:
        return Response(store.pull_page_json(engine, who, since, limit, base), media_type="application/json")

    return app
