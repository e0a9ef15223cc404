"""The shapes of the plain data toiawase takes and gives, for type checkers (all are
ordinary dicts and strings at run time)."""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Optional, TypedDict

Decision = Literal["answer", "ambiguous", "no_match"]
"""What the engine concluded: answer with the best candidate, offer a menu, or apologise."""

SmallTalk = Literal["greeting", "thanks", "acknowledgement", "apology", "farewell", "test"]
"""Which kind of small talk a message was."""

MatchKind = Literal["exact", "synonym", "reading", "related", "compound_part", "fuzzy"]
"""How a question word reached an index term."""


class EntryDict(TypedDict):
    """An entry as ``Engine.entry`` returns it. ``Engine.from_entries`` reads the same keys;
    there only ``id``, ``questions`` and ``answer`` are required, and ``questions`` may be
    one string."""

    id: str
    questions: List[str]
    answer: str
    category: Optional[str]
    title: Optional[str]
    aliases: List[str]
    keywords: List[str]
    metadata: Dict[str, Any]


class LoggedCandidate(TypedDict):
    """One of the best candidates of a logged question."""

    id: str
    confidence: float


class LogRecord(TypedDict):
    """What a ``log=`` callable receives: the fields of a JSON Lines record, None when
    absent. ``question`` is the question as analysed (normalized, cut at
    ``MAX_QUERY_CHARS``), personal data masked unless ``log_masking=False``; ``chosen`` is
    set on the record of a pick from a menu (``Engine.record_choice``)."""

    time_ms: int
    question: str
    decision: Decision
    top: Optional[str]
    confidence: float
    candidates: List[LoggedCandidate]
    small_talk: Optional[SmallTalk]
    session: Optional[str]
    chosen: Optional[str]


class Stats(TypedDict):
    """Counts describing an engine's index."""

    entries: int
    phrasings: int
    terms: int
    readings: int
