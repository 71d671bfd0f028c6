"""No traceback and no English from ``passerelle`` and ``passerelle-hub``: the real commands, in subprocesses, with
wrong paths, wrong ids, wrong codes, wrong dates, an occupied port, a missing hub or a missing extra, each answer
one French line on stderr and a non-zero exit code."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "phrase-secrete-de-test"
ANGLAIS = re.compile(r"Traceback|Error\b|Exception|\berror\b|\bnot found\b|No such|Is a directory|Not a directory|"
                     r"Permission denied|File exists|already in use|\binvalid\b|\bfailed\b|\busage\b|String should")
HUB_SANS_UVICORN = "import sys; sys.modules['uvicorn'] = None; from hub.cli import main; sys.exit(main(sys.argv[1:]))"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PASSERELLE_PROFILE", "PASSERELLE_DEBUG")}
    env.update(PASSERELLE_PASSPHRASE=PASSPHRASE, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
               PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return env


def _run(argv: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=_env(), cwd=ROOT,
                          timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def lieux(tmp_path_factory):
    """A real profile (passphrase mode, made in a subprocess like a user's), a plain file, a port in use."""
    base = tmp_path_factory.mktemp("cli")
    profil = base / "profil"
    made = _run(["-c", "import sys; from desktop_app.services.profil.profile import create_profile; "
                       "create_profile(sys.argv[1], structure_nom='ML', user_nom='Martin', user_prenom='Camille')"
                       ".close()", str(profil)])
    assert made.returncode == 0, made.stderr
    fichier = base / "un-fichier.txt"
    fichier.write_text("pas un profil", encoding="utf-8")
    occupe = socket.socket()
    occupe.bind(("127.0.0.1", 0))
    occupe.listen()
    libre = socket.socket()
    libre.bind(("127.0.0.1", 0))
    port_libre = libre.getsockname()[1]
    libre.close()
    yield {"P": str(profil), "F": str(fichier), "D": str(base), "HUB": f"sqlite:///{base / 'hub.db'}",
           "OCCUPE": str(occupe.getsockname()[1]), "LIBRE": str(port_libre)}
    occupe.close()


P = ["-m", "desktop_app", "--profile", "{P}"]
H = ["-m", "hub.cli", "--database", "{HUB}"]
CAS = [
    ("info sur un fichier", ["-m", "desktop_app", "--profile", "{F}", "info"], "est un fichier"),
    ("init sur un fichier", ["-m", "desktop_app", "--profile", "{F}", "init", "--structure", "ML", "--user", "C M"],
     "est un fichier"),
    ("init sous un fichier", ["-m", "desktop_app", "--profile", "{F}/profil", "init", "--structure", "ML",
                              "--user", "C M"], "Impossible de créer le dossier du profil"),
    ("init dossier impossible", ["-m", "desktop_app", "--profile", "/proc/passerelle/profil", "init", "--structure",
                                 "ML", "--user", "C M"], "Impossible de créer le dossier du profil"),
    ("enroll code trop court", [*P, "enroll", "--hub", "http://127.0.0.1:{LIBRE}", "--code", "X"],
     "Code d'inscription invalide"),
    ("enroll hub absent", [*P, "enroll", "--hub", "http://127.0.0.1:{LIBRE}", "--code", "ABCD-EFGH"],
     "connexion impossible"),
    ("enroll adresse sans http", [*P, "enroll", "--hub", "hub.local", "--code", "ABCD-EFGH"], "http://"),
    ("sync sans inscription", [*P, "sync"], "passerelle enroll"),
    ("export vers un dossier", [*P, "export", "jeunes", "-o", "{D}"], "c'est un dossier"),
    ("export dossier absent", [*P, "export", "freins", "-o", "{D}/absent/freins.csv"], "n'existe pas"),
    ("indicateurs date fausse", [*P, "export", "indicateurs", "--from", "2025-13-01", "--to", "2025-12-31", "-o",
                                 "{D}/i.xlsx"], "AAAA-MM-JJ"),
    ("print dossier refusé", [*P, "print", "dossier", "inconnu", "-o", "{D}/a.pdf"], "Accès refusé"),
    ("rgpd erase refusé", [*P, "rgpd", "erase", "inconnu", "--yes"], "ne permet pas d'effacer"),
    ("print contrat inconnu", [*P, "print", "contrat-parrainage", "inconnu", "-o", "{D}/c.pdf"], "n'existe pas"),
    ("hub serve port occupé", [*H, "serve", "--port", "{OCCUPE}"], "déjà utilisé"),
    ("hub serve sans uvicorn", ["-c", HUB_SANS_UVICORN, "--database", "{HUB}", "serve", "--port", "{LIBRE}"],
     "passerelle[hub]"),
    ("hub serve TLS absent", [*H, "serve", "--tls-cert", "{D}/absent.pem", "--tls-key", "{D}/absent.key"],
     "fichier TLS introuvable"),
    ("hub base inconnue", ["-m", "hub.cli", "--database", "foo://x", "user", "list"], "adresse de base"),
    ("hub base dans un dossier absent", ["-m", "hub.cli", "--database", "sqlite:////passerelle/absent/hub.db",
                                         "devices"], "base du serveur inaccessible"),
    ("hub structure inconnue", [*H, "enroll-code", "--structure", "inconnue", "--user", "Camille"],
     "Aucune structure"),
    ("hub appareil inconnu", [*H, "revoke", "inconnu"], "Aucun appareil"),
    ("hub utilisateur inconnu", [*H, "user", "role", "inconnu", "admin"], "Aucun utilisateur"),
]


@pytest.mark.parametrize(("cas", "argv", "attendu"), CAS, ids=[c[0] for c in CAS])
def test_une_ligne_en_francais_sans_trace(lieux, cas, argv, attendu):
    done = _run([a.format(**lieux) for a in argv])
    lignes = done.stderr.strip().splitlines()
    assert done.returncode != 0, (cas, done.stdout, done.stderr)
    assert len(lignes) == 1, done.stderr
    assert attendu in lignes[0], lignes[0]
    assert not ANGLAIS.search(done.stderr), lignes[0]
    assert lignes[0].startswith(("passerelle : ", "passerelle-hub : ")), lignes[0]


def test_hub_serve_dit_ou_il_ecoute_en_une_ligne(lieux):
    port = lieux["LIBRE"]
    proc = subprocess.Popen([sys.executable, "-m", "hub.cli", "--database", lieux["HUB"], "serve", "--port", port],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT)
    try:
        ligne = proc.stdout.readline()
        assert ligne.strip() == f"Serveur Passerelle à l'écoute sur http://127.0.0.1:{port} (Ctrl+C pour l'arrêter)."
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_les_listes_du_hub_ont_une_ligne_d_en_tete(lieux):
    for argv, entete in ((["devices"], "Appareil\tUtilisateur\tRôle\tÉtat\tDernière connexion"),
                         (["user", "list"], "Identifiant\tNom\tRôle\tÉtat\tPostes inscrits")):
        done = _run(["-m", "hub.cli", "--database", lieux["HUB"], *argv])
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[0] == entete


def test_make_run_nomme_les_paquets_debian_manquants(tmp_path):
    from desktop_app.views.shell import bibliotheques

    faux_ldd = tmp_path / "ldd"
    faux_ldd.write_text("#!/bin/sh\necho '\tlibxcb-icccm.so.4 => not found'\necho '\tlibEGL.so.1 => not found'\n"
                        "echo '\tlibc.so.6 => /lib/libc.so.6'\n", encoding="utf-8")
    faux_ldd.chmod(0o755)
    manquantes = bibliotheques.manquantes(tmp_path / "libqxcb.so", str(faux_ldd))
    assert manquantes == ["libxcb-icccm.so.4", "libEGL.so.1"]
    texte = bibliotheques.message(manquantes)
    assert "il manque 2 bibliothèques système" in texte
    assert texte.splitlines()[1] == "Installez-les puis relancez : sudo apt-get install libegl1 libxcb-icccm4"


def test_les_refus_elident_de():
    from desktop_app.security.permissions import AccesRefuse, Actor, require

    for action, attendu in (("retention.anonymiser", "ne permet pas d'anonymiser"),
                            ("rgpd.effacer", "ne permet pas d'effacer"), ("export", "ne permet pas d'exporter"),
                            ("jeune.modifier", "ne permet pas de modifier")):
        with pytest.raises(AccesRefuse, match=attendu):
            require(Actor("u", "parrain"), action)
