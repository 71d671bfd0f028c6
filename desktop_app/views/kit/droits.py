"""Rights helpers for the screens: the French reason a role may not do an action, controls disabled with that
reason as tooltip, and the page shown instead of a section the role may not read. The services check again."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.views.kit.formulaire import title_label


def refus(profile, *actions: str) -> str:
    """The French sentence refusing the first of ``actions`` the current user's role may not do ("" if all)."""
    from desktop_app.db.journal import allow_ui_thread_db
    from desktop_app.security.permissions import pourquoi_pas

    # Allowed on the UI thread for now: one primary-key read of the user's role while a screen builds its
    # controls with their rights. Moving it off needs the shell to hand screens the actor it already reads.
    with allow_ui_thread_db("rôle de l'utilisateur (une ligne) à la construction d'un écran"):
        for action in actions:
            reason = pourquoi_pas(profile, action)
            if reason:
                return reason
    return ""


def selon_droit(profile, widgets, *actions: str) -> bool:
    """Disable ``widgets`` (one or a list) with the reason as tooltip when the role may not do ``actions``;
    returns whether it may. The services refuse anyway: this only spares the user a useless click."""
    reason = refus(profile, *actions)
    for w in widgets if isinstance(widgets, (list, tuple)) else [widgets]:
        if reason:
            w.setEnabled(False)
            w.setToolTip(reason)
    return not reason


def ecran_refuse(profile, action: str, titre: str, name: str) -> QWidget | None:
    """A section page saying why the role sees nothing here (None when the role may read it)."""
    reason = refus(profile, action)
    if not reason:
        return None
    page = QWidget()
    page.setObjectName(name)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(12, 12, 12, 12)
    title = title_label(titre)
    title.setObjectName("sectionTitle")
    message = QLabel(reason)
    message.setObjectName("accesRefuse")
    message.setWordWrap(True)
    layout.addWidget(title)
    layout.addWidget(message)
    layout.addStretch(1)
    return page


def selon_choix(buttons, chosen: bool, modifiable: bool, quoi: str) -> None:
    """Enable ``buttons`` acting on the selected ``quoi`` (« un suivi ») only once one is chosen, saying so on
    hover; a role that may not modify keeps them disabled with its own reason (see :func:`selon_droit`)."""
    for button in buttons:
        button.setEnabled(chosen and modifiable)
        if modifiable:
            button.setToolTip("" if chosen else f"Choisissez d'abord {quoi} dans la liste.")
