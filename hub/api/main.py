"""The API router: every resource's router, in the order of the OpenAPI document; :mod:`hub.main` includes it
under :data:`PREFIX`."""
from __future__ import annotations

from fastapi import APIRouter

from hub.api.routes import enrolment, health, instantane, sync

PREFIX = "/v1"  # every path of the API starts with it (the version of the paths, not the protocol's)
api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(enrolment.router)
api_router.include_router(sync.router)
api_router.include_router(instantane.router)
