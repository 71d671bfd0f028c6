"""Errors raised for the user (by services, security, documents alike): each carries a complete French sentence."""
from __future__ import annotations


class UserError(Exception):
    """An expected failure whose message is shown to the user as is (views and CLI alike)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfirmationRequise(UserError):
    """Not saved yet: the entry is possible but unusual (a second parcours at the same auto-école, a parrain
    above its maximum…). ``question`` is asked to the user (« Oui / Non »); the same service call with
    ``confirme=True`` then passes. The message (CLI, a screen that does not ask) says nothing was saved."""

    def __init__(self, question: str, titre: str = "Confirmer l'enregistrement") -> None:
        super().__init__(f"Non enregistré sans confirmation : {question}")
        self.question = question
        self.titre = titre


# Why a file operation failed, in French (the system's ``strerror`` is English).
_RAISONS_OS = {
    "ENOENT": "fichier ou dossier introuvable", "EISDIR": "c'est un dossier, pas un fichier",
    "ENOTDIR": "un élément du chemin est un fichier, pas un dossier", "EEXIST": "il existe déjà",
    "EACCES": "permission refusée", "EPERM": "opération non permise", "ENOSPC": "plus de place sur le disque",
    "EROFS": "le disque est en lecture seule", "ENAMETOOLONG": "nom de fichier trop long",
    "EBUSY": "fichier utilisé par un autre programme", "EADDRINUSE": "port déjà utilisé",
    "EADDRNOTAVAIL": "adresse non disponible sur cette machine", "ECONNREFUSED": "connexion refusée",
    "EDQUOT": "quota de disque dépassé", "EIO": "erreur de lecture ou d'écriture du disque",
}


def raison_os(exc: OSError) -> str:
    """« permission refusée », « c'est un dossier, pas un fichier »… for an :class:`OSError`."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _RAISONS_OS.get(name, f"erreur système {exc.errno}" if exc.errno else "erreur système")


# Why the hub could not be reached, in French (httpx's exception names are English).
RAISONS_RESEAU = {
    "ConnectError": "connexion impossible (serveur arrêté, adresse ou port erronés)",
    "ConnectTimeout": "le serveur ne répond pas (délai de connexion dépassé)",
    "ReadTimeout": "le serveur ne répond plus (délai de lecture dépassé)",
    "WriteTimeout": "délai d'envoi dépassé", "PoolTimeout": "trop de connexions en attente",
    "RemoteProtocolError": "le serveur a coupé la connexion", "ReadError": "connexion interrompue",
    "WriteError": "connexion interrompue", "ProxyError": "le proxy refuse la connexion",
    "UnsupportedProtocol": "l'adresse doit commencer par http:// ou https://",
    "InvalidURL": "adresse du serveur invalide",
}


def raison_reseau(exc: Exception) -> str:
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate" in text.lower():
        return "certificat du serveur refusé (vérifiez --ca-bundle)"
    return RAISONS_RESEAU.get(type(exc).__name__, "erreur de connexion")
