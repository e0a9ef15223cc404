"""Threads: asking, building and opening release the GIL, threads sharing one engine get
what one thread gets, and an engine is swapped while threads ask.

The GIL tests cannot be flaky on a loaded machine because they measure no time: each
makes the engine block inside Rust — reading a corpus or an index from a named pipe, or
writing its query log into a pipe that is full — until the main thread, running Python,
feeds or drains the pipe. The child process turns off Python's periodic GIL hand-over
(`sys.setswitchinterval`), so the main thread runs only when the engine lets go of the
GIL: if a call held it while it blocked, the child would hang until the parent gives up.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

import pytest

import toiawase

#: How long a child may take; it needs a second or two, a deadlock takes forever.
DEADLOCK_TIMEOUT_S = 300

needs_fifo = pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs os.mkfifo")

CHILD = textwrap.dedent(
    r"""
    import os, sys, threading
    import toiawase

    mode, folder, sample = sys.argv[1:4]
    # Python hands the GIL to a waiting thread every 5 ms; never, here. A thread gets it
    # only when the holder gives it up: blocking in I/O, or in the engine if it detaches.
    sys.setswitchinterval(1000)
    fifo = os.path.join(folder, {"build": "faq.toml", "open": "faq.idx", "ask": "q.jsonl"}[mode])
    os.mkfifo(fifo)
    done = {}

    if mode == "build":
        # The engine reads its corpus from the pipe, which only this thread writes.
        worker = threading.Thread(target=lambda: done.setdefault("engine", toiawase.Engine.from_path(fifo)))
        worker.start()
        with open(sample, "rb") as source, open(fifo, "wb") as pipe:
            pipe.write(source.read())
        worker.join()
        assert done["engine"].ask("じてんしゃ すてたい").decision == "answer"

    elif mode == "open":
        index = os.path.join(folder, "saved.idx")
        toiawase.Engine.from_path(sample).save(index)
        worker = threading.Thread(target=lambda: done.setdefault("engine", toiawase.Engine.open(fifo)))
        worker.start()
        with open(index, "rb") as source, open(fifo, "wb") as pipe:
            pipe.write(source.read())
        worker.join()
        assert done["engine"].ask("じてんしゃ すてたい").decision == "answer"

    elif mode == "ask":
        # Each ask writes a record into the pipe; a pipe holds at most 1 MiB, these records
        # several, so asking blocks until this thread reads.
        asks = 2500
        question = ("粗大ごみの出し方と住民票の写しについて教えてください" * 20)[:256]

        def ask():
            engine = toiawase.Engine.from_path(sample, log_path=fifo, log_masking=False)
            for _ in range(asks):
                engine.ask(question)
            del engine  # closes the log: the reader sees the end

        worker = threading.Thread(target=ask)
        worker.start()
        received = b""
        with open(fifo, "rb") as pipe:
            while chunk := pipe.read(65536):
                received += chunk
        worker.join()
        assert received.count(b"\n") == asks, received.count(b"\n")
        assert len(received) > 2 * 1024 * 1024, len(received)  # more than any pipe holds

    print("ok", mode)
    """
)


@needs_fifo
@pytest.mark.parametrize("mode", ["ask", "build", "open"])
def test_the_gil_is_released_while_the_engine_works(tmp_path, sample_path, mode):
    try:
        child = subprocess.run(
            [sys.executable, "-c", CHILD, mode, str(tmp_path), str(sample_path)],
            capture_output=True,
            text=True,
            timeout=DEADLOCK_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{mode}: the engine held the GIL while blocked (the child deadlocked)")
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == f"ok {mode}"


def test_threads_sharing_an_engine_get_what_one_thread_gets(engine, questions):
    expected = [engine.ask(q).to_dict() for q in questions]
    results = {}

    def ask_all(worker):
        # Each thread starts at another question, so that they overlap on different ones.
        order = list(range(len(questions)))
        order = order[worker * 37:] + order[: worker * 37]
        results[worker] = {i: engine.ask(questions[i]).to_dict() for i in order}

    threads = [threading.Thread(target=ask_all, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker in range(4):
        assert [results[worker][i] for i in range(len(questions))] == expected


def test_an_engine_swapped_while_threads_ask_keeps_every_question_answered(sample_path):
    old = toiawase.Engine.from_path(sample_path)
    entries = [old.entry(i) for i in old.entry_ids()]
    for entry in entries:
        entry["answer"] = "【v2】" + entry["answer"]
    current = [old]
    stop = threading.Event()
    seen = {"old": 0, "new": 0}
    errors = []

    def ask_until_stopped():
        while not stop.is_set():
            try:
                answer = current[0].ask("じてんしゃ すてたい").candidates[0].answer
                seen["new" if answer.startswith("【v2】") else "old"] += 1
            except Exception as err:  # pragma: no cover - the failure being tested for
                errors.append(err)

    def wait_until_seen(which):
        deadline = time.monotonic() + 60
        while seen[which] == 0 and not errors and time.monotonic() < deadline:
            time.sleep(0.01)

    threads = [threading.Thread(target=ask_until_stopped) for _ in range(3)]
    for thread in threads:
        thread.start()
    wait_until_seen("old")
    current[0] = toiawase.Engine.from_entries(entries)  # the reload: build, then swap
    wait_until_seen("new")
    stop.set()
    for thread in threads:
        thread.join()
    assert errors == [] and seen["old"] > 0 and seen["new"] > 0
