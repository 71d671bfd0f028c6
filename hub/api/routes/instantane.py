"""``GET /v1/sync/instantane``: the device's structure as one streamed snapshot (:mod:`hub.snapshot`), for a
first restore; ``apres`` and ``curseur`` resume a cut one. ``GET /v1/sync/image``: the structure's restore image
at the device's client schema (:mod:`hub.image`), from byte ``depuis`` of the build named ``image`` (resumed)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from desktop_app.sync import wire
from hub import image, snapshot
from hub.api.deps import CurrentDevice, EngineDep
from hub.api.routing import GzipRoute
from hub.errors import HubError

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


@router.get("/image", response_class=StreamingResponse)
def image_restauration(who: CurrentDevice, engine: EngineDep,
                       schema: Annotated[str, Query(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z_]+$",
                                                    description="version du schéma du poste")],
                       depuis: Annotated[int, Query(ge=0, le=wire.MAX_INT,
                                                    description="octets déjà reçus (reprise)")] = 0,
                       build: Annotated[str | None, Query(alias="image", max_length=64,
                                                          description="image reprise (son identifiant)")] = None
                       ) -> StreamingResponse:
    kept = image.ready(engine, who, schema)
    if kept is None:
        raise HubError(404, "image_indisponible", "Pas d'image de restauration prête pour ce poste : "
                       "la restauration se fait par instantané.")
    if depuis and (build != kept.id or depuis > kept.size):
        raise HubError(409, "image_changee", "L'image de restauration a changé depuis le début du téléchargement : "
                       "il reprend du début.")
    headers = {"Content-Encoding": "identity", "X-Passerelle-Image": kept.id, "X-Passerelle-Image-Cle": kept.cle,
               "X-Passerelle-Image-Curseur": str(kept.cursor), "X-Passerelle-Image-Enregistrements": str(kept.records),
               "X-Passerelle-Image-Taille": str(kept.size), "Cache-Control": "no-store"}
    return StreamingResponse(image.pieces(engine, kept, depuis), media_type="application/octet-stream", headers=headers)

