"""French texts for argparse's own messages (« utilisation : », « options », « afficher cette aide et quitter »…).

argparse looks its texts up through ``gettext`` (module globals ``_`` and ``ngettext``, read at call time);
:func:`install` replaces those two with a lookup in :data:`FRENCH`, falling back to the English text for a
message not listed. Called by both CLIs (:mod:`desktop_app.cli`, :mod:`hub.cli`) before they build their parser.
Both also end with :func:`imprevu`: the one French line for an error nothing else turned into a sentence.
"""
from __future__ import annotations

import argparse

FRENCH: dict[str, str] = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments positionnels ",  # argparse adds the colon: « … : »
    "options": "options ",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version du programme et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (valeurs possibles : %(choices)s)",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected at most one argument": "au plus une valeur est attendue",
    "expected %s argument": "%s valeur attendue",
    "expected %s arguments": "%s valeurs attendues",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "ignored explicit argument %r": "argument explicite ignoré : %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "commande inconnue %(parser_name)r (commandes possibles : %(choices)s)",
    "unexpected option string: %s": "option inattendue : %s",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
}


def gettext_fr(message: str) -> str:
    return FRENCH.get(message, message)


def ngettext_fr(singular: str, plural: str, n: int) -> str:
    return gettext_fr(singular if n == 1 else plural)


def install() -> None:
    """Make argparse speak French in this process (idempotent)."""
    argparse._ = gettext_fr  # type: ignore[attr-defined]
    argparse.ngettext = ngettext_fr  # type: ignore[attr-defined]


def imprevu(prog: str, exc: Exception) -> int:
    """One French line for an error no service turned into a sentence: a file error says which file and why;
    anything else asks to run again with ``PASSERELLE_DEBUG=1`` (which shows the traceback)."""
    import os
    import ssl
    import sys

    from desktop_app.domain.errors import raison_os

    if os.environ.get("PASSERELLE_DEBUG"):
        raise exc
    if isinstance(exc, ssl.SSLError):
        print(f"{prog} : certificat ou clé TLS refusés ou illisibles.", file=sys.stderr)
    elif isinstance(exc, OSError):
        where = f" « {exc.filename} »" if exc.filename else ""
        print(f"{prog} : impossible d'utiliser{where} : {raison_os(exc)}.", file=sys.stderr)
    else:
        print(f"{prog} : erreur inattendue, l'opération n'a pas abouti. Relancez avec PASSERELLE_DEBUG=1 pour "
              "afficher le détail technique à transmettre à votre administrateur.", file=sys.stderr)
    return 1

