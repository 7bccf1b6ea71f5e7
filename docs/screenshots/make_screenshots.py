"""Screenshots of the window on the demo practice, for the docs and for looking at it.

Run: QT_QPA_PLATFORM=offscreen python docs/screenshots/make_screenshots.py [--sizes-only]

Besides the named screenshots at 1280×800, every page is shot at each size an office laptop
or monitor has (``SIZES``), into ``docs/screenshots/WIDTHxHEIGHT/``, to look at after a change
to a page; ``tests/ui/test_every_page_fits.py`` checks the same screens for cut text.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from riskwizard.domain.demo import build_demo  # noqa: E402
from riskwizard.resources import installed_questionnaire  # noqa: E402
from riskwizard.store import write_new_file  # noqa: E402

OUT = Path(__file__).resolve().parent
TODAY = date(2026, 11, 24)
SIZES = [(1024, 640), (1366, 768), (1920, 1080)]


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="riskwizard-shots-"))
    os.environ["RISKWIZARD_CONFIG_DIR"] = str(tmp / "config")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from riskwizard.ui.main_window import MainWindow
    from riskwizard.ui.settings import Settings

    questionnaire = installed_questionnaire()
    path = tmp / "Maple Grove Family Medicine.riskwizard"
    write_new_file(path, build_demo(questionnaire, "small", TODAY))
    window = MainWindow(questionnaire, Settings(), today=lambda: TODAY)
    window.settings.add_recent(path)
    window.start.set_recent(window.settings.recent_files())
    window.resize(1280, 800)
    window.show()

    def shot(name: str) -> None:
        app.processEvents()
        window.grab().save(str(OUT / f"{name}.png"))
        print(f"wrote {OUT / name}.png")

    def every_page(size: tuple[int, int]) -> None:
        from riskwizard.ui import pages

        folder = OUT / f"{size[0]}x{size[1]}"
        folder.mkdir(exist_ok=True)
        window.resize(*size)

        def at_size(name: str) -> None:
            app.processEvents()
            window.grab().save(str(folder / f"{name}.png"))

        window.close_practice()
        at_size("start")
        window.open_path(path)
        session = window.session
        assert session is not None
        for spec in pages.ordered():
            if spec.key == "questions":
                longest = max(questionnaire.questions(),
                              key=lambda q: len(q.text) + sum(len(o.label) for o in q.options))
                window.show_question(longest.id)
                at_size("question-longest")
                window.show_question(next(q.id for q in questionnaire.questions()
                                          if q.addressable and q.id in session.answers))
                at_size("question-addressable")
            else:
                window.show_page(spec.key)
                at_size(spec.key)
        window.menus.show_glossary()
        glossary = getattr(window.menus, "glossary", None)
        if glossary is not None:
            app.processEvents()
            glossary.grab().save(str(folder / "glossary.png"))
            glossary.close()
        print(f"wrote {folder}")

    for size in SIZES:
        every_page(size)
    window.close_practice()
    window.resize(1280, 800)
    if "--sizes-only" in sys.argv:
        window.close()
        return 0

    shot("start")
    window.open_path(path)
    shot("dashboard")
    session = window.session
    assert session is not None
    gap = next(q for q in questionnaire.questions()
               if q.addressable and q.guidance.what and q.id in session.answers)
    window.show_question(gap.id)
    shot("question")
    window.show_page("risks")
    shot("risks")
    window.show_page("remediation")
    shot("remediation")
    window.show_page("assets")
    shot("assets")
    window.show_page("vendors")
    shot("vendors")
    window.show_page("practice")
    shot("practice")

    # Year over year: the large demo has five yearly assessments; its latest is open.
    five = tmp / "Maple Grove Family Medicine (five years).riskwizard"
    write_new_file(five, build_demo(questionnaire, "large", TODAY))
    window.open_path(five)
    shot("year-over-year")
    session = window.session
    assert session is not None
    comparison = session.comparison()
    assert comparison is not None
    window.show_question(comparison.closed[0].question.id)
    shot("question-last-time")
    window.open_path(path)

    # The same window in a dark palette, as on a system set to dark mode.
    from PySide6.QtGui import QColor, QPalette

    dark = QPalette()
    for role, color in ((QPalette.ColorRole.Window, "#2b2b2b"),
                        (QPalette.ColorRole.WindowText, "#e6e6e6"),
                        (QPalette.ColorRole.Base, "#1e1e1e"),
                        (QPalette.ColorRole.AlternateBase, "#333333"),
                        (QPalette.ColorRole.Text, "#e6e6e6"),
                        (QPalette.ColorRole.Button, "#3a3a3a"),
                        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
                        (QPalette.ColorRole.Highlight, "#3d6fb4"),
                        (QPalette.ColorRole.HighlightedText, "#ffffff"),
                        (QPalette.ColorRole.PlaceholderText, "#9a9a9a"),
                        (QPalette.ColorRole.Link, "#8ab4f8")):
        dark.setColor(role, QColor(color))
    app.setPalette(dark)
    app.processEvents()
    window.show_question(gap.id)
    shot("question-dark")
    window.show_page("dashboard")
    shot("dashboard-dark")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
