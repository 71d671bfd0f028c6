"""The auto-école alerts read by set queries (issue 18: ~112 s on the 100k profile with a query per parcours)
are exactly those of the former per-parcours reading, kept here as the reference, on a varied profile: the demo's
parcours, payments and regroupements, plus tombstones, a tick recorded twice, unreadable échéanciers, a parcours
not started yet — at several dates, with and without the right to read the financing."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_app.db.models import (FinancementLigne, Jeune, ParcoursAutoEcole, Regroupement, RegroupementPresence,
                                   Utilisateur, Versement)
from desktop_app.db.queries import vivant, vivants
from desktop_app.domain.enums import Financeur
from desktop_app.security.permissions import actor_of, allowed, require
from desktop_app.services.auto_ecole import alertes as A
from desktop_app.services.demo import generation as demo

TODAY = dt.date(2026, 11, 15)


def _reference(profile, today: dt.date) -> list[A.Alerte]:
    """The former implementation (a query per parcours, per line), verbatim but for the helpers' names."""
    from desktop_app.domain.formats import format_montant

    actor = require(actor_of(profile), "mobilite.lire")
    financement = allowed(actor, "mobilite.financement.lire")
    result: list[A.Alerte] = []
    with profile.session() as s:
        rows = s.execute(select(ParcoursAutoEcole, Jeune).join(Jeune, Jeune.id == ParcoursAutoEcole.jeune_id)
                         .where(vivant(ParcoursAutoEcole), ParcoursAutoEcole.statut.in_(A.ACTIFS))).all()
        for p, j in rows:
            since = p.date_debut or p.date_evaluation
            if since is None or since > today:
                continue
            nom = f"{j.prenoms} {j.nom_usage or j.nom_naissance}"
            presences = {r.regroupement_id: r.present for r in s.scalars(select(RegroupementPresence).where(
                RegroupementPresence.parcours_id == p.id, vivant(RegroupementPresence)))}
            passed = s.scalars(vivants(Regroupement).where(Regroupement.date >= since, Regroupement.date < today)
                               .order_by(Regroupement.date.desc()))
            missed = [r for r in passed if not presences.get(r.id, False)]
            if missed:
                more = f" ({len(missed)} manqués depuis le début)" if len(missed) > 1 else ""
                result.append(A.Alerte(p.id, nom, "regroupement", missed[0].date,
                                       f"Regroupement du {A._fmt(missed[0].date)} manqué{more}."))
            result += A._auto_evaluation_alert(p, nom, today, since)
            if not financement:
                continue
            for line in s.scalars(select(FinancementLigne).where(FinancementLigne.parcours_id == p.id,
                                                                 vivant(FinancementLigne))):
                recu = sum(v.montant_centimes for v in s.scalars(select(Versement).where(
                    Versement.ligne_id == line.id, vivant(Versement))))
                due = [(d, c) for d, c in A.echeances(line.echeancier, since, line.montant_centimes) if d < today]
                attendu = min(sum(c for _, c in due), line.montant_centimes)
                late_at = None
                if due and recu < attendu:
                    cumul = 0
                    for d, c in due:
                        cumul += c
                        if cumul > recu:
                            late_at = d
                            break
                label = line.libelle or Financeur.label_of(line.financeur)
                if late_at is not None:
                    result.append(A.Alerte(p.id, nom, "paiement", late_at,
                                           f"Paiement en retard — {label} : {format_montant(attendu - recu)} "
                                           f"attendus depuis le {A._fmt(late_at)}."))
    result.sort(key=lambda a: (a.date, a.jeune))
    return result


def _key(a: A.Alerte) -> tuple:
    return (a.date, a.jeune, a.parcours_id, a.kind, a.message)


