"""The routes' dependencies (``Annotated``): the engine and the limiter of the app, the versions check, the
authenticated device, the client's address."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy import Engine

from desktop_app.sync import wire
from hub import auth, limites
from hub.errors import HubError


def check_versions(protocol: int | None, schema: int | None) -> None:
    """Refuse a request without versions, from a too old device, or of an unknown protocol."""
    if protocol is None or schema is None:
        raise HubError(400, "version_absente", "Versions du protocole et du schéma absentes de la requête.")
    if protocol < wire.MIN_PROTOCOL_VERSION or schema < wire.MIN_SCHEMA_VERSION:
        raise HubError(426, "mise_a_jour", "Cette version de Passerelle est trop ancienne pour ce serveur : "
                       "mettez-la à jour. Vos données locales sont conservées.")
    if protocol > wire.PROTOCOL_VERSION:
        raise HubError(400, "protocole_inconnu", "Version de protocole inconnue de ce serveur : "
                       "le serveur doit être mis à jour.")


async def get_engine(request: Request) -> Engine:
    return request.app.state.engine


async def get_limiter(request: Request) -> limites.Limiter:
    return request.app.state.limiter


async def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


async def versions_headers(x_passerelle_protocol: Annotated[int | None, Header(ge=0, le=wire.MAX_INT)] = None,
                           x_passerelle_schema: Annotated[int | None, Header(ge=0, le=wire.MAX_INT)] = None) -> None:
    check_versions(x_passerelle_protocol, x_passerelle_schema)


# The dependencies that only read the request are ``async``: FastAPI runs them in the event loop instead of
# sending each to the thread pool (a thread hand-off per dependency per request). ``current_device`` reads the
# database: it stays a plain function, run in the pool.
EngineDep = Annotated[Engine, Depends(get_engine)]
LimiterDep = Annotated[limites.Limiter, Depends(get_limiter)]
ClientAddress = Annotated[str | None, Depends(client_address)]
Versions = Depends(versions_headers)  # for ``dependencies=[Versions]``


def current_device(engine: EngineDep, authorization: Annotated[str | None, Header()] = None,
                   _v: Annotated[None, Versions] = None) -> auth.DeviceInfo:
    token = authorization[7:] if authorization and authorization.lower().startswith("bearer ") else None
    return auth.authenticate(engine, token)


CurrentDevice = Annotated[auth.DeviceInfo, Depends(current_device)]
