"""Type stubs of the native module; import everything from ``toiawase``."""

import os
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union, final

from ._types import Decision, EntryDict, LogRecord, MatchKind, SmallTalk, Stats

_StrPath = Union[str, os.PathLike[str]]

__all__ = [
    "Engine",
    "Response",
    "Match",
    "Explanation",
    "TermMatch",
    "Thresholds",
    "_time_asks",
    "MAX_QUERY_CHARS",
    "FORMAT_VERSION",
]

MAX_QUERY_CHARS: int
"""Longest question analysed, in characters after normalization; longer input is cut."""
FORMAT_VERSION: int
"""The index file format version this build reads and writes."""

@final
class Engine:
    """A compiled FAQ, ready to answer residents' questions.

    Build it once (``from_path``, ``from_entries``) or open a saved index (``open``), and
    share it between threads: building, opening, saving and asking release the GIL. To
    reload the FAQ while serving, build a new engine and swap the reference.
    """

    @staticmethod
    def from_path(
        path: _StrPath,
        *,
        lenient: bool = False,
        answer: Optional[float] = None,
        margin: Optional[float] = None,
        suggest: Optional[float] = None,
        menu: Optional[float] = None,
        log: Optional[Callable[[LogRecord], object]] = None,
        log_path: Optional[_StrPath] = None,
        log_masking: bool = True,
        log_mask_shapes: Optional[Sequence[Tuple[str, str]]] = None,
    ) -> "Engine":
        """Reads a corpus file (TOML, JSON, CSV or 5374 ``target.csv``) and compiles it.

        Raises ``CorpusError`` naming the file, line or entry, and field."""
    @staticmethod
    def from_entries(
        entries: Iterable[Dict[str, Any]],
        *,
        answer: Optional[float] = None,
        margin: Optional[float] = None,
        suggest: Optional[float] = None,
        menu: Optional[float] = None,
        log: Optional[Callable[[LogRecord], object]] = None,
        log_path: Optional[_StrPath] = None,
        log_masking: bool = True,
        log_mask_shapes: Optional[Sequence[Tuple[str, str]]] = None,
    ) -> "Engine":
        """Compiles entries given as dicts (``id``, ``questions``, ``answer``, and optionally
        ``category``, ``title``, ``aliases``, ``keywords``, ``metadata``).

        Raises ``CorpusError`` naming the entry and field."""
    @staticmethod
    def open(
        path: _StrPath,
        *,
        answer: Optional[float] = None,
        margin: Optional[float] = None,
        suggest: Optional[float] = None,
        menu: Optional[float] = None,
        log: Optional[Callable[[LogRecord], object]] = None,
        log_path: Optional[_StrPath] = None,
        log_masking: bool = True,
        log_mask_shapes: Optional[Sequence[Tuple[str, str]]] = None,
    ) -> "Engine":
        """Opens an index file written by ``save``. Raises ``IndexFileError`` or ``ResourceError``."""
    def save(self, path: _StrPath) -> None:
        """Writes the index atomically. Raises ``IndexFileError``."""
    def ask(
        self,
        question: str,
        *,
        limit: int = 5,
        category: Optional[str] = None,
        explain: bool = False,
        session: Optional[str] = None,
    ) -> "Response":
        """Answers a question. ``category`` must be one of ``categories()`` (else ``ValueError``)."""
    def record_choice(self, question: str, chosen_id: str, session: Optional[str] = None) -> None:
        """Records which entry a resident picked from a menu offered for ``question``."""
    def entry(self, id: str) -> Optional[EntryDict]:
        """The entry with this id, or None."""
    def entry_ids(self) -> List[str]:
        """The entry ids, in corpus order."""
    def categories(self) -> List[str]:
        """The distinct categories, sorted."""
    @property
    def thresholds(self) -> "Thresholds":
        """The thresholds this engine decides with."""
    @property
    def stats(self) -> Stats:
        """Counts of entries, phrasings, terms and readings."""
    @property
    def skipped(self) -> List[Tuple[int, str]]:
        """Rows a lenient load skipped, as ``(line, reason)``."""
    @property
    def log_failures(self) -> int:
        """Records that could not be logged (failed writes, ``log`` calls that raised)."""
    def __len__(self) -> int: ...

@final
class Response:
    """The engine's reply to one question."""

    @property
    def decision(self) -> Decision:
        """``"answer"``, ``"ambiguous"`` or ``"no_match"``."""
    @property
    def small_talk(self) -> Optional[SmallTalk]:
        """Which kind of small talk the message was, or None for a question."""
    @property
    def query(self) -> str:
        """The question after normalization."""
    @property
    def candidates(self) -> List["Match"]:
        """The candidates, best first (a new list on each access)."""
    @property
    def menu(self) -> List["Match"]:
        """The candidates that belong in a もしかして menu."""
    @property
    def answer(self) -> Optional["Match"]:
        """The answering match when the decision is ``"answer"``, else None."""
    @property
    def best(self) -> Optional["Match"]:
        """The best candidate whatever the decision, or None."""
    def to_dict(self) -> Dict[str, Any]:
        """The response as plain data."""

@final
class Match:
    """A candidate answer."""

    @property
    def id(self) -> str: ...
    @property
    def confidence(self) -> float:
        """In [0, 1]."""
    @property
    def phrasing(self) -> str:
        """The entry's phrasing that matched best."""
    @property
    def answer(self) -> str: ...
    @property
    def category(self) -> Optional[str]: ...
    @property
    def title(self) -> Optional[str]: ...
    @property
    def metadata(self) -> Dict[str, Any]:
        """The entry's metadata (a new dict on each access)."""
    @property
    def explanation(self) -> Optional["Explanation"]:
        """Present when asked with ``explain=True``."""
    def label(self, max_chars: int = 20) -> str:
        """A menu label of at most ``max_chars`` characters: the title when it fits, else the
        phrasing cut with ``…``."""
    def to_dict(self) -> Dict[str, Any]:
        """The match as plain data."""

@final
class Explanation:
    """Why a candidate was ranked where it is."""

    @property
    def matched(self) -> List["TermMatch"]: ...
    @property
    def unmatched(self) -> List[str]: ...
    @property
    def query_coverage(self) -> float: ...
    @property
    def phrasing_coverage(self) -> float: ...
    @property
    def similarity(self) -> float: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class TermMatch:
    """One question word matched to one index term."""

    @property
    def query(self) -> str: ...
    @property
    def term(self) -> str: ...
    @property
    def kind(self) -> MatchKind: ...
    @property
    def distance(self) -> Optional[int]:
        """For a fuzzy match, the number of edits; else None."""
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Thresholds:
    """Where the decision falls between answer, ambiguous and no match."""

    @property
    def answer(self) -> float: ...
    @property
    def margin(self) -> float: ...
    @property
    def suggest(self) -> float: ...
    @property
    def menu(self) -> float: ...

def _time_asks(engine: Engine, questions: List[str], rounds: int) -> List[int]:
    """Times ``ask`` in Rust (nanoseconds per ask), for the overhead benchmark."""
