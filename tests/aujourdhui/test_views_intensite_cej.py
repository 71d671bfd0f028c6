"""The CEJ intensity seen by a counsellor: the weekly bars in the dossier, the jeunes list filter."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop_app.db.models import Actualite, DispositifParticipation
from desktop_app.domain import intensite_cej as R

J = dt.timedelta(days=1)


def _cej_peu_actif(fab):
    semaine = R.semaine_precedente(fab.jour)
    j = fab.jeune("Cœur", "Maëlle")
    fab.ajouter(DispositifParticipation(jeune_id=j.id, type="cej", date_debut=semaine - 14 * J))
    fab.ajouter(Actualite(jeune_id=j.id, date=semaine + J, duree_minutes=150, type="entretien_individuel"))
    return j, semaine


def test_dossier_shows_weekly_bars_with_the_threshold(qtbot, ctx, fab):
    from desktop_app.views.jeunes.dossier import DossierWindow

    j, semaine = _cej_peu_actif(fab)
    autre = fab.jeune("Garçon", "Jérôme")
    window = DossierWindow(ctx, j.id)
    qtbot.addWidget(window)
    window.resize(1180, 760)
    window.show()
    qtbot.waitUntil(lambda: window.intensite_cej.isVisible())
    bars = window.intensite_cej
    assert [s.minutes for s in bars.semaines] == [0, 0, 150]
    assert bars.resume.text() == (f"{R.libelle_semaine(semaine)} : 2 h 30 — sous les 15 h · "
                                  "3 semaines sous le seuil sur 3")
    assert "seuil 15 h" in bars.titre.text()
    window.grab().save("/work/tmp/jour-dossier-cej.png")
    other = DossierWindow(ctx, autre.id)  # not in CEJ: no chart
    qtbot.addWidget(other)
    other.show()
    qtbot.waitUntil(lambda: other.is_loaded)
    qtbot.wait(200)
    assert not other.intensite_cej.isVisible()


def test_list_filter_cej_under_15_hours(qtbot, ctx, fab):
    from desktop_app.views.jeunes.liste import JeunesScreen

    j, _semaine = _cej_peu_actif(fab)
    fab.jeune("Garçon", "Jérôme")
    screen = JeunesScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
    combo = screen.filtres.dispositif  # « CEJ sous 15 h la semaine dernière » is a choice of the dispositif filter
    combo.setFocus()
    row = combo.findText("CEJ sous 15 h la semaine dernière")
    assert row > 0
    for _ in range(row):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert screen.model.id_at(0) == j.id
    assert screen.filtres.filtres().cej_sous_15h and screen.filtres.filtres().dispositif is None
    screen.filtres.clear_button.click()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
