"""Indicator commands: the funder report PDF (``passerelle report``) and ``passerelle export indicateurs``."""
from __future__ import annotations

import argparse

from desktop_app.commands.commun import add_exports, export_format


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="rapport d'activité PDF pour les financeurs (chiffres agrégés)",
                       description="Rapport d'activité PDF pour les financeurs : tous les indicateurs de la "
                                   "période, chiffres agrégés seulement, pour toute la structure ou le périmètre "
                                   "choisi (lieu, référent, QPV) comme dans l'écran Statistiques.")
    _periode_args(p, required=True)
    p.add_argument("-o", "--output", required=True, metavar="FICHIER.pdf", help="fichier PDF à écrire")
    p.set_defaults(handler=_report)
    add_exports(sub, ("indicateurs",), _export, options=lambda p: _periode_args(p, required=False))


def _periode_args(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--from", dest="debut", required=required, metavar="AAAA-MM-JJ", help="premier jour de la période")
    p.add_argument("--to", dest="fin", required=required, metavar="AAAA-MM-JJ", help="dernier jour de la période")
    p.add_argument("--lieu", metavar="LIEU", help="seulement ce lieu (agence, antenne, permanence) : son nom ou "
                   "une partie de son nom, sans tenir compte des accents ni des majuscules")
    p.add_argument("--referent", metavar="CONSEILLER", help="seulement les jeunes dont ce conseiller est le "
                   "référent : son prénom et son nom, ou une partie")
    p.add_argument("--qpv", action="store_true", help="seulement les jeunes résidant en QPV")


def _calcul(args: argparse.Namespace):
    """Open the profile and compute every indicator of the period; returns (profile, result, structure)."""
    from desktop_app.domain.errors import UserError
    from desktop_app.services.indicateurs.calcul import Periode, calculer, nom_structure, parse_date, perimetre_depuis
    from desktop_app.services.profil.profile import open_profile, resolve_profile_dir
    from desktop_app.services.profil.reglages import OBJECTIFS_INDICATEURS, Settings

    if not args.debut or not args.fin:
        raise UserError("Indiquez la période : --from AAAA-MM-JJ --to AAAA-MM-JJ.")
    periode = Periode.personnalisee(parse_date(args.debut, "de début"), parse_date(args.fin, "de fin"))
    profile = open_profile(resolve_profile_dir(args.profile))
    try:
        perimetre = perimetre_depuis(profile, lieu=args.lieu, referent=args.referent, qpv=args.qpv)
        objectifs = Settings(profile.settings_path).get(OBJECTIFS_INDICATEURS)
        return calculer(profile, periode, perimetre, objectifs=objectifs), nom_structure(profile)
    finally:
        profile.close()


def _report(args: argparse.Namespace) -> int:
    from desktop_app.commands.impression import write_pdf
    from desktop_app.services.indicateurs.export import rapport_pdf

    resultat, structure = _calcul(args)
    write_pdf(args.output, rapport_pdf(resultat, structure=structure))
    print(f"Rapport {resultat.periode.texte} écrit dans {args.output}.")
    return 0


def _export(args: argparse.Namespace) -> int:
    from desktop_app.services.indicateurs.export import exporter

    resultat, structure = _calcul(args)
    n = exporter(resultat, export_format(args), args.output, structure=structure)
    print(f"{n} tableaux d'indicateurs exportés dans {args.output}.")
    return 0
