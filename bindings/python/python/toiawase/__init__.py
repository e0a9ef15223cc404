"""toiawase (問い合わせ): answer Japanese questions from an FAQ.

Residents' free-form questions — typed on a phone, in hiragana, with typos, in plain or
polite form — are matched to the right FAQ entry, or the engine honestly says it does
not know. It runs in-process, in microseconds, with no server and no network; the GIL
is released while it builds, opens and answers.

    import toiawase

    engine = toiawase.Engine.from_path("faq.toml")      # or Engine.open("faq.idx")
    response = engine.ask("そだいごみ どうやって出す？")
    if response.small_talk:
        print("こんにちは。ご質問をどうぞ。")
    elif response.decision == "answer":
        print(response.candidates[0].answer)
    elif response.decision == "ambiguous":
        print("もしかして:", " / ".join(m.label(20) for m in response.menu))
    else:
        print("申し訳ありません。担当窓口にお問い合わせください。")
"""

from ._errors import (
    CorpusError,
    DictionaryError,
    Error,
    IndexFileError,
    QueryLogError,
    ResourceError,
)
from ._types import (
    Decision,
    EntryDict,
    LoggedCandidate,
    LogRecord,
    MatchKind,
    SmallTalk,
    Stats,
)
from ._native import (
    FORMAT_VERSION,
    MAX_QUERY_CHARS,
    Engine,
    Explanation,
    Match,
    Response,
    TermMatch,
    Thresholds,
)

__all__ = [
    "Engine",
    "Response",
    "Match",
    "Explanation",
    "TermMatch",
    "Thresholds",
    "Error",
    "CorpusError",
    "IndexFileError",
    "ResourceError",
    "DictionaryError",
    "QueryLogError",
    "Decision",
    "SmallTalk",
    "MatchKind",
    "EntryDict",
    "LogRecord",
    "LoggedCandidate",
    "Stats",
    "MAX_QUERY_CHARS",
    "FORMAT_VERSION",
]
