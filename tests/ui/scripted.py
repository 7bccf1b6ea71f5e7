"""A dialog service for tests: answers from queues, records what it was told."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from riskwizard.ui.dialogs import Dialogs


class ScriptedDialogs(Dialogs):
    """Answers dialogs from queues and records what was said, instead of showing windows."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.infos: list[tuple[str, str, str]] = []
        self.asked: list[str] = []
        self.answers: list[bool] = []
        self.texts: list[str | None] = []
        self.paths: list[Path | None] = []
        self.choices: list[int | None] = []
        self.shown: list[Path] = []
        self.passwords: list[str | None] = []
        self.new_passwords: list[tuple[str, str] | None] = []
        self.password_prompts: list[tuple[str, str]] = []
        """What each password dialog said: (text, problem)."""

    def error(self, parent: Any, title: str, text: str) -> None:
        self.errors.append(text)

    def info(self, parent: Any, title: str, text: str, details: str = "") -> None:
        self.infos.append((title, text, details))

    def ask(self, parent: Any, title: str, text: str, yes: str = "Yes",
            no: str = "Cancel") -> bool:
        self.asked.append(text)
        return self.answers.pop(0) if self.answers else True

    def choose(self, parent: Any, title: str, label: str, items: list[str]) -> int | None:
        return self.choices.pop(0) if self.choices else None

    def text(self, parent: Any, title: str, label: str, value: str = "") -> str | None:
        return self.texts.pop(0) if self.texts else None

    def open_path(self, parent: Any, title: str, filter: str,
                  folder: Path | None = None) -> Path | None:
        return self.paths.pop(0) if self.paths else None

    def save_path(self, parent: Any, title: str, suggested: Path,
                  filter: str) -> Path | None:
        return self.paths.pop(0) if self.paths else None

    def password(self, parent: Any, title: str, text: str, problem: str = "") -> str | None:
        self.password_prompts.append((text, problem))
        return self.passwords.pop(0) if self.passwords else None

    def new_password(self, parent: Any, title: str, text: str,
                     problem: str = "") -> tuple[str, str] | None:
        self.password_prompts.append((text, problem))
        return self.new_passwords.pop(0) if self.new_passwords else None

    def show_file(self, path: Path) -> None:
        self.shown.append(path)
