"""Sync commands: enrol this device on a hub, run one sync round, list conflicts."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("enroll", help="inscrire ce poste auprès d'un serveur de synchronisation")
    p.add_argument("--hub", required=True, metavar="URL", help="adresse du serveur (https://…)")
    p.add_argument("--code", required=True, metavar="CODE", help="code d'inscription à usage unique")
    p.add_argument("--ca-bundle", metavar="FICHIER", help="certificats d'autorité à utiliser (PEM)")
    p.set_defaults(handler=_enrol)

    p = sub.add_parser("sync", help="synchroniser maintenant (envoyer puis recevoir)")
    p.set_defaults(handler=_sync)

    p = sub.add_parser("conflicts", help="lister les conflits à examiner")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=_conflicts)


def _open(args):
    from desktop_app.services.profil.profile import open_profile, resolve_profile_dir

    return open_profile(resolve_profile_dir(args.profile))


def _enrol(args: argparse.Namespace) -> int:
    from desktop_app.services.sync import echanges as sync

    profile = _open(args)
    try:
        answer = sync.enrol(profile, args.hub, args.code, ca_bundle=args.ca_bundle)
    finally:
        profile.close()
    from desktop_app.domain.enums import Role

    role = Role.label_of(answer.role) or answer.role
    print(f"Poste inscrit auprès de {args.hub} : structure « {answer.structure_nom} », "
          f"utilisateur {answer.user} ({role}).")
    if getattr(answer, "user_id", None):
        print(f"Ce poste est désormais celui de {answer.user} : son compte et son mot de passe arriveront "
              "à la première synchronisation.")
    print("La prochaine synchronisation enverra toutes les données de ce profil.")
    return 0


def _sync(args: argparse.Namespace) -> int:
    from desktop_app.services.sync import echanges as sync

    profile = _open(args)
    try:
        # a first restore by snapshot says where it stands (records, time left), on one line rewritten
        summary = sync.sync_once(profile, progress=lambda a: print(a.french(), end="\r", flush=True))
    finally:
        profile.close()
    print(f"Synchronisation terminée. {summary.french()}")
    if summary.clock_notice:
        print(summary.clock_notice)
    return 0


def _conflicts(args: argparse.Namespace) -> int:
    from desktop_app.services.sync import echanges as sync

    profile = _open(args)
    try:
        conflicts = sync.list_conflicts(profile)
    finally:
        profile.close()
    if args.json:
        print(sync.dumps_conflicts(conflicts))
        return 0
    if not conflicts:
        print("Aucun conflit à examiner.")
        return 0
    for c in conflicts:
        print(f"{c.id}\t{c.table}.{c.field}\t{c.row_id}\tretenue : {c.kept_value!r}\técartée : {c.lost_value!r}")
    return 0
