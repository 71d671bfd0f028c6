"""Devices of one structure share its id after enrolment, so lists and indicators see each other's work."""
from __future__ import annotations

import datetime as dt

from sqlmodel import select

from desktop_app.db.models import Actualite, Jeune, Structure
from desktop_app.services.sync import echanges as sync_service
from tests.support.sync import HubServer, enrolled


def test_enrolled_devices_adopt_the_hub_structure_and_count_each_others_jeunes(tmp_path):
    from desktop_app.services.indicateurs.calcul import Periode, calculer

    hub = HubServer(f"sqlite:///{tmp_path / 'hub.db'}").start()
    try:
        sid = hub.structure("Mission Locale des Deux Rives")
        a = enrolled(hub, tmp_path, "anais", sid)
        b = enrolled(hub, tmp_path, "bilal", sid)
        assert a.structure_id == b.structure_id == sid
        with a.session() as s:
            j = Jeune(structure_id=a.structure_id, nom_naissance="N'Diaye", prenoms="Éloïse", sexe="F",
                      date_naissance=dt.date(2004, 5, 1))
            s.add(j)
            s.flush()
            s.add(Actualite(jeune_id=j.id, date=dt.date(2026, 3, 2), type="entretien_individuel"))
            s.commit()
        for p in (a, b, a, b):
            sync_service.sync_once(p)
        with b.session() as s:
            assert s.get(Jeune, j.id).structure_id == sid
            live = s.exec(select(Structure).where(Structure.deleted == False)).all()  # noqa: E712
            assert [st.id for st in live] == [sid]
            assert s.get(Structure, sid).nom == "Mission Locale des Deux Rives"
        result = calculer(b, Periode.personnalisee(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
        first = result.tableaux[0]  # jeunes en contact, accompagnés, premiers accueils…
        assert first.lignes[0].valeurs[0] == 1, (first.titre, first.lignes[0])  # the jeune made on A counts on B
        a.close()
        b.close()
    finally:
        hub.stop()
