"""The ``passerelle-hub`` command: serve the sync API and administer structures and devices. It parses the
arguments, calls the hub's services (:mod:`hub.auth`, :mod:`hub.inscription`, :mod:`hub.utilisateurs`,
:mod:`hub.schema`) and prints French."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_app.domain import argparse_fr
from hub.db import DATABASE_ENV

ROLES = ["conseiller", "referent_parrainage", "parrain", "direction", "admin"]


class _FrenchParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(2, f"passerelle-hub : erreur : {message}\n")


def build_parser() -> argparse.ArgumentParser:
    argparse_fr.install()
    parser = _FrenchParser(prog="passerelle-hub", description="Serveur de synchronisation Passerelle.")
    parser.add_argument("--database", metavar="URL",
                        help=f"base du serveur (sinon ${DATABASE_ENV}, sinon passerelle-hub.db dans le dossier courant)")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_FrenchParser, required=True)
    for add in (_add_serve, _add_rappels, _add_structure, _add_enroll_code, _add_devices, _add_user, _add_schema,
                _add_instantanes):
        add(sub)
    return parser


def _add_serve(sub) -> None:
    p = sub.add_parser("serve", help="démarrer le serveur")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--tls-cert", metavar="FICHIER")
    p.add_argument("--tls-key", metavar="FICHIER")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="nombre de processus servant le même port (par défaut 1 ; plusieurs processus "
                        "demandent une base PostgreSQL : voir le README)")
    _options_envoi(p)
    p.set_defaults(handler=_serve)


def _options_envoi(p) -> None:
    g = p.add_argument_group("envoi des convocations et rappels, rien ne part sans réglage")
    g.add_argument("--smtp", metavar="URL", help="serveur de messagerie : smtp://utilisateur:motdepasse@hôte:port"
                   "?from=adresse[&starttls=0] (sinon $PASSERELLE_HUB_SMTP)")
    g.add_argument("--sms", metavar="URL", help="fournisseur de SMS : https://… (POST JSON avec jeton) ou "
                   "fichier:///dossier (un fichier par SMS) (sinon $PASSERELLE_HUB_SMS)")
    g.add_argument("--sms-jeton", metavar="JETON", help="jeton du fournisseur de SMS HTTP (sinon "
                   "$PASSERELLE_HUB_SMS_JETON)")
    g.add_argument("--rappel-heures", type=int, metavar="N", help="rappel N heures avant le rendez-vous "
                   "(par défaut 48, ou $PASSERELLE_HUB_RAPPEL_HEURES)")
    g.add_argument("--intervalle", type=float, default=60.0, metavar="SECONDES",
                   help="temps entre deux passes d'envoi (par défaut 60)")


def _add_rappels(sub) -> None:
    p = sub.add_parser("rappels", help="envoyer les confirmations et rappels de rendez-vous dus (pour cron, "
                       "ou en boucle sans --once ; « serve » le fait aussi quand un canal est réglé)")
    p.add_argument("--once", action="store_true", help="une seule passe puis sortir (pour cron)")
    _options_envoi(p)
    p.set_defaults(handler=_rappels)


def _add_structure(sub) -> None:
    p = sub.add_parser("structure", help="gérer les structures")
    ssub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_FrenchParser, required=True)
    a = ssub.add_parser("add", help="créer une structure (affiche son identifiant)")
    a.add_argument("name", metavar="NOM")
    a.set_defaults(handler=_structure_add)


def _add_enroll_code(sub) -> None:
    p = sub.add_parser("enroll-code", help="créer un code d'inscription à usage unique (24 h)")
    p.add_argument("--structure", required=True, metavar="ID")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--user", metavar="NOM", help="nom de l'utilisateur du poste (son compte arrive avec le poste)")
    who.add_argument("--user-id", metavar="ID_UTILISATEUR",
                     help="un utilisateur existant du hub (voir « user list ») : nouveau poste pour ce compte")
    p.add_argument("--role", choices=ROLES, help="rôle (par défaut conseiller ; avec --user-id : celui du compte)")
    p.add_argument("--parrain", metavar="ID_PARRAIN",
                   help="pour un parrain : l'identifiant de sa fiche ; son poste ne recevra que ses filleuls")
    p.set_defaults(handler=_enroll_code)


def _add_devices(sub) -> None:
    p = sub.add_parser("devices", help="lister les appareils inscrits")
    p.add_argument("--structure", metavar="ID")
    p.set_defaults(handler=_devices)

    p = sub.add_parser("revoke", help="révoquer un appareil (il effacera son profil)")
    p.add_argument("device_id", metavar="APPAREIL")
    p.set_defaults(handler=_revoke)


def _add_user(sub) -> None:
    p = sub.add_parser("user", help="gérer les utilisateurs (ils arrivent sur les postes par synchronisation)")
    usub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_FrenchParser, required=True)
    a = usub.add_parser("list", help="lister les utilisateurs : identifiant, nom, rôle, état, postes inscrits "
                                     "(tabulations)")
    a.add_argument("--structure", metavar="ID")
    a.set_defaults(handler=_user_list)
    a = usub.add_parser("add", help="créer un utilisateur (affiche son identifiant)")
    a.add_argument("--structure", required=True, metavar="ID")
    a.add_argument("--name", required=True, metavar="NOM", help="« Prénom Nom »")
    a.add_argument("--role", required=True, choices=ROLES)
    a.add_argument("--email", metavar="ADRESSE")
    a.set_defaults(handler=_user_add)
    a = usub.add_parser("role", help="changer le rôle d'un utilisateur")
    a.add_argument("user_id", metavar="ID_UTILISATEUR")
    a.add_argument("role", metavar="ROLE", choices=ROLES, help=f"un de : {', '.join(ROLES)}")
    a.set_defaults(handler=_user_role)
    a = usub.add_parser("disable", help="désactiver un compte (plus de connexion après la synchronisation)")
    a.add_argument("user_id", metavar="ID_UTILISATEUR")
    a.set_defaults(handler=_user_active, actif=False)
    a = usub.add_parser("enable", help="réactiver un compte")
    a.add_argument("user_id", metavar="ID_UTILISATEUR")
    a.set_defaults(handler=_user_active, actif=True)


def _add_schema(sub) -> None:
    p = sub.add_parser("schema", help="afficher le numéro de schéma de la base du serveur, ou le mettre à jour")
    p.add_argument("action", nargs="?", choices=["show", "upgrade"], default="show", metavar="ACTION",
                   help="show (par défaut) : afficher sans rien modifier ; upgrade : mettre la base à jour "
                        "(le démarrage du serveur et les autres commandes le font aussi)")
    p.set_defaults(handler=_schema)


def _add_instantanes(sub) -> None:
    p = sub.add_parser("instantanes", help="préparer l'instantané et l'image de restauration de chaque "
                       "structure (premières restaurations des postes : servis tels quels ; après un import, ou "
                       "chaque nuit)")
    p.add_argument("--structure", metavar="ID", help="une seule structure (par défaut : toutes)")
    p.set_defaults(handler=_instantanes)


def _instantanes(args) -> int:
    import time

    from sqlalchemy import select

    from hub import image, snapshot
    from hub.models import HubStructure

    engine = _engine(args)
    with engine.connect() as conn:
        rows = conn.execute(select(HubStructure.id, HubStructure.nom).order_by(HubStructure.nom)).all()
    if args.structure:
        rows = [r for r in rows if r.id == args.structure]
        if not rows:
            print(f"passerelle-hub : erreur : aucune structure d'identifiant « {args.structure} ».", file=sys.stderr)
            return 1
    if not rows:
        print("Aucune structure : rien à préparer.")
    for sid, nom in rows:
        started = time.perf_counter()
        made = snapshot.prepare(engine, sid)
        if made is None:
            print(f"{nom} : trop d'enregistrements pour un instantané gardé (plus de {_milliers(snapshot.KEEP_MAX)}) : "
                  "il sera envoyé à chaque poste.")
        else:
            cursor, records = made
            print(f"{nom} : instantané prêt ({_milliers(records)} enregistrements, séquence {cursor}, "
                  f"{_secondes(time.perf_counter() - started)}).")
        started = time.perf_counter()
        built = image.prepare(engine, sid)
        if built is None:
            print(f"{nom} : trop d'enregistrements pour une image de restauration (plus de "
                  f"{_milliers(image.KEEP_MAX)}) : les postes neufs restaurent par instantané.")
        else:
            cursor, records = built
            print(f"{nom} : image de restauration prête (schéma {image.schema_version()}, séquence {cursor}, "
                  f"{_secondes(time.perf_counter() - started)}).")
    return 0


def _milliers(n: int) -> str:
    return f"{n:_}".replace("_", "\u202f")


def _secondes(s: float) -> str:
    return f"{s:.1f} s".replace(".", ",")


def _engine(args):
    from hub.db import make_engine

    if getattr(args, "engine", None) is None:
        args.engine = make_engine(args.database)
    return args.engine


def _serve(args) -> int:
    import os

    try:
        import uvicorn

        from hub.main import create_app
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in ("uvicorn", "fastapi", "starlette"):
            raise
        print("passerelle-hub : le serveur n'est pas installé sur cette machine : installez-le avec "
              "« pip install 'passerelle[hub]' ».", file=sys.stderr)
        return 1
    if bool(args.tls_cert) != bool(args.tls_key):
        print("passerelle-hub : --tls-cert et --tls-key vont ensemble.", file=sys.stderr)
        return 2
    missing = [f for f in (args.tls_cert, args.tls_key) if f and not Path(f).is_file()]
    if missing:
        print(f"passerelle-hub : fichier TLS introuvable « {missing[0]} ».", file=sys.stderr)
        return 2
    if not 1 <= args.workers <= 64:
        print("passerelle-hub : --workers : entre 1 et 64 processus.", file=sys.stderr)
        return 2
    if (busy := _port_busy(args.host, args.port)) is not None:
        print(f"passerelle-hub : impossible d'écouter sur {args.host}:{args.port} : {busy}.", file=sys.stderr)
        return 1
    tls = {"ssl_certfile": args.tls_cert, "ssl_keyfile": args.tls_key}
    engine = _engine(args)  # the schema is brought up to date once, before any worker starts
    if args.workers > 1 and engine.dialect.name == "sqlite":
        print("passerelle-hub : plusieurs processus sur une base SQLite s'attendraient les uns les autres à "
              "chaque écriture : utilisez une base PostgreSQL (voir le README), ou un seul processus.",
              file=sys.stderr)
        return 2
    from hub import rappels

    cfg = rappels.reglages(args.smtp, args.sms, args.sms_jeton, args.rappel_heures)
    scheme = "https" if args.tls_cert else "http"
    print(f"Serveur Passerelle à l'écoute sur {scheme}://{args.host}:{args.port} (Ctrl+C pour l'arrêter).", flush=True)
    boucle = None
    if cfg.canaux:  # the sender runs beside the server, on an engine of its own
        from hub.db import make_engine

        boucle = rappels.Boucle(make_engine(engine.url.render_as_string(hide_password=False), upgrade=False),
                                cfg, args.intervalle).demarrer()
        print(f"Envoi des rappels actif ({', '.join(_CANAUX[c] for c in cfg.canaux)} ; rappel "
              f"{cfg.rappel_heures} h avant).", flush=True)
    try:
        return _uvicorn(args, engine, tls)
    finally:
        if boucle is not None:
            boucle.arreter()


_CANAUX = {"email": "e-mail", "sms": "SMS"}


def _uvicorn(args, engine, tls) -> int:
    import os

    import uvicorn

    from hub.main import create_app

    if args.workers == 1:
        uvicorn.run(create_app(engine), host=args.host, port=args.port, log_level="warning", **tls)
        return 0
    # every worker makes its own engine from the environment (hub.main.create_app with no engine)
    os.environ[DATABASE_ENV] = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    uvicorn.run("hub.main:create_app", factory=True, workers=args.workers, host=args.host, port=args.port,
                log_level="warning", **tls)
    return 0


def _rappels(args) -> int:
    import time

    from hub import rappels

    cfg = rappels.reglages(args.smtp, args.sms, args.sms_jeton, args.rappel_heures)
    if not cfg.canaux:
        print("passerelle-hub : aucun canal d'envoi réglé (--smtp, --sms ou $PASSERELLE_HUB_SMTP, "
              "$PASSERELLE_HUB_SMS) : rien ne part.", file=sys.stderr)
        return 2
    engine = _engine(args)
    while True:
        bilan = rappels.tourner(engine, cfg)
        print(bilan.ligne(), flush=True)
        for detail in bilan.details:
            print(f"  {detail}", flush=True)
        if args.once:
            return 0 if not bilan.echecs else 1
        time.sleep(max(1.0, args.intervalle))


def _port_busy(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (« port déjà utilisé par un autre programme »…), None if it can.
    Checked before uvicorn starts: its own message is English and several lines long."""
    import errno
    import socket

    from desktop_app.domain.errors import raison_os

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return f"adresse « {host} » inconnue"
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return "ce port est déjà utilisé par un autre programme (choisissez-en un autre avec --port)"
            return raison_os(exc)
    return None


