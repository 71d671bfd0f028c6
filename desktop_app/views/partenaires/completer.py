"""A completer offering the partners of the directory on a free-text field (a proposition's partner, a
situation's employer): the names are read off the UI thread; what is typed stays free text, and the service links
it to the directory when it names one partner."""
from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit
from shiboken6 import isValid


def completer_annuaire(context, field: QLineEdit) -> QCompleter:
    completer = QCompleter(field)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    model = QStringListModel(completer)
    completer.setModel(model)
    field.setCompleter(completer)
    field.setPlaceholderText("Tapez un nom : l'annuaire des partenaires est proposé")

    def loaded(names) -> None:
        if isValid(model):
            model.setStringList([nom for _, nom in names])

    def ignore(_exc: BaseException) -> None:  # a role without the directory: plain free text
        return None

    from desktop_app.services.partenaires.annuaire import noms

    profile = context.profile
    context.tasks.run_db(lambda: noms(profile), loaded, ignore)
    return completer