@pytest.fixture
def varie(profile):
    demo.fill(profile, jeunes=600, seed=7, today=TODAY)
    with profile.session() as s:
        parcours = s.scalars(vivants(ParcoursAutoEcole).where(ParcoursAutoEcole.statut.in_(A.ACTIFS))
                             .order_by(ParcoursAutoEcole.id)).all()
        assert len(parcours) >= 7  # five altered below, the rest with their suivis
        regroupements = s.scalars(vivants(Regroupement).order_by(Regroupement.date)).all()
        assert len(regroupements) >= 3
        passe = [r for r in regroupements if r.date < TODAY]
        # tombstones everywhere: a deleted regroupement, tick, line, versement and parcours count for nothing
        passe[-1].deleted = True
        suivis = {p.id for p in parcours[5:]}
        ticks = [t for t in s.scalars(vivants(RegroupementPresence).where(RegroupementPresence.present.is_(True)))
                 if t.parcours_id in suivis and s.get(Regroupement, t.regroupement_id).date < passe[-1].date]
        ticks[0].deleted = True
        # a tick recorded twice (two laptops): the later row is the one read
        s.add(RegroupementPresence(regroupement_id=ticks[1].regroupement_id, parcours_id=ticks[1].parcours_id,
                                   present=False))
        lignes = s.scalars(vivants(FinancementLigne)).all()
        lignes[0].deleted = True
        lignes[1].echeancier = "à voir avec la famille"  # unreadable: no instalment
        lignes[2].echeancier = "50 % à la signature, 50 % à six mois"
        lignes[3].echeancier = "4 x 1 250,50 € le 31"
        versement = s.scalars(vivants(Versement)).first()
        versement.deleted = True
        parcours[0].deleted = True
        parcours[1].date_debut, parcours[1].date_evaluation = TODAY + dt.timedelta(days=10), None  # not started
        parcours[2].date_debut, parcours[2].date_evaluation = None, TODAY - dt.timedelta(days=200)  # only evaluated
        parcours[3].date_debut = parcours[3].date_evaluation = None
        parcours[4].date_auto_evaluation = None
        parcours[4].date_debut = TODAY - dt.timedelta(days=175)  # auto-evaluation due within the notice
        s.commit()
    return profile


@pytest.mark.parametrize("jour", [TODAY, TODAY - dt.timedelta(days=100), TODAY - dt.timedelta(days=400)],
                         ids=["aujourd'hui", "il y a 100 jours", "il y a 400 jours"])
def test_the_set_queries_give_exactly_the_former_alerts(varie, jour):
    expected = _reference(varie, jour)
    got = A.alerts(varie, jour)
    if jour == TODAY:  # the profile does exercise every kind
        assert {a.kind for a in expected} == {"regroupement", "auto_evaluation", "paiement"}
    assert sorted(map(_key, got)) == sorted(map(_key, expected))
    assert [(a.date, a.jeune) for a in got] == [(a.date, a.jeune) for a in expected]  # the same order shown


def test_without_the_right_to_read_the_financing_no_payment_alert_either_way(varie):
    with varie.session() as s:
        s.get(Utilisateur, varie.user_id).role = "referent_parrainage"
        s.commit()
    assert allowed(actor_of(varie), "mobilite.lire") and not allowed(actor_of(varie), "mobilite.financement.lire")
    got = A.alerts(varie, TODAY)
    assert sorted(map(_key, got)) == sorted(map(_key, _reference(varie, TODAY)))
    assert got and "paiement" not in {a.kind for a in got}


def test_the_screen_lists_the_parcours_before_the_alerts_and_recomputes_them_once_after_saves(qtbot, ctx,
                                                                                             monkeypatch):
    import threading

    from desktop_app.services.auto_ecole import financement as AEF
    from desktop_app.views.auto_ecole.ecran import CALCUL, AutoEcoleScreen
    from tests.support.mobilite import jeunes, parcours_complet
    from tests.support.vues import show_widget

    profile = ctx.profile
    parcours = parcours_complet(profile, jeunes(profile, 1)[0])
    real, gate, calls = A.alerts, threading.Event(), []

    def slow(*args, **kwargs):  # a computation that takes its time on a big profile
        calls.append(1)
        gate.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(A, "alerts", slow)
    screen = AutoEcoleScreen(ctx)
    show_widget(qtbot, screen, 1280, 900)
    panel = screen.parcours
    qtbot.waitUntil(lambda: panel.list.count() == 1)  # the list does not wait for the alerts
    assert [panel.alerts.item(i).text() for i in range(panel.alerts.count())] == [CALCUL]
    dep = next(line for line in AEF.soldes(profile, parcours.id) if line.financeur == "departement")
    for day in ("02/03/2026", "03/03/2026", "04/03/2026"):  # three saves while the first computation runs
        AEF.add_versement(profile, dep.id, date=day, montant="10")
        ctx.bus.data_changed.emit(frozenset({"versement"}))
    gate.set()
    qtbot.waitUntil(lambda: not panel._alerts_running and panel.alerts.item(0).text() != CALCUL)
    assert len(calls) == 2  # the first, then one for everything that changed meanwhile
    texts = [panel.alerts.item(i).text() for i in range(panel.alerts.count())]
    assert any("Département : 470,00\u202f€ attendus" in t for t in texts), texts