def _structure_add(args) -> int:
    from hub.auth import add_structure

    sid = add_structure(_engine(args), args.name)
    print(f"Structure « {args.name.strip()} » créée. Identifiant :")
    print(sid)
    return 0


def _enroll_code(args) -> int:
    from hub.inscription import enrolment_code

    made = enrolment_code(_engine(args), args.structure, user_name=args.user, user_id=args.user_id,
                          role=args.role, parrain_id=args.parrain)
    print(f"Code d'inscription pour {made.user_name} ({_role(made.role)}), valable 24 h et une seule fois :")
    print(made.code)
    return 0


def _role(code: str) -> str:
    """The French label of a role code, as the desktop shows it (``domain.enums.Role``)."""
    from desktop_app.domain.enums import Role

    return Role.label_of(code)


def _devices(args) -> int:
    from hub.auth import ACTIVE, REVOKED_STATE, list_devices

    states = {ACTIVE: "actif", REVOKED_STATE: "révoqué"}
    devices = list_devices(_engine(args), args.structure)
    print("\t".join(("Appareil", "Utilisateur", "Rôle", "État", "Dernière connexion")))
    for d in devices:
        seen = d.last_seen.strftime("%d/%m/%Y %H:%M") if d.last_seen else "jamais"
        print("\t".join((d.id, d.user_name, _role(d.role), states.get(d.state, d.state), seen)))
    return 0


