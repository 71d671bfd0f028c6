"""``GET /v1/sync/instantane``: the device's structure as one streamed snapshot (:mod:`hub.snapshot`), for a
first restore; ``apres`` and ``curseur`` resume a cut one."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from desktop_app.sync import wire
from hub import snapshot
from hub.api.deps import CurrentDevice, EngineDep
from hub.api.routing import GzipRoute

router = APIRouter(prefix="/sync", route_class=GzipRoute)


@router.get("/instantane", response_class=StreamingResponse)
def instantane(who: CurrentDevice, engine: EngineDep,
               apres: Annotated[int, Query(ge=0, le=wire.MAX_INT,
                                           description="dernière séquence déjà reçue (reprise)")] = 0,
               curseur: Annotated[int | None, Query(ge=0, le=wire.MAX_INT,
                                                    description="curseur de l'instantané repris")] = None,
               format: Annotated[int, Query(ge=min(snapshot.FORMATS), le=max(snapshot.FORMATS),
                                            description="version du format de l'instantané")] = snapshot.FORMAT
               ) -> StreamingResponse:
    # gzip made here (the stream is resumable by record, not by byte): not compressed again on the way out
    headers = {"Content-Encoding": "identity"}
    if apres == 0 and curseur is None:  # a fresh device: the structure's snapshot kept ready, when there is one
        kept = snapshot.ready(engine, who, format)
        if kept is not None:
            return StreamingResponse(snapshot.pieces(kept), media_type="application/gzip", headers=headers)
    cursor, count = snapshot.begin(engine, who, curseur)
    return StreamingResponse(snapshot.stream(engine, who, cursor, count, apres, format, keep=curseur is None),
                             media_type="application/gzip", headers=headers)
