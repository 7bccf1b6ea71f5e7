"""The command line: a stable contract that tests, scripts and consultants rely on.

Exit 0 on success; on a user error one line on stderr and exit 1, never a traceback
(set RISKWIZARD_DEBUG=1 to see one); no command leaves a half-written output file.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from riskwizard import __version__
from riskwizard.fileio import OneLineError, one_line

EXIT_OK, EXIT_ERROR, EXIT_UNEXPECTED = 0, 1, 2


class UserError(OneLineError):
    """Something the person can fix; the message is shown as it is (on one line)."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake on the command line is one line, like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"riskwizard: {message} (see: {self.prog} --help)\n")


def build_parser(gui_only: bool = False) -> argparse.ArgumentParser:
    """The command line's parser; ``gui_only``: with the window's command alone (``main`` uses
    it for ``riskwizard`` and ``riskwizard gui …``: making the other eleven commands' parsers
    would cost the window's start-up a few milliseconds, for nothing)."""
    parser = _Parser(
        prog="riskwizard",
        description="HIPAA Security Rule risk analysis for small medical practices.")
    parser.add_argument("--version", action="version", version=f"riskwizard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("gui", help="open the window (the default)")
    p.add_argument("file", nargs="?", type=Path, help="a practice file to open")
    p.add_argument("--exit-after-ready", action="store_true",
                   help="quit once the first screen is painted (smoke tests, timing)")
    _password_option(p, "the file's password, instead of asking for it (first line of PATH)")
    if gui_only:
        return parser

    p = sub.add_parser("new", help="create an empty practice file")
    p.add_argument("file", type=Path)
    p.add_argument("--practice", required=True, metavar="NAME", help="the practice's name")
    _password_option(p, "protect the new file with the password in PATH")

    p = sub.add_parser("demo", help="write a fictional, fully answered practice")
    p.add_argument("file", type=Path)
    p.add_argument("--size", choices=["small", "large"], default="small",
                   help="large: 2,000 assets, 300 vendors, 5 yearly assessments")

    p = sub.add_parser("report", help="export the PDF deliverable")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
    p.add_argument("--no-inventory-appendix", action="store_true",
                   help="leave the full asset and vendor lists out (summaries and "
                        "exceptions stay)")
    _password_option(p)

    p = sub.add_parser("export", help="everything in the file, as documented JSON")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.json")
    _password_option(p)

    p = sub.add_parser("import", help="a new practice file from exported JSON")
    p.add_argument("json_file", type=Path, metavar="IN.json")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    _password_option(p, "protect the new file with the password in PATH")

    p = sub.add_parser("evidence-pack", help="a zip of the evidence files, with a manifest "
                       "of their SHA-256 hashes, for an auditor")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.zip")
    p.add_argument("--replace", action="store_true",
                   help="replace OUT.zip if it is there already (an evidence pack only)")
    _password_option(p)

    p = sub.add_parser("lock", help="protect a practice file with a password")
    p.add_argument("file", type=Path)
    _password_option(p, "the new password (first line of PATH)")

    p = sub.add_parser("unlock", help="remove a practice file's password")
    p.add_argument("file", type=Path)
    _password_option(p)

    p = sub.add_parser("rekey", help="change a practice file's password")
    p.add_argument("file", type=Path)
    _password_option(p)
    p.add_argument("--new-password-file", type=Path, metavar="PATH",
                   help=f"the new password (first line of PATH; or ${NEW_PASSWORD_ENV})")

    p = sub.add_parser("validate", help="check questionnaire files")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="files or folders (default: the installed questionnaires)")

    p = sub.add_parser("questionnaires", help="list the installed questionnaires")
    p.add_argument("--json", action="store_true", help="dump them, normalized, as JSON")
    return parser


