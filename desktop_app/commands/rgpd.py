"""RGPD commands: ``passerelle print dossier JEUNE_ID -o FILE.pdf`` (access request: PDF + JSON beside it),
``passerelle rgpd erase JEUNE_ID [--yes]`` (erasure, asks for confirmation) and ``passerelle rgpd contacts
[--effacer [--yes]]`` (partners' contact persons past retention: listed, then erased everywhere)."""
from __future__ import annotations

import argparse
import sys

from desktop_app.commands.impression import add_document


def register(sub: argparse._SubParsersAction) -> None:
    add_document(sub, "dossier", "imprimer tout ce qui est détenu sur un jeune (droit d'accès RGPD, PDF + JSON)",
                 _print_dossier, id_help="identifiant du dossier jeune")
    p = sub.add_parser("rgpd", help="droits RGPD : effacement d'un dossier")
    actions = p.add_subparsers(dest="rgpd_action", metavar="ACTION")
    actions.required = True
    erase = actions.add_parser("erase", help="effacer un dossier jeune partout où la synchronisation l'emporte")
    erase.add_argument("id", metavar="JEUNE_ID")
    erase.add_argument("--yes", action="store_true", help="ne pas demander de confirmation (scripts)")
    erase.set_defaults(handler=_erase)
    contacts = actions.add_parser("contacts", help="contacts partenaires dont la durée de conservation est dépassée "
                                                   "(liste ; --effacer pour les effacer partout)")
    contacts.add_argument("--effacer", action="store_true", help="effacer tous les contacts listés")
    contacts.add_argument("--yes", action="store_true", help="ne pas demander de confirmation (scripts)")
    contacts.set_defaults(handler=_contacts)


def _open(args: argparse.Namespace):
    from desktop_app.services.profil.profile import open_profile, resolve_profile_dir

    return open_profile(resolve_profile_dir(args.profile))


def _print_dossier(args: argparse.Namespace) -> int:
    from desktop_app.services.securite import rgpd

    profile = _open(args)
    try:
        pdf, json_path = rgpd.ecrire_acces(profile, args.id, args.output)
    finally:
        profile.close()
    print(f"Droit d'accès écrit : {pdf} et {json_path}")
    return 0


def _erase(args: argparse.Namespace) -> int:
    from desktop_app.services.securite import rgpd

    profile = _open(args)
    try:
        if not args.yes:
            if not sys.stdin.isatty():
                print("Effacement non fait : confirmez avec --yes (aucun terminal pour demander).", file=sys.stderr)
                return 1
            qui = rgpd.description_effacement(profile, args.id)  # namesakes told apart before anything is erased
            answer = input(f"Effacer définitivement le dossier de {qui} sur ce poste et, à la prochaine "
                           "synchronisation, sur le serveur et les autres postes ? Tapez « oui » pour confirmer : ")
            if answer.strip().lower() != "oui":
                print("Effacement annulé.")
                return 1
        rgpd.effacer(profile, args.id)
    finally:
        profile.close()
    print(f"Dossier {args.id} effacé : seul son identifiant reste. Synchronisez pour l'effacer partout.")
    return 0


def _contacts(args: argparse.Namespace) -> int:
    from desktop_app.domain.formats import format_date, pluriel
    from desktop_app.services.partenaires import contacts

    profile = _open(args)
    try:
        echus = contacts.contacts_a_effacer(profile)
        if not echus:
            print("Aucun contact partenaire n'a dépassé sa durée de conservation : rien à effacer.")
            return 0
        print(f"{pluriel(len(echus), 'contact')} à effacer (relation terminée depuis plus longtemps que la durée "
              "de conservation) :")
        for c in echus:
            print(f"  {c.nom} — {c.fonction or 'fonction non renseignée'} — {c.partenaire} — relation terminée le "
                  f"{format_date(c.date_fin_relation)}")
        if not args.effacer:
            print("Pour les effacer : passerelle rgpd contacts --effacer")
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                print("Effacement non fait : confirmez avec --yes (aucun terminal pour demander).", file=sys.stderr)
                return 1
            answer = input(f"Effacer définitivement ces {len(echus)} contact(s) sur ce poste et, à la prochaine "
                           "synchronisation, sur le serveur et les autres postes ? Tapez « oui » pour confirmer : ")
            if answer.strip().lower() != "oui":
                print("Effacement annulé.")
                return 1
        n = contacts.effacer_contacts(profile, [c.id for c in echus])
    finally:
        profile.close()
    print(f"{pluriel(n, 'contact')} effacé{'s' if n > 1 else ''} : les immersions et les échanges restent, sans la "
          "personne. Synchronisez pour les effacer partout.")
    return 0
