"""The ``passerelle-hub`` command: serve the sync API and administer structures and devices."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from hub.db import DATABASE_ENV


class _FrenchParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(2, f"passerelle-hub : erreur : {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from desktop_app import argparse_fr

    argparse_fr.install()
    parser = _FrenchParser(prog="passerelle-hub", description="Serveur de synchronisation Passerelle.")
    parser.add_argument("--database", metavar="URL",
                        help=f"base du serveur (sinon ${DATABASE_ENV}, sinon passerelle-hub.db dans le dossier courant)")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_FrenchParser, required=True)

    p = sub.add_parser("serve", help="démarrer le serveur")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--tls-cert", metavar="FICHIER")
    p.add_argument("--tls-key", metavar="FICHIER")
    p.set_defaults(handler=_serve)

    p = sub.add_parser("structure", help="gérer les structures")
    ssub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_FrenchParser, required=True)
    a = ssub.add_parser("add", help="créer une structure (affiche son identifiant)")
    a.add_argument("name", metavar="NOM")
    a.set_defaults(handler=_structure_add)

    p = sub.add_parser("enroll-code", help="créer un code d'inscription à usage unique (24 h)")
    p.add_argument("--structure", required=True, metavar="ID")
    p.add_argument("--user", required=True, metavar="NOM")
    p.add_argument("--role", default="conseiller",
                   choices=["conseiller", "referent_parrainage", "parrain", "direction", "admin"])
    p.add_argument("--parrain", metavar="ID_PARRAIN",
                   help="pour un parrain : l'identifiant de sa fiche ; son poste ne recevra que ses filleuls")
    p.set_defaults(handler=_enroll_code)

    p = sub.add_parser("devices", help="lister les appareils inscrits")
    p.add_argument("--structure", metavar="ID")
    p.set_defaults(handler=_devices)

    p = sub.add_parser("revoke", help="révoquer un appareil (il effacera son profil)")
    p.add_argument("device_id", metavar="APPAREIL")
    p.set_defaults(handler=_revoke)
    return parser


def _engine(args):
    from hub.db import make_engine

    return make_engine(args.database)


def _serve(args) -> int:
    import uvicorn

    from hub.app import create_app

    if bool(args.tls_cert) != bool(args.tls_key):
        print("passerelle-hub : --tls-cert et --tls-key vont ensemble.", file=sys.stderr)
        return 2
    uvicorn.run(create_app(_engine(args)), host=args.host, port=args.port, log_level="warning",
                ssl_certfile=args.tls_cert, ssl_keyfile=args.tls_key)
    return 0


def _structure_add(args) -> int:
    from hub.auth import add_structure

    sid = add_structure(_engine(args), args.name)
    print(f"Structure « {args.name.strip()} » créée. Identifiant :")
    print(sid)
    return 0


def _enroll_code(args) -> int:
    from hub.auth import create_code

    if args.role == "parrain" or args.parrain:
        from hub.errors import HubError
        from hub.scope import create_parrain_code

        if not args.parrain:
            raise HubError(400, "parrain_absent", "Pour un parrain, donnez l'identifiant de sa fiche (--parrain ID) : "
                           "son poste ne recevra que ses filleuls.")
        args.role = "parrain"
        code = create_parrain_code(_engine(args), args.structure, args.user, args.parrain)
    else:
        code = create_code(_engine(args), args.structure, args.user, args.role)
    print(f"Code d'inscription pour {args.user} ({args.role}), valable 24 h et une seule fois :")
    print(code)
    return 0


def _devices(args) -> int:
    from hub.auth import list_devices

    for d in list_devices(_engine(args), args.structure):
        seen = d.last_seen.strftime("%d/%m/%Y %H:%M") if d.last_seen else "jamais"
        print("\t".join((d.id, d.user_name, d.role, d.state, seen)))
    return 0


def _revoke(args) -> int:
    from hub.auth import revoke

    revoke(_engine(args), args.device_id)
    print(f"Appareil {args.device_id} révoqué : à sa prochaine connexion, il effacera son profil.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from hub.errors import HubError

    try:
        return int(args.handler(args) or 0)
    except HubError as exc:
        print(f"passerelle-hub : {exc.detail}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
