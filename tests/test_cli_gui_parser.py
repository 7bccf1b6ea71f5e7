"""Issue 15, start-up: the command line's part of starting the window.

``riskwizard`` and ``riskwizard gui …`` are parsed by a parser that holds the window's command
alone (the other eleven commands' parsers are not made for a start of the window). Whatever
follows ``gui``, it must read the command line exactly as the whole parser does: the same
arguments, or the same one-line mistake and exit code. And the check for the X11 library runs
no program."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from riskwizard.cli import XCB_CURSOR, _loadable, build_parser

WORDS = st.sampled_from([
    "--exit-after-ready", "--exit", "--password-file", "--password-file=pw.txt", "pw.txt",
    "clinic.riskwizard", "a b.riskwizard", "-h", "--help", "--version", "-x", "--", "-",
    "report", "gui", "--exit-after-ready=1", "Ōno.riskwizard", ""])


def parse(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[object, str, str]:
    """What ``parser`` makes of ``argv``: its arguments or its exit code, and what it wrote."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(parser.parse_args(argv))
        except SystemExit as exc:
            result = ("exit", exc.code)
    return result, out.getvalue(), err.getvalue()


@settings(max_examples=200, deadline=None)
@given(rest=st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=4))
def test_gui_alone_reads_every_gui_command_line_as_the_whole_parser(rest: list[str]) -> None:
    argv = ["gui", *rest]
    assert parse(build_parser(gui_only=True), argv) == parse(build_parser(), argv)


def test_no_command_is_the_window_in_both() -> None:
    """(``main`` then makes no parser at all: this is what it takes instead.)"""
    whole, alone = parse(build_parser(), []), parse(build_parser(gui_only=True), [])
    assert whole == alone == ({"command": None}, "", "")


def test_the_gui_only_parser_knows_no_other_command() -> None:
    """So ``main`` must not hand it anything but ``gui`` (or nothing)."""
    result, _, err = parse(build_parser(gui_only=True), ["report", "x.riskwizard"])
    assert result == ("exit", 1) and "invalid choice" in err


def test_the_x11_check_runs_no_program(tmp_path: Path) -> None:
    """Starting the window on X11 checks for libxcb-cursor by asking the loader, not by
    running ``ldconfig`` (``ctypes.util.find_library``) at every start; and finds it here."""
    code = ("import sys\n"
            "ran = []\n"
            "sys.addaudithook(lambda event, args: ran.append(args[0]) "
            "if event == 'subprocess.Popen' else None)\n"
            "from riskwizard.cli import display_problem\n"
            "print(repr(display_problem()), ran)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = ":99"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=60, check=True)
    problem, _, ran = done.stdout.strip().partition(" ")
    assert ran == "[]"
    assert problem == ("None" if _loadable(XCB_CURSOR) else repr(
        "the window needs the system library libxcb-cursor0 (on Debian or Ubuntu: sudo apt "
        "install libxcb-cursor0)"))


def test_loadable_says_what_the_loader_says() -> None:
    assert _loadable("libc.so.6") if sys.platform.startswith("linux") else True
    assert not _loadable("libno-such-library-riskwizard.so.0")