PASSWORD_ENV = "RISKWIZARD_PASSWORD"
PASSWORD_HINT = f"give the password with --password-file PATH or ${PASSWORD_ENV}"
"""How a file's password is given on the command line, said wherever one is missing."""
NEW_PASSWORD_ENV = "RISKWIZARD_NEW_PASSWORD"
NOT_ENCRYPTED = "not encrypted: keep it as safe as the practice file"


def _password_option(p: argparse.ArgumentParser,
                     text: str = "the file's password (first line of PATH)") -> None:
    p.add_argument("--password-file", type=Path, metavar="PATH",
                   help=f"{text}; or set ${PASSWORD_ENV}")


def read_password(path: Path | None, env: str = PASSWORD_ENV) -> str | None:
    """A password from the first line of ``path`` (a file only its owner can read is
    best: a command line is visible to other users), else from the environment variable
    ``env``; None when neither is given. The password is never written anywhere."""
    from riskwizard.fileio import read_limited, unreadable

    if path is not None:
        try:
            raw = read_limited(path, 64 * 1024)
        except OSError as exc:
            raise UserError(unreadable(path, exc, "a password file")) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserError(f"{path}: the password file is not UTF-8 text") from None
        line = text.split("\n", 1)[0].removesuffix("\r")
        if not line:
            raise UserError(f"{path}: the password file's first line is empty")
        return line
    value = os.environ.get(env)
    return value if value else None


def _open_read_only(args: argparse.Namespace, content: bool = False) -> tuple[Any, bool]:
    """Every record of the practice file named on the command line (with the evidence
    files' bytes if ``content``), and whether the file is protected with a password."""
    from riskwizard.store import open_practice_file

    with open_practice_file(args.file, readonly=True,
                            password=read_password(args.password_file)) as pf:
        data = pf.load_all()
        if content:
            data.evidence_content = pf.evidence_contents()
        return data, pf.encrypted


def _wrote(output: Path, encrypted: bool) -> str:
    return f"wrote {output}" + (f" ({NOT_ENCRYPTED})" if encrypted else "")


# ---------------------------------------------------------------- commands

def display_problem() -> str | None:
    """Why the window cannot open here, said plainly; None when it can (as far as we know).

    Qt itself would abort with several lines of its own on these."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return ("no display to open the window on (the command-line commands work without "
                "one; see riskwizard --help)")
    if not os.environ.get("WAYLAND_DISPLAY") and not _loadable(XCB_CURSOR):
        return ("the window needs the system library libxcb-cursor0 (on Debian or "
                "Ubuntu: sudo apt install libxcb-cursor0)")
    return None


XCB_CURSOR = "libxcb-cursor.so.0"
"""The library Qt's X11 plugin needs (by the name it is linked with) and does not bring."""


def _loadable(library: str) -> bool:
    """Whether the system can load ``library`` (asked of the loader itself: a fraction of a
    millisecond, where ``ctypes.util.find_library`` runs ``ldconfig -p``, 15 ms and more, at
    every start of the window on X11)."""
    import ctypes

    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def cmd_gui(args: argparse.Namespace) -> int:
    problem = display_problem()
    if problem:
        raise UserError(problem)
    password = read_password(args.password_file) if args.file is not None else None
    secret = None
    if args.file is not None:  # the key is derived in the background while Qt loads
        from riskwizard.store.crypto import start_key

        secret = start_key(args.file, password)
    from riskwizard.ui.app import run_gui

    return run_gui(args.file, exit_after_ready=args.exit_after_ready, password=secret)


def practice_path(path: Path) -> Path:
    """A new practice file's name, with the usual suffix when none was given."""
    return path if path.suffix else path.with_name(path.name + ".riskwizard")


