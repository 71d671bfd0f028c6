"""Partners commands: export the directory, the offers and the mises en relation; import partners from a CSV."""
from __future__ import annotations

import argparse
import sys

from desktop_app.commands.commun import add_service_exports, profile_of

EXPORTS = ("partenaires", "offres", "mises-en-relation")
AIDE_IMPORT = (
    "\nImport de partenaires (passerelle import partenaires FICHIER.csv) : colonne nom obligatoire (ou « Raison\n"
    "sociale », « Entreprise ») ; type, adresse, code_postal, commune, telephone, email, siret, code_naf,\n"
    "effectif, convention_signee, immersions_offertes, offres_prioritaires, parrains_fournis, binome_interim\n"
    "(oui/non), date_convention. Un partenaire déjà dans l'annuaire (même SIRET, ou même nom dans la même\n"
    "commune) est mis à jour, jamais créé en double ; une valeur facultative invalide est écartée avec un\n"
    "avertissement ; codes de sortie 0, 1 et 2 comme pour les jeunes.")


def register(sub: argparse._SubParsersAction) -> None:
    add_service_exports(sub, EXPORTS, "desktop_app.services.partenaires.export:export")
    parser = sub.choices.get("import")
    if parser is None:
        parser = sub.add_parser("import", help="importer depuis un fichier CSV",
                                formatter_class=argparse.RawDescriptionHelpFormatter)
        parser.add_argument("quoi", choices=())
        parser.add_argument("fichier", metavar="FICHIER.csv")
        autre = None
    else:
        autre = parser.get_default("handler")
    quoi = next(a for a in parser._actions if a.dest == "quoi")
    quoi.choices = (*(quoi.choices or ()), "partenaires")
    parser.help = "importer des jeunes ou des partenaires depuis un fichier CSV"
    parser.epilog = (parser.epilog or "") + AIDE_IMPORT
    parser.set_defaults(handler=lambda args: _import(args) if args.quoi == "partenaires" else autre(args))


def _import(args: argparse.Namespace) -> int:
    from desktop_app.services.partenaires.import_csv import import_partenaires, resume

    with profile_of(args) as profile:
        result = import_partenaires(profile, args.fichier)
    for rejet in result.rejets:
        print(f"passerelle : {rejet}", file=sys.stderr)
    if result.nb_rejets > len(result.rejets):
        print(f"passerelle : … et {result.nb_rejets - len(result.rejets)} autre(s) ligne(s) rejetée(s).",
              file=sys.stderr)
    for avertissement in result.avertissements:
        print(f"Avertissement : {avertissement}")
    print(f"Import ({result.encodage}, séparateur « {result.separateur} ») : {resume(result)}")
    return result.exit_code
