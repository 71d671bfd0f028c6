"""``POST /v1/sync/push`` (a batch of ops) and ``GET /v1/sync/pull`` (a page of changes), for an
authenticated device (:mod:`hub.store`)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from desktop_app.sync import wire
from hub import store
from hub.api.deps import CurrentDevice, EngineDep, check_versions
from hub.api.routing import GzipRoute

router = APIRouter(prefix="/sync", route_class=GzipRoute)


@router.post("/push", response_model=wire.PushResponse)
def push(body: wire.PushRequest, who: CurrentDevice, engine: EngineDep) -> Response:
    check_versions(body.protocol, body.schema_version)
    # Written by pydantic in one call (the same compact UTF-8 JSON FastAPI would write, without validating the
    # answer again and passing it through ``json.dumps``); ``response_model`` keeps the OpenAPI document.
    return Response(store.push(engine, who, body).model_dump_json(), media_type="application/json")


@router.get("/pull", response_model=wire.PullPage)
def pull(who: CurrentDevice, engine: EngineDep,
         since: Annotated[int, Query(ge=0, le=wire.MAX_INT)] = 0,
         limit: Annotated[int, Query(ge=1, le=wire.MAX_PULL_LIMIT)] = wire.DEFAULT_PULL_LIMIT,
         base: Annotated[int | None, Query(ge=0, le=wire.MAX_INT,
                                           description="curseur au début de la lecture en cours")] = None) -> Response:
    return Response(store.pull_page_json(engine, who, since, limit, base), media_type="application/json")