def cmd_new(args: argparse.Namespace) -> int:
    from riskwizard.domain.model import Assessment, Practice, PracticeData
    from riskwizard.resources import installed_questionnaire
    from riskwizard.store import write_new_file
    from riskwizard.store.practice_file import now_utc

    name = args.practice.strip()
    if not name:
        raise UserError("the practice name must not be empty")
    today = date.today()
    data = PracticeData(practice=Practice(name=name, created_at=now_utc()))
    data.assessments.append(Assessment(
        title=f"{today.year} security risk analysis", started_on=today,
        period_start=date(today.year, 1, 1), period_end=date(today.year, 12, 31),
        questionnaire_versions=installed_questionnaire().versions(), id=1))
    path = practice_path(args.file)
    write_new_file(path, data, password=read_password(args.password_file))
    print(one_line(f"created {path}"))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from riskwizard.domain.demo import build_demo
    from riskwizard.resources import installed_questionnaire
    from riskwizard.store import write_new_file

    data = build_demo(installed_questionnaire(), args.size)
    path = practice_path(args.file)
    write_new_file(path, data, {"demo": args.size})
    print(one_line(f"wrote the {args.size} demo practice to {path}"))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from riskwizard.domain.register import derive_in_memory
    from riskwizard.resources import installed_questionnaire
    data, encrypted = _open_read_only(args)
    questionnaire = installed_questionnaire()
    latest = data.latest_assessment()
    # The register the window would show: brought in line with the answers and inventories
    # (a file imported or made by an older version may not have been opened since).
    data = derive_in_memory(data, questionnaire, date.today(), [latest] if latest else [])
    from riskwizard.report import build_report  # reportlab loads only when needed

    build_report(data, questionnaire, args.output,
                 inventory_appendix=not args.no_inventory_appendix)
    print(one_line(_wrote(args.output, encrypted)))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from riskwizard.interchange.json_io import export_json

    data, encrypted = _open_read_only(args, content=True)
    export_json(data, args.output)
    print(one_line(_wrote(args.output, encrypted)))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from riskwizard.domain.register import derive_in_memory
    from riskwizard.interchange.json_io import read_json_file
    from riskwizard.resources import installed_questionnaire
    from riskwizard.store import write_new_file

    password = read_password(args.password_file)
    data = read_json_file(args.json_file)
    path = practice_path(args.output)
    write_new_file(path, derive_in_memory(data, installed_questionnaire(), date.today()),
                   password=password)
    print(one_line(f"created {path}" + (" (protected with the password)" if password else "")))
    return EXIT_OK


def _required(path: Path | None, env: str, what: str) -> str:
    password = read_password(path, env)
    if password is None:
        raise UserError(f"{what}: give it with --password-file PATH or ${env}")
    return password


def cmd_lock(args: argparse.Namespace) -> int:
    from riskwizard.store.practice_file import set_password

    set_password(args.file, None, _required(args.password_file, PASSWORD_ENV,
                                            "the new password is missing"))
    print(one_line(f"{args.file}: protected with the password"))
    return EXIT_OK


def cmd_unlock(args: argparse.Namespace) -> int:
    from riskwizard.store.practice_file import set_password

    set_password(args.file, _required(args.password_file, PASSWORD_ENV,
                                      "the file's password is missing"), None)
    print(one_line(f"{args.file}: password removed (the file is {NOT_ENCRYPTED})"))
    return EXIT_OK


def cmd_rekey(args: argparse.Namespace) -> int:
    from riskwizard.store.practice_file import set_password

    old = _required(args.password_file, PASSWORD_ENV, "the file's password is missing")
    new = _required(args.new_password_file, NEW_PASSWORD_ENV, "the new password is missing")
    set_password(args.file, old, new)
    print(one_line(f"{args.file}: password changed"))
    return EXIT_OK


