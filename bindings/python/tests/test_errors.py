"""Errors: one hierarchy under toiawase.Error, each exception naming file, line or entry id,
and field — as attributes and in its message."""

from __future__ import annotations

import builtins
import pickle

import pytest

import toiawase


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_error_is_a_toiawase_error_and_none_shadows_a_builtin():
    for name in ("CorpusError", "IndexFileError", "ResourceError", "DictionaryError",
                 "QueryLogError"):
        cls = getattr(toiawase, name)
        assert issubclass(cls, toiawase.Error) and cls.__module__.startswith("toiawase")
    assert issubclass(toiawase.Error, Exception)
    assert not hasattr(toiawase, "IndexError")
    assert not set(toiawase.__all__) & set(dir(builtins))


def test_a_duplicate_id_names_the_file_the_id_and_the_line(tmp_path):
    corpus = write(tmp_path, "faq.toml", """
[[faq]]
id = "sodai"
questions = ["粗大ごみ"]
answer = "申込制です"

[[faq]]
id = "sodai"
questions = ["大きなごみ"]
answer = "申込制です"
""")
    with pytest.raises(toiawase.CorpusError) as caught:
        toiawase.Engine.from_path(corpus)
    err = caught.value
    assert (err.kind, err.path, err.id, err.line, err.field) == (
        "duplicate_id", str(corpus), "sodai", 7, "id")
    assert str(corpus) in str(err) and "sodai" in str(err) and "line 7" in str(err)


def test_a_missing_field_names_the_entry_its_line_and_the_field(tmp_path):
    corpus = write(tmp_path, "faq.toml", """
[[faq]]
id = "juminhyo"
questions = ["住民票"]
""")
    with pytest.raises(toiawase.CorpusError) as caught:
        toiawase.Engine.from_path(corpus)
    err = caught.value
    assert (err.kind, err.id, err.line, err.field) == ("missing_field", "juminhyo", 2, "answer")
    assert "answer" in str(err) and "juminhyo" in str(err)


def test_a_csv_row_with_the_wrong_column_count_names_its_line(tmp_path):
    corpus = write(tmp_path, "faq.csv", "id,question,answer\na,住民票,市民課\nb,犬\n")
    with pytest.raises(toiawase.CorpusError) as caught:
        toiawase.Engine.from_path(corpus)
    assert (caught.value.kind, caught.value.line) == ("column_count", 3)
    assert "line 3" in str(caught.value)


def test_invalid_utf8_names_the_byte_offset(tmp_path):
    corpus = tmp_path / "faq.csv"
    corpus.write_bytes("id,question,answer\na,住民票,".encode() + b"\x82\xa0\n")
    with pytest.raises(toiawase.CorpusError) as caught:
        toiawase.Engine.from_path(corpus)
    err = caught.value
    assert err.kind == "invalid_utf8" and err.line == 2
    assert err.byte_offset == len("id,question,answer\na,住民票,".encode())


def test_a_missing_file_is_a_corpus_error_caused_by_file_not_found(tmp_path):
    with pytest.raises(toiawase.CorpusError) as caught:
        toiawase.Engine.from_path(tmp_path / "nowhere.toml")
    assert caught.value.kind == "io"
    assert isinstance(caught.value.__cause__, FileNotFoundError)


def test_an_unknown_extension_is_an_unknown_format(tmp_path):
    with pytest.raises(toiawase.CorpusError, match="unknown corpus format") as caught:
        toiawase.Engine.from_path(write(tmp_path, "faq.yaml", "faq: []"))
    assert caught.value.kind == "unknown_format"


