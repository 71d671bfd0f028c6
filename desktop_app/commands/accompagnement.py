"""Accompaniment commands: import and export of jeunes and their timeline, search."""
from __future__ import annotations

import argparse
import sys

from desktop_app.commands.commun import add_exports, profile_of, run_export

EXPORTS = ("jeunes", "actualites", "freins", "propositions")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import", help="importer des jeunes depuis un fichier CSV (mise à jour par identifiant_externe)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=("Colonnes reconnues (en-têtes sans tenir compte des majuscules ni des accents) :\n"
                "  identifiant_externe (obligatoire), nom, nom_usage, prenom, date_naissance (JJ/MM/AAAA ou\n"
                "  AAAA-MM-JJ), sexe (F/H/X), telephone, email, adresse, code_postal, commune, code_insee,\n"
                "  quartier_qpv (code QPV ou nom du quartier).\n"
                "Une colonne absente ou une case vide laisse la valeur enregistrée inchangée ; une valeur\n"
                "facultative invalide est écartée avec un avertissement (ligne et colonne), la personne importée.\n"
                "Une nouvelle ligne qui ressemble à un dossier existant ou à une ligne précédente du fichier\n"
                "(même nom et même date de naissance, même téléphone…) est signalée avec son numéro et le\n"
                "dossier visé, et n'est pas créée sauf avec --doublons creer (l'import depuis l'application\n"
                "permet de choisir ligne par ligne : fusionner, créer quand même, ignorer).\n"
                "Code de sortie : 0 tout importé (avertissements compris), 1 des lignes rejetées (signalées\n"
                "avec leur numéro), 2 fichier inutilisable (rien n'est importé)."))
    p.add_argument("quoi", choices=["jeunes"], help="ce qui est importé")
    p.add_argument("fichier", metavar="FICHIER.csv",
                   help="CSV UTF-8, Windows-1252 ou UTF-16 (« Texte Unicode » d'Excel), séparateur ; , ou "
                        "tabulation ; colonne identifiant_externe obligatoire")
    p.add_argument("--doublons", choices=["ignorer", "creer"], default="ignorer",
                   help="doublons possibles : ignorer = signalés et non créés (défaut), creer = signalés et créés")
    p.set_defaults(handler=_import)

    add_exports(sub, EXPORTS, _export)

    p = sub.add_parser("chercher", help="chercher des jeunes (nom, prénom, téléphone, commune)")
    p.add_argument("texte", nargs="+", help="ce que vous taperiez dans la recherche")
    p.add_argument("--max", type=int, default=20, metavar="N", help="nombre de lignes affichées (défaut : 20)")
    p.set_defaults(handler=_chercher)


def _import(args: argparse.Namespace) -> int:
    from desktop_app.services.jeunes.import_csv.lecture import import_jeunes

    with profile_of(args) as profile:
        result = import_jeunes(profile, args.fichier, doublons=args.doublons)
    for rejet in result.rejets:
        print(f"passerelle : {rejet}", file=sys.stderr)
    if result.nb_rejets > len(result.rejets):
        print(f"passerelle : … et {result.nb_rejets - len(result.rejets)} autre(s) ligne(s) rejetée(s).",
              file=sys.stderr)
    _print_warnings(result)
    for doublon in result.doublons:
        print(f"Doublon possible, {doublon}")
    print(f"Import ({result.encodage}, séparateur « {result.separateur} ») : {result.resume()}")
    return result.exit_code


def _print_warnings(result) -> None:
    """Values left out (or kept but to check) on imported lines: printed, the exit code stays 0."""
    for avertissement in result.avertissements:
        print(f"Avertissement : {avertissement}")
    if result.nb_avertissements > len(result.avertissements):
        print(f"Avertissement : … et {result.nb_avertissements - len(result.avertissements)} autre(s).")


def _export(args: argparse.Namespace) -> int:
    from desktop_app.services.jeunes.export import export

    return run_export(args, export)


def _chercher(args: argparse.Namespace) -> int:
    from desktop_app.services.jeunes.recherche import rows_for, search_ids

    with profile_of(args) as profile:
        ids = search_ids(profile, " ".join(args.texte))
        rows = rows_for(profile, ids[: max(args.max, 0)])
    for r in rows:
        naissance = r.date_naissance.strftime("%d/%m/%Y") if r.date_naissance else "—"
        print(f"{r.nom_affiche} {r.prenoms}\t{naissance}\t{r.commune}\t{r.telephone}\t{r.id}")
    print(f"{len(ids)} jeune(s) trouvé(s).")
    return 0
