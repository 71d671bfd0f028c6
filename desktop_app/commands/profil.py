"""Profile commands: init, demo, info."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="créer un profil (structure, premier utilisateur)")
    p.add_argument("--structure", required=True, metavar="NOM", help="nom de la mission locale")
    p.add_argument("--user", required=True, metavar="NOM", help="nom de l'utilisateur (« Prénom Nom » accepté)")
    p.add_argument("--role", default="conseiller",
                   choices=["conseiller", "referent_parrainage", "parrain", "direction", "admin"])
    p.add_argument("--password-file", metavar="FICHIER",
                   help="fichier contenant le mot de passe du premier utilisateur (sinon il est demandé)")
    p.set_defaults(handler=_init)

    p = sub.add_parser("demo", help="remplir le profil de données fictives réalistes")
    p.add_argument("--jeunes", type=int, default=500, metavar="N", help="nombre de jeunes (défaut : 500)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="graine du générateur (défaut : 1)")
    p.add_argument("--structure", default="Mission Locale des Deux Rives", metavar="NOM",
                   help="nom de la structure si le profil doit être créé")
    p.set_defaults(handler=_demo)

    p = sub.add_parser("info", help="afficher le profil : chemin, révision du schéma, effectifs")
    p.set_defaults(handler=_info)


def _split_name(full: str) -> tuple[str | None, str]:
    parts = full.strip().split(None, 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (None, full.strip())


def _read_password_file(path: str) -> str:
    from desktop_app.domain.errors import UserError

    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except UnicodeDecodeError:
        raise UserError(f"Le fichier de mot de passe « {path} » n'est pas un texte UTF-8.") from None
    except OSError:
        raise UserError(f"Impossible de lire le fichier de mot de passe « {path} ».") from None
    return lines[0] if lines else ""


def _ask_password() -> str:
    """The first user's password: from --password-file, else typed twice at a hidden prompt."""
    import getpass
    import sys

    from desktop_app.domain.errors import UserError
    from desktop_app.security.passwords import password_problem

    if not sys.stdin.isatty():
        raise UserError("Mot de passe du premier utilisateur manquant : lancez la commande dans un terminal "
                        "pour le saisir, ou donnez-le avec --password-file FICHIER.")
    for _ in range(3):
        password = getpass.getpass("Mot de passe du premier utilisateur : ")
        if problem := password_problem(password):
            print(problem, file=sys.stderr)
            continue
        if getpass.getpass("Confirmation du mot de passe : ") != password:
            print("Les deux mots de passe saisis sont différents.", file=sys.stderr)
            continue
        return password
    raise UserError("Mot de passe non défini après trois essais : aucun profil n'a été créé.")


def _probe_folder(directory) -> None:
    """Create the profile folder and its missing parents once, then remove what was created: a folder that cannot
    be made is said (in French) before the password is asked, and nothing is left behind."""
    from desktop_app.domain.errors import raison_os
    from desktop_app.services.profil.profile import ProfileError

    made, parent = [], directory
    while not parent.exists() and parent != parent.parent:
        made.append(parent)
        parent = parent.parent
    try:
        for folder in reversed(made):
            folder.mkdir()
    except OSError as exc:
        raise ProfileError(f"Impossible de créer le dossier du profil « {directory} » : {raison_os(exc)}.") from None
    finally:
        for folder in made:
            if folder.is_dir():
                folder.rmdir()


def _init(args: argparse.Namespace) -> int:
    from desktop_app.domain.errors import UserError
    from desktop_app.security.passwords import password_problem
    from desktop_app.services.profil.profile import (DB_FILE, ProfileAlreadyExists, _check_folder, create_profile,
                                                     profile_exists, resolve_profile_dir)
    from desktop_app.services.securite.connexion import definir_mot_de_passe

    directory = resolve_profile_dir(args.profile)
    if profile_exists(directory) or (directory / DB_FILE).is_file():  # before asking for an unusable password
        raise ProfileAlreadyExists(f"Un profil existe déjà dans « {directory} » : il n'a pas été modifié.")
    _check_folder(directory)  # a path that cannot hold a profile is said before the password is asked
    _probe_folder(directory)
    password = _read_password_file(args.password_file) if args.password_file else _ask_password()
    if problem := password_problem(password):
        raise UserError(f"Mot de passe du fichier refusé : {problem}")
    prenom, nom = _split_name(args.user)
    profile = create_profile(directory, structure_nom=args.structure, user_nom=nom, user_prenom=prenom,
                             role=args.role)
    try:
        definir_mot_de_passe(profile, profile.user_id, password)
    except BaseException:
        profile.close()
        raise
    mode = "trousseau du système" if profile.file.key_mode == "keyring" else "phrase secrète"
    print(f"Profil créé dans {directory} (clé : {mode}).")
    profile.close()
    return 0


def _demo(args: argparse.Namespace) -> int:
    import time

    from desktop_app.services.demo import generation as demo
    from desktop_app.services.profil.profile import create_profile, open_profile, profile_exists, resolve_profile_dir

    if args.jeunes < 0:
        from desktop_app.domain.errors import UserError

        raise UserError("Le nombre de jeunes doit être positif.")
    directory = resolve_profile_dir(args.profile)
    if profile_exists(directory):
        profile = open_profile(directory)
    else:
        profile = create_profile(directory, structure_nom=args.structure, user_nom="Martin",
                                 user_prenom="Camille", role="conseiller")
    started = time.perf_counter()
    counts = demo.fill(profile, jeunes=args.jeunes, seed=args.seed)
    elapsed = time.perf_counter() - started
    print(f"Données de démonstration ajoutées dans {directory} en {elapsed:.1f} s :")
    for label, n in counts.items():
        print(f"  {label} : {n}")
    profile.close()
    return 0


def _info(args: argparse.Namespace) -> int:
    from desktop_app.services.profil.profile import open_profile, resolve_profile_dir
    from desktop_app.services.profil.faits import profile_summary

    directory = resolve_profile_dir(args.profile)
    profile = open_profile(directory)
    summary = profile_summary(profile)
    print(f"Profil : {directory}")
    for label, value in summary.items():
        print(f"{label} : {value}")
    from desktop_app.services.sync.echanges import clock_notice

    notice = clock_notice(profile)
    if notice:
        print(notice)
    profile.close()
    return 0
