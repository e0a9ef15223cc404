"""The query log from Python: a callable receiving each record as a dict, and the JSON
Lines file of the Rust crate — masked, owner-only, with menu picks recorded."""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest

import toiawase

PHONE_QUESTION = "自転車を捨てたい 電話は090-1234-5678"


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_callable_receives_each_question_as_a_masked_record(sample_path):
    records = []
    engine = toiawase.Engine.from_path(sample_path, log=records.append)
    engine.ask(PHONE_QUESTION, session="hashed-user")
    engine.ask("駅までの道を教えて")
    engine.ask("こんにちは")
    assert len(records) == 3
    first, declined, greeting = records
    assert first["question"] == "自転車を捨てたい 電話は<電話番号>"
    assert (first["decision"], first["top"], first["session"]) == ("answer", "jitensha", "hashed-user")
    assert first["candidates"][0] == {"id": "jitensha", "confidence": first["confidence"]}
    assert len(first["candidates"]) <= 3 and first["chosen"] is None
    assert isinstance(first["time_ms"], int) and first["time_ms"] > 1_600_000_000_000
    assert declined["decision"] == "no_match" and declined["session"] is None
    assert greeting["small_talk"] == "greeting"
    assert set(first) == {"time_ms", "question", "decision", "top", "confidence", "candidates",
                          "small_talk", "session", "chosen"}


def test_a_pick_from_a_menu_is_recorded_as_a_choice(sample_path):
    records = []
    engine = toiawase.Engine.from_path(sample_path, log=records.append)
    engine.record_choice("犬", "inu-touroku", "hashed-user")
    engine.record_choice("犬", "inu-touroku")
    assert [(r["question"], r["chosen"], r["session"]) for r in records] == [
        ("犬", "inu-touroku", "hashed-user"), ("犬", "inu-touroku", None)]


def test_masking_can_be_turned_off_or_extended(sample_path):
    unmasked, extended = [], []
    toiawase.Engine.from_path(sample_path, log=unmasked.append, log_masking=False).ask(PHONE_QUESTION)
    toiawase.Engine.from_path(
        sample_path, log=extended.append, log_mask_shapes=[("受付番号 ####", "<受付番号>")]
    ).ask("受付番号 1234 の粗大ごみ")
    assert unmasked[0]["question"].endswith("090-1234-5678")
    assert "<受付番号>" in extended[0]["question"] and "1234" not in extended[0]["question"]


def test_the_json_lines_log_is_owner_only_masked_and_records_choices(tmp_path, sample_path):
    path = tmp_path / "questions.jsonl"
    engine = toiawase.Engine.from_path(sample_path, log_path=path)
    engine.ask(PHONE_QUESTION, session="s1")
    engine.ask("犬", session="s1")
    engine.record_choice("犬", "inu-touroku", "s1")
    records = read_jsonl(path)
    assert [r["decision"] for r in records] == ["answer", "ambiguous", "ambiguous"]
    assert records[0]["question"] == "自転車を捨てたい 電話は<電話番号>"
    assert records[0]["session"] == "s1"
    assert records[2]["chosen"] == "inu-touroku"
    assert "090" not in path.read_text(encoding="utf-8")
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert engine.log_failures == 0


def test_both_logs_at_once_receive_the_same_questions(tmp_path, sample_path):
    path, records = tmp_path / "q.jsonl", []
    engine = toiawase.Engine.from_path(sample_path, log=records.append, log_path=path)
    for question in ("住民票", "犬", "こんにちは"):
        engine.ask(question)
    assert [r["question"] for r in records] == [r["question"] for r in read_jsonl(path)]


def test_an_opened_index_logs_too(tmp_path, engine):
    engine.save(tmp_path / "faq.idx")
    records = []
    opened = toiawase.Engine.open(tmp_path / "faq.idx", log=records.append)
    opened.ask("住民票")
    assert records[0]["top"] == opened.ask("住民票").best.id


def test_a_hook_that_raises_costs_no_answer_and_is_reported_and_counted(sample_path, monkeypatch):
    def broken(record):
        raise RuntimeError("the log store is down")

    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    engine = toiawase.Engine.from_path(sample_path, log=broken)
    response = engine.ask("じてんしゃ すてたい")
    assert response.decision == "answer"
    assert engine.log_failures == 1
    assert [str(r.exc_value) for r in reported] == ["the log store is down"]
    assert reported[0].object is broken


def test_an_engine_without_a_log_records_nothing_and_counts_nothing(engine):
    engine.record_choice("犬", "inu-touroku")
    assert engine.log_failures == 0
