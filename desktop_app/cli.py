"""The ``passerelle`` command: no sub-command opens the application; the others script the services."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

# Command-group modules; each has register(subparsers). Imported on demand so that opening the GUI stays fast.
COMMAND_MODULES = (
    "desktop_app.commands.profil",
    "desktop_app.commands.accompagnement",
    "desktop_app.commands.reperage",  # after accompagnement: adds « reperage » to its « import » group
    "desktop_app.commands.sync",
    "desktop_app.commands.parrainage",
    "desktop_app.commands.impression",
    "desktop_app.commands.mobilite",
    "desktop_app.commands.actions",
    "desktop_app.commands.indicateurs",
    "desktop_app.commands.rgpd",
    "desktop_app.commands.emploi",
    "desktop_app.commands.agenda",
    "desktop_app.commands.aujourdhui",
    "desktop_app.commands.partenaires",
    "desktop_app.commands.attestations",
)


class _FrenchParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's messages are English: keep ours one French line
        self.print_usage(sys.stderr)
        self.exit(2, f"passerelle : erreur : {message}\n")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    from desktop_app.domain import argparse_fr

    argparse_fr.install()  # « utilisation : », « options », « afficher cette aide et quitter »
    parser = _FrenchParser(
        prog="passerelle",
        description="Passerelle — accompagnement des jeunes, hors ligne. Sans commande : ouvre l'application.",
    )
    parser.add_argument("--profile", metavar="DOSSIER",
                        help="dossier du profil (sinon $PASSERELLE_PROFILE, sinon le dossier de données de l'utilisateur)")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_FrenchParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _only_gui_options(argv: list[str]) -> bool:
    """True when ``argv`` names no command, only the application's own options (``--profile DIR``,
    ``--profile=DIR``, ``--self-test``): the application opens without building the commands' parser (it
    imports every command module, about 60 ms before the window). Anything else goes through the parser."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--profile" and i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            i += 2
        elif arg.startswith("--profile=") or arg == "--self-test":
            i += 1
        else:
            return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _only_gui_options(argv):
        return _run_gui(argv)
    args, extra = build_parser().parse_known_args(argv)
    if args.command is None:
        return _run_gui(argv)
    if extra:
        build_parser().error(f"arguments non reconnus : {' '.join(extra)}")
    from desktop_app.domain.errors import UserError

    try:
        return int(args.handler(args) or 0)
    except UserError as exc:
        print(f"passerelle : {exc.message}", file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    except KeyboardInterrupt:
        print("passerelle : interrompu.", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback in front of a user (PASSERELLE_DEBUG=1 shows it)
        from desktop_app.domain.argparse_fr import imprevu

        return imprevu("passerelle", exc)


def _run_gui(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="passerelle", add_help=False)
    parser.add_argument("--profile")
    parser.add_argument("--self-test", action="store_true")
    args, _rest = parser.parse_known_args(argv)
    from desktop_app.views.shell.app import run

    return run(profile=args.profile, self_test=args.self_test)


if __name__ == "__main__":
    raise SystemExit(main())