def cmd_evidence_pack(args: argparse.Namespace) -> int:
    from riskwizard.evidence import write_evidence_pack
    from riskwizard.fileio import NotReplaced
    from riskwizard.store import open_practice_file

    with open_practice_file(args.file, readonly=True,
                            password=read_password(args.password_file)) as pf:
        try:
            count = write_evidence_pack(pf, args.output, replace=args.replace)
        except NotReplaced as exc:
            raise UserError(f"{exc}, or add --replace") from None
    print(one_line(f"wrote {args.output}: {count} evidence file{'' if count == 1 else 's'} "
                   f"and a manifest of their SHA-256 hashes ({NOT_ENCRYPTED})"))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from riskwizard.resources import load_paths, parse_installed

    questionnaire = load_paths(args.paths) if args.paths else parse_installed()
    count = sum(1 for _ in questionnaire.questions())
    where = ", ".join(map(str, args.paths)) if args.paths else "installed questionnaires"
    print(f"ok: {where}: {len(questionnaire.modules)} modules, {count} questions, "
          f"{len(questionnaire.glossary)} glossary terms")
    return EXIT_OK


def cmd_questionnaires(args: argparse.Namespace) -> int:
    from riskwizard.resources import installed_questionnaire, plain_json

    questionnaire = installed_questionnaire()
    if args.json:
        import json

        doc = {"modules": plain_json(questionnaire.modules),
               "glossary": dict(sorted(questionnaire.glossary.items())),
               "citations": sorted(questionnaire.citations())}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return EXIT_OK
    for m in questionnaire.modules:
        flag = "  (proposed, not yet law)" if m.proposed and "not yet law" not in m.title else ""
        print(f"{m.id:<16} {m.kind.value:<10} v{m.version:<8} {len(m.questions):>3} questions"
              f"  {m.title}{flag}")
    return EXIT_OK


COMMANDS = {
    "gui": cmd_gui, "new": cmd_new, "demo": cmd_demo, "report": cmd_report,
    "export": cmd_export, "import": cmd_import, "validate": cmd_validate,
    "questionnaires": cmd_questionnaires, "lock": cmd_lock, "unlock": cmd_unlock,
    "rekey": cmd_rekey, "evidence-pack": cmd_evidence_pack,
}


def _known_errors() -> tuple[type[BaseException], ...]:
    from riskwizard.domain.questionnaire import QuestionnaireError
    from riskwizard.fileio import OutputError
    from riskwizard.interchange.json_io import InterchangeError
    from riskwizard.report import ReportError
    from riskwizard.store import StoreError

    return (UserError, StoreError, InterchangeError, QuestionnaireError, OutputError,
            ReportError)


def main(argv: Sequence[str] | None = None) -> int:
    # Every file the program writes is owner-only: practice files, backups, exports and
    # settings list a clinic's weaknesses (files made through fileio are 0600 regardless).
    if hasattr(os, "umask"):
        os.umask(0o077)
    argv = sys.argv[1:] if argv is None else list(argv)
    # The window, the usual start, needs only the gui command's parser (and, started with
    # nothing, none: what parse_args([]) returns)
    args = build_parser(gui_only=not argv or argv[0] == "gui").parse_args(argv) if argv \
        else argparse.Namespace(command=None)
    command = args.command or "gui"
    if command == "gui" and not hasattr(args, "file"):
        args.file, args.exit_after_ready = None, False
    try:
        return COMMANDS[command](args)
    except _known_errors() as exc:
        from riskwizard.store.practice_file import PasswordNeeded, needs_password_message

        if isinstance(exc, PasswordNeeded):  # say how to give it here
            exc = UserError(needs_password_message(exc.path, PASSWORD_HINT))
        print(f"riskwizard: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:  # a file the person named that the system refused
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"riskwizard: {one_line(where + (exc.strerror or str(exc)))}", file=sys.stderr)
        return EXIT_ERROR
    except RecursionError:
        print("riskwizard: the input is nested too deeply to read", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("riskwizard: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `riskwizard questionnaires --json | head`
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # later writes (at exit) go nowhere, quietly
        return EXIT_OK
    except Exception as exc:  # the contract: never a traceback
        if os.environ.get("RISKWIZARD_DEBUG"):
            raise
        text = one_line(str(exc).splitlines()[0]) if str(exc) else ""
        print(f"riskwizard: unexpected error ({type(exc).__name__}: {text[:200]}); "
              "run with RISKWIZARD_DEBUG=1 for details", file=sys.stderr)
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
