"""The API router: every resource's router, in the order of the OpenAPI document."""
from __future__ import annotations

from fastapi import APIRouter

from hub.api.routes import enrolment, health, sync

api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(enrolment.router)
api_router.include_router(sync.router)
