"""Repérage commands (issue 17): ``import reperage FICHIER.csv --source SOURCE [--liste NOM]`` (in the ``import``
group beside ``jeunes``) and ``export reperage --format csv|xlsx [--liste NOM]``."""
from __future__ import annotations

import argparse
import sys

from desktop_app.commands.commun import add_exports, profile_of, run_export

EPILOG = ("\nImport d'une liste de repérage (import reperage FICHIER.csv --source SOURCE [--liste NOM]) :\n"
          "  colonnes nom, prenom, date_naissance, lieu (établissement, école), telephone, email, motif ;\n"
          "  au moins un nom ou un contact par ligne ; sources : mgi_cio, jdc, pjj, penitentiaire, prevention,\n"
          "  adultes_relais, centre_social, club, autre ; la liste NOM est créée (date du jour) si elle\n"
          "  n'existe pas ; mêmes règles et mêmes codes de sortie que l'import des jeunes.")


def register(sub: argparse._SubParsersAction) -> None:
    from desktop_app.domain.reperage import SourceReperage

    parser = sub.choices["import"]  # made by desktop_app.commands.accompagnement (import jeunes)
    quoi = next(a for a in parser._actions if a.dest == "quoi")
    quoi.choices = [*quoi.choices, "reperage"]
    parser.epilog = (parser.epilog or "") + EPILOG
    parser.add_argument("--source", choices=sorted(SourceReperage.codes()), metavar="SOURCE",
                        help="reperage : qui a signalé la liste (" + ", ".join(c.value for c in SourceReperage) + ")")
    parser.add_argument("--liste", metavar="NOM", help="reperage : nom de la liste (créée si elle n'existe pas)")
    previous = parser.get_default("handler")

    def dispatch(args: argparse.Namespace) -> int:
        if args.quoi == "reperage":
            return _import(args)
        if args.source or args.liste:
            parser.error("--source et --liste ne servent qu'à « import reperage »")
        return previous(args)

    parser.set_defaults(handler=dispatch)
    add_exports(sub, ("reperage",), _export, options=lambda p: p.add_argument(
        "--liste", metavar="NOM", help="reperage : n'exporter que la liste NOM (toutes les listes sinon)"))


def _import(args: argparse.Namespace) -> int:
    from desktop_app.commands.accompagnement import _print_warnings
    from desktop_app.services.reperage.import_csv import import_reperage

    if not args.source:
        print("passerelle : --source est obligatoire pour importer une liste de repérage "
              "(par exemple --source jdc).", file=sys.stderr)
        return 2
    with profile_of(args) as profile:
        result = import_reperage(profile, args.fichier, source=args.source, liste=args.liste)
    for rejet in result.rejets:
        print(f"passerelle : {rejet}", file=sys.stderr)
    if result.nb_rejets > len(result.rejets):
        print(f"passerelle : … et {result.nb_rejets - len(result.rejets)} autre(s) ligne(s) rejetée(s).",
              file=sys.stderr)
    _print_warnings(result)
    print(f"Import ({result.encodage}, séparateur « {result.separateur} ») : {result.resume()}")
    return result.exit_code


def _export(args: argparse.Namespace) -> int:
    from desktop_app.services.reperage.export import export, liste_nommee

    if not args.liste:
        return run_export(args, export)
    return run_export(args, lambda profile, what, fmt, path: export(
        profile, what, fmt, path, liste_id=liste_nommee(profile, args.liste)))
