"""``POST /v1/enroll`` (spend a one-time code) and ``POST /v1/token`` (an access token from a credential),
both under the rate limiter (:mod:`hub.limites`)."""
from __future__ import annotations

from fastapi import APIRouter

from desktop_app.sync import wire
from hub import auth, limites
from hub.api.deps import ClientAddress, EngineDep, LimiterDep, Versions
from hub.api.routing import GzipRoute

router = APIRouter(route_class=GzipRoute)


@router.post("/enroll", response_model=wire.EnrollResponse, dependencies=[Versions])
def enroll(body: wire.EnrollRequest, engine: EngineDep, limiter: LimiterDep,
           address: ClientAddress) -> wire.EnrollResponse:
    with limiter.attempt(limites.ENROLL, address, limites.code_structure(engine, body.code)):
        return wire.EnrollResponse(**auth.enroll(engine, body.code, body.device_id, body.device_name,
                                                 body.enrol_key))


@router.post("/token", response_model=wire.TokenResponse, dependencies=[Versions])
def token(body: wire.TokenRequest, engine: EngineDep, limiter: LimiterDep,
          address: ClientAddress) -> wire.TokenResponse:
    with limiter.attempt(limites.TOKEN, address, limites.device_structure(engine, body.device_id)):
        value, ttl = auth.issue_token(engine, body.device_id, body.credential)
    return wire.TokenResponse(access_token=value, expires_in=ttl)