def _revoke(args) -> int:
    from hub.auth import revoke

    revoke(_engine(args), args.device_id)
    print(f"Appareil {args.device_id} révoqué : à sa prochaine connexion, il effacera son profil.")
    return 0


def _user_list(args) -> int:
    from hub.utilisateurs import list_users

    users = list_users(_engine(args), args.structure)
    print("\t".join(("Identifiant", "Nom", "Rôle", "État", "Postes inscrits")))
    for u in users:
        print("\t".join((u.id, u.nom, _role(u.role), u.etat, str(u.devices))))
    return 0


def _user_add(args) -> int:
    from hub.utilisateurs import add_user

    user_id = add_user(_engine(args), args.structure, args.name, args.role, args.email)
    print(f"Utilisateur « {args.name.strip()} » ({_role(args.role)}) créé : il arrivera sur les postes de la structure "
          "à leur prochaine synchronisation. Identifiant :")
    print(user_id)
    return 0


def _user_role(args) -> int:
    from hub.utilisateurs import set_role

    user = set_role(_engine(args), args.user_id, args.role)
    print(f"{user.nom} a désormais le rôle « {_role(user.role)} » (sur les postes après leur prochaine synchronisation).")
    return 0


def _user_active(args) -> int:
    from hub.utilisateurs import set_active

    user, changed = set_active(_engine(args), args.user_id, args.actif)
    if not changed:
        print(f"Le compte de {user.nom} est déjà {user.etat} : rien n'a changé.")
    elif user.actif:
        print(f"Compte de {user.nom} réactivé : il pourra de nouveau se connecter après la prochaine "
              "synchronisation de ses postes.")
    else:
        print(f"Compte de {user.nom} désactivé : il ne pourra plus se connecter après la prochaine "
              "synchronisation des postes.")
    return 0


def _schema(args) -> int:
    from hub import schema
    from hub.db import make_engine

    args.engine = make_engine(args.database, upgrade=False)
    if args.action == "upgrade":
        print(schema.upgrade(args.engine).message())
        return 0
    state = schema.status(args.engine)
    print(state.message(), file=sys.stdout if state.known else sys.stderr)
    return 0 if state.known else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from sqlalchemy.exc import SQLAlchemyError

    from hub.errors import HubError

    try:
        return int(args.handler(args) or 0)
    except HubError as exc:
        print(f"passerelle-hub : {exc.detail}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        quoi = ("adresse de base non reconnue (sqlite:///chemin/hub.db ou postgresql://…)"
                if isinstance(exc, (ArgumentError, NoSuchModuleError)) else "base du serveur inaccessible ou refusée")
        print(f"passerelle-hub : {quoi} : vérifiez --database ou ${DATABASE_ENV}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback in front of a user (PASSERELLE_DEBUG=1 shows it)
        from desktop_app.domain.argparse_fr import imprevu

        return imprevu("passerelle-hub", exc)
    finally:
        if getattr(args, "engine", None) is not None:
            args.engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
