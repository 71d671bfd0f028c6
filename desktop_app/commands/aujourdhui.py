"""``passerelle a-faire``: what is due today (the home screen's À faire), for the current user or a conseiller."""
from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("a-faire", help="ce qui est à faire aujourd'hui (rubrique « Aujourd'hui »)",
                       description="Liste « À faire » du jour (horloge corrigée par le serveur) : jeunes sans "
                                   "contact, CEJ et PACEA qui se terminent, propositions échues, parrainages en "
                                   "retard, versements auto-école attendus, doublons, rendez-vous à saisir. "
                                   "Les lignes reportées par l'utilisateur sont masquées jusqu'à leur date.")
    p.add_argument("--conseiller", metavar="NOM",
                   help="conseiller dont on veut la liste (nom complet ou partie unique ; « tous » : toute la "
                        "structure ; par défaut : l'utilisateur du profil)")
    p.add_argument("--json", action="store_true", help="sortie JSON (codes, identifiants et dates AAAA-MM-JJ)")
    p.set_defaults(handler=_a_faire)


def _a_faire(args: argparse.Namespace) -> int:
    from desktop_app.services.aujourdhui import a_faire
    from desktop_app.services.aujourdhui.conseillers import trouver
    from desktop_app.services.profil.profile import open_profile, resolve_profile_dir

    profile = open_profile(resolve_profile_dir(args.profile))
    try:
        if args.conseiller:
            conseiller_id, nom = trouver(profile, args.conseiller)
        else:
            conseiller_id, nom = profile.user_id, ""
        contexte = a_faire.contexte(profile, conseiller_id=conseiller_id)
        lignes = a_faire.elements(profile, contexte)
    finally:
        profile.close()
    if args.json:
        print(json.dumps({
            "jour": contexte.jour.isoformat(), "conseiller_id": conseiller_id,
            "elements": [{"cle": e.cle, "sorte": e.sorte, "libelle_sorte": e.libelle_sorte, "texte": e.texte,
                          "echeance": e.echeance.isoformat() if e.echeance else None, "jeune_id": e.jeune_id,
                          "conseiller_id": e.conseiller_id, "ouvrir": list(e.ouvrir) if e.ouvrir else None}
                         for e in lignes]}, ensure_ascii=False, indent=2))
        return 0
    qui = f" — {nom}" if nom else ""
    print(f"À faire le {contexte.jour:%d/%m/%Y}{qui} : {len(lignes)} ligne{'s' if len(lignes) > 1 else ''}")
    for _sorte, libelle, groupe in a_faire.par_sorte(lignes):
        print(f"\n{libelle} ({len(groupe)})")
        for e in groupe:
            quand = f"{e.echeance:%d/%m/%Y}  " if e.echeance else ""
            print(f"  {quand}{e.texte}")
    return 0
