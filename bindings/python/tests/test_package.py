"""The package as installed: one abi3 module, type stubs that match it, docstrings."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import toiawase
import toiawase._native

TESTS = Path(__file__).resolve().parent

USAGE = '''
import toiawase

engine = toiawase.Engine.from_path("faq.toml", answer=0.5, log=lambda record: None)
response = engine.ask("そだいごみ", limit=3, session="s")
decision: toiawase.Decision = response.decision
labels: list[str] = [m.label(20) for m in response.menu]
best = response.best
if best is not None:
    confidence: float = best.confidence
    office = best.metadata.get("office")
entry = engine.entry("sodai")
if entry is not None:
    questions: list[str] = entry["questions"]
try:
    toiawase.Engine.open("faq.idx")
except toiawase.CorpusError as err:
    line: int | None = err.line
except toiawase.Error as err:
    kind: str = err.kind
'''


def test_the_package_is_typed_and_one_abi3_module():
    package = Path(toiawase.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_native.pyi").is_file()
    assert Path(toiawase._native.__file__).name.endswith((".abi3.so", ".pyd"))


def test_everything_public_is_exported_and_documented():
    for name in toiawase.__all__:
        obj = getattr(toiawase, name)
        if inspect.isclass(obj) and name not in ("EntryDict", "LogRecord", "LoggedCandidate", "Stats"):
            assert obj.__doc__, name
            for member, value in vars(obj).items():
                if not member.startswith("_") and callable(getattr(value, "__get__", None)):
                    assert getattr(obj, member).__doc__, f"{name}.{member}"
    assert toiawase.__doc__ and "Engine.from_path" in toiawase.__doc__


@pytest.mark.skipif(sys.version_info < (3, 10), reason="stubtest misreads typing's run-time objects before 3.10")
def test_the_stubs_match_the_module():
    pytest.importorskip("mypy", reason="stub checks need mypy (pip install mypy)")
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "toiawase",
         "--allowlist", str(TESTS / "stubtest-allowlist.txt")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_typical_use_type_checks_strictly(tmp_path):
    pytest.importorskip("mypy", reason="type checks need mypy (pip install mypy)")
    (tmp_path / "usage.py").write_text(USAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10",
         "--cache-dir", str(tmp_path / ".mypy_cache"), str(tmp_path / "usage.py")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
