"""Save dialogs never open in the program's own (hidden) folder, where the demo practice is
kept: a report or a new practice file suggested there is suggested in the person's
Documents folder instead, under the same name; anywhere else is left as suggested."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from riskwizard.ui.dialogs import place_to_save
from riskwizard.ui.settings import data_dir

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                              exclude_characters="/\\\x00"), min_size=1, max_size=40
                ).map(str.strip).filter(lambda n: n not in ("", ".", ".."))


@given(name=names, sub=st.lists(names, max_size=2))
def test_the_programs_folder_is_never_offered(name: str, sub: list[str]) -> None:
    documents = Path("/home/someone/Documents")
    inside = data_dir().joinpath(*sub) / f"{name}.pdf"
    assert place_to_save(inside, documents) == documents / f"{name}.pdf"


@given(name=names)
def test_anywhere_else_is_left_alone(name: str) -> None:
    elsewhere = Path("/srv/clinic files") / f"{name}.riskwizard"
    assert place_to_save(elsewhere, Path("/home/someone/Documents")) == elsewhere
