"""The exceptions toiawase raises: one class per concern, all under ``toiawase.Error``.

Each carries what the underlying error names, as attributes (None when it does not
apply) and in its message: the file, the line or entry id, and the field. ``kind`` says
what went wrong in one word, for code that handles cases differently.
"""

from __future__ import annotations

from typing import Optional


class Error(Exception):
    """Base class of every error toiawase raises: catch it to catch them all.

    Attributes:
        kind: what went wrong, e.g. ``"duplicate_id"``, ``"checksum"``, ``"io"``.
        path: the file involved, or None (entries given in memory, no file).
    """

    def __init__(self, message: str, *, kind: str = "error", path: Optional[str] = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.path = path


class CorpusError(Error):
    """A corpus could not be read or is invalid (``Engine.from_path``, ``Engine.from_entries``).

    Attributes (None when they do not apply):
        line: the 1-based line in the file.
        entry: the entry as named in the message (``'"sodai" (line 12)'``, ``'entry #3'``).
        id: the entry's id.
        field: the field (``"questions"``, ``"answer"``, ``"metadata.url"`` …).
        byte_offset: for invalid UTF-8, the offset of the first bad byte.

    ``kind`` is one of ``io`` (the ``OSError`` is the ``__cause__``), ``unknown_format``,
    ``invalid_utf8``, ``syntax``, ``missing_field``, ``empty_field``, ``unknown_field``,
    ``wrong_type``, ``duplicate_id``, ``unknown_header``, ``column_count``,
    ``unclosed_quote``, ``quote_swallows_row``, ``text_after_quote``,
    ``conflicting_answer``, ``metadata``, ``no_entries``.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str = "corpus",
        path: Optional[str] = None,
        line: Optional[int] = None,
        entry: Optional[str] = None,
        id: Optional[str] = None,
        field: Optional[str] = None,
        byte_offset: Optional[int] = None,
    ) -> None:
        super().__init__(message, kind=kind, path=path)
        self.line = line
        self.entry = entry
        self.id = id
        self.field = field
        self.byte_offset = byte_offset


class IndexFileError(Error):
    """An index file could not be written or opened (``Engine.save``, ``Engine.open``).

    ``kind`` is one of ``io`` (the ``OSError`` is the ``__cause__``), ``bad_magic`` (not an
    index), ``unsupported_version``, ``truncated``, ``checksum`` (corrupted),
    ``malformed``, ``dictionary_mismatch`` (built with another system dictionary).
    Named so as not to shadow the built-in ``IndexError``.
    """


class ResourceError(Error):
    """A language resource (user dictionary, synonyms, stop words …) is invalid, or the
    resources stored in an index file are.

    Attributes:
        file: the resource file's name (e.g. ``"synonyms.txt"``), or None.
        line: the 1-based line in it, or None.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str = "resource",
        path: Optional[str] = None,
        file: Optional[str] = None,
        line: Optional[int] = None,
    ) -> None:
        super().__init__(message, kind=kind, path=path)
        self.file = file
        self.line = line


class DictionaryError(Error):
    """The system dictionary (IPADIC) could not be loaded.

    Attributes:
        dictionary: which one (``"embedded IPADIC"`` or a folder).
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str = "dictionary",
        path: Optional[str] = None,
        dictionary: Optional[str] = None,
    ) -> None:
        super().__init__(message, kind=kind, path=path)
        self.dictionary = dictionary


class QueryLogError(Error):
    """The JSON Lines query log (``log_path=``) could not be opened; the ``OSError`` is
    the ``__cause__``."""
