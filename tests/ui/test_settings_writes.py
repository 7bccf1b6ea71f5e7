"""Issue 15, opening a practice: the settings file is written (and synced to disk) only when
what it holds changed — reopening the file already on top of the recent list writes nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from riskwizard.ui.settings import MAX_RECENT, Settings


def stamp(path: Path) -> tuple[int, int] | None:
    """When the file was last written, and which file it is (a rename makes a new one)."""
    return (path.stat().st_mtime_ns, path.stat().st_ino) if path.exists() else None


NAMES = st.sampled_from([f"clinic {n}.riskwizard" for n in range(MAX_RECENT + 3)])


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(st.tuples(st.sampled_from(["add", "forget"]), NAMES), max_size=14))
def test_recent_files_follow_and_unchanged_settings_are_not_rewritten(
        steps: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder).resolve()
        s = Settings(root / "config")
        model: list[Path] = []
        last: Path | None = None
        for action, name in steps:
            path = root / name
            s.sync()
            before = stamp(s.path)
            if action == "add":
                unchanged = model[:1] == [path] and last == path
                s.add_recent(path)
                model = ([path] + [p for p in model if p != path])[:MAX_RECENT]
                last = path
            else:
                unchanged = path not in model and last != path
                s.forget(path)
                model = [p for p in model if p != path]
                last = None if last == path else last
            s.sync()
            assert s.recent_files() == model
            assert s.last_file() == last
            after = stamp(s.path)
            if unchanged:
                assert after == before, f"{action} {name} rewrote unchanged settings"
        assert Settings(root / "config").recent_files() == model
