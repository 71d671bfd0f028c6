"""``GET /v1/health``: the protocol and schema versions this hub speaks (no versions check, no token)."""
from __future__ import annotations

from fastapi import APIRouter

from desktop_app.sync import wire
from hub.api.routing import GzipRoute

router = APIRouter(route_class=GzipRoute)


@router.get("/health")
def health() -> dict:
    return {"protocol": wire.PROTOCOL_VERSION, "schema": wire.SCHEMA_VERSION}