@pytest.mark.parametrize(
    "entries, kind, entry, id, field",
    [
        ([{"id": "a", "questions": ["住民票"]}], "missing_field", '"a" (entry #1)', "a", "answer"),
        ([{"questions": ["住民票"], "answer": "x"}], "missing_field", "entry #1", None, "id"),
        ([{"id": "a", "questions": ["q"], "answer": "x"}, {"id": "b", "qestions": ["q"], "answer": "x"}],
         "unknown_field", '"b" (entry #2)', "b", "qestions"),
        ([{"id": "a", "questions": [1], "answer": "x"}], "wrong_type", '"a" (entry #1)', "a", "questions"),
        ([{"id": 7, "questions": ["q"], "answer": "x"}], "wrong_type", "entry #1", None, "id"),
        ([{"id": "a", "questions": ["q"], "answer": "x", "keywords": "粗大ごみ"}],
         "wrong_type", '"a" (entry #1)', "a", "keywords"),
        ([{"id": "a", "questions": [], "answer": "x"}], "empty_field", '"a" (entry #1)', "a", "questions"),
        ([{"id": "a", "questions": ["q"], "answer": "  "}], "empty_field", '"a" (entry #1)', "a", "answer"),
        ([{"id": "a", "questions": ["q"], "answer": "x", "metadata": {"fee": float("nan")}}],
         "metadata", '"a" (entry #1)', "a", "metadata.fee"),
        ([{"id": "a", "questions": ["q"], "answer": "x", "metadata": {"when": object()}}],
         "metadata", '"a" (entry #1)', "a", "metadata.when"),
        ([{"id": "a", "questions": ["q"], "answer": "x", "metadata": {"big": 2**70}}],
         "metadata", '"a" (entry #1)', "a", "metadata.big"),
        (["not a dict"], "wrong_type", "entry #1", None, None),
    ],
)
def test_entries_given_as_dicts_are_checked_with_entry_and_field(entries, kind, entry, id, field):
    with pytest.raises(toiawase.CorpusError) as caught:
        toiawase.Engine.from_entries(entries)
    err = caught.value
    assert (err.kind, err.entry, err.id, err.field) == (kind, entry, id, field), str(err)
    assert err.path is None and entry in str(err)


def test_duplicate_ids_among_dicts_name_the_second_entry():
    entries = [{"id": "a", "questions": ["q"], "answer": "x"}] * 2
    with pytest.raises(toiawase.CorpusError) as caught:
        toiawase.Engine.from_entries(entries)
    assert (caught.value.kind, caught.value.id, caught.value.entry) == ("duplicate_id", "a", "entry #2")


def test_metadata_nested_too_deeply_or_containing_itself_is_rejected():
    deep: dict = {}
    node = deep
    for _ in range(40):
        node["x"] = {}
        node = node["x"]
    loop: dict = {}
    loop["self"] = loop
    for metadata in (deep, loop):
        with pytest.raises(toiawase.CorpusError, match="nested deeper"):
            toiawase.Engine.from_entries(
                [{"id": "a", "questions": ["q"], "answer": "x", "metadata": metadata}])


def test_not_an_index_is_bad_magic(tmp_path):
    with pytest.raises(toiawase.IndexFileError) as caught:
        toiawase.Engine.open(write(tmp_path, "faq.idx", "not an index"))
    assert (caught.value.kind, caught.value.path) == ("bad_magic", str(tmp_path / "faq.idx"))


def test_a_truncated_or_corrupted_index_is_rejected_with_its_reason(tmp_path, engine):
    path = tmp_path / "faq.idx"
    engine.save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(toiawase.IndexFileError) as caught:
        toiawase.Engine.open(path)
    assert caught.value.kind == "truncated"

    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x40
    path.write_bytes(bytes(flipped))
    with pytest.raises(toiawase.IndexFileError, match="corrupted") as caught:
        toiawase.Engine.open(path)
    assert caught.value.kind == "checksum"


def test_a_missing_index_is_an_io_error_caused_by_file_not_found(tmp_path):
    with pytest.raises(toiawase.IndexFileError) as caught:
        toiawase.Engine.open(tmp_path / "missing.idx")
    assert caught.value.kind == "io"
    assert isinstance(caught.value.__cause__, FileNotFoundError)


def test_saving_where_no_file_can_be_written_is_an_index_file_error(tmp_path, engine):
    with pytest.raises(toiawase.IndexFileError) as caught:
        engine.save(tmp_path / "no" / "such" / "folder" / "faq.idx")
    assert caught.value.kind == "io"


def test_a_log_that_cannot_be_opened_is_a_query_log_error(tmp_path, sample_path):
    with pytest.raises(toiawase.QueryLogError) as caught:
        toiawase.Engine.from_path(sample_path, log_path=tmp_path / "missing" / "q.jsonl")
    assert caught.value.path == str(tmp_path / "missing" / "q.jsonl")
    assert isinstance(caught.value.__cause__, FileNotFoundError)


def test_errors_survive_pickling_with_their_attributes(tmp_path):
    with pytest.raises(toiawase.CorpusError) as caught:
        toiawase.Engine.from_entries([{"id": "a", "questions": ["q"]}])
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is toiawase.CorpusError
    assert (copy.kind, copy.id, copy.field, str(copy)) == (
        "missing_field", "a", "answer", str(caught.value))


def test_a_log_that_is_not_callable_is_a_type_error(sample_path):
    with pytest.raises(TypeError, match="callable"):
        toiawase.Engine.from_path(sample_path, log="questions.jsonl")
