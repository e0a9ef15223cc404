"""What the tests share: the repository's sample FAQ, its labelled questions, and an engine
built from it once per session."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import pytest

import toiawase

#: The repository root (this file is bindings/python/tests/conftest.py).
REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "examples" / "municipal-faq.toml"
TUNE = REPO / "tests" / "data" / "quality" / "sample" / "tune.tsv"


def labelled_questions() -> List[Tuple[str, str, str]]:
    """``(question, expected ids or "-", tier)`` from the sample's tuning set."""
    rows = []
    for line in TUNE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        question, expected, tier = (line.split("\t") + ["", ""])[:3]
        rows.append((question, expected, tier))
    return rows


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def engine() -> toiawase.Engine:
    """The sample FAQ's engine, without a log (shared: engines are immutable)."""
    return toiawase.Engine.from_path(SAMPLE)


@pytest.fixture(scope="session")
def questions() -> List[str]:
    return [question for question, _, _ in labelled_questions()]
