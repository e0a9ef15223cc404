"""The LINE bot example end to end, on 127.0.0.1: the bot runs as LINE would run it
(``examples/line_bot.py``, a process of its own) with the SDK's API client pointed at a
local stand-in for the Messaging API; correctly and wrongly signed webhook bodies are
posted to it, and the reply requests the stand-in receives are checked. No LINE server
is contacted."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("flask", reason="the LINE bot example needs flask (pip install flask)")
pytest.importorskip("linebot.v3", reason="the LINE bot example needs line-bot-sdk 3.x")

BOT = Path(__file__).resolve().parents[1] / "examples" / "line_bot.py"
SECRET = "channel-secret"
TOKEN = "channel-access-token"
#: How long to wait for the bot to start or a reply to arrive (a loaded CI machine).
PATIENCE_S = 60


class StandIn:
    """A local stand-in for LINE's Messaging API: records every request's path,
    authorization and JSON body, and answers as LINE does."""

    def __init__(self) -> None:
        self.requests: "queue.Queue[dict]" = queue.Queue()
        requests = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                requests.put({
                    "path": self.path,
                    "authorization": self.headers.get("authorization"),
                    "body": body,
                })
                reply = json.dumps({"sentMessages": [{"id": "1", "quoteToken": "q"}]}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def next_request(self) -> dict:
        return self.requests.get(timeout=PATIENCE_S)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class RunningBot:
    """``examples/line_bot.py`` started on a free port, and what it printed."""

    def __init__(self, corpus: Path, log: Path, api: str) -> None:
        env = dict(os.environ, LINE_CHANNEL_SECRET=SECRET, LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
                   LINE_API_BASE=api, PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, str(BOT), str(corpus), "--port", "0", "--log", str(log)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )
        self.output: "queue.Queue[str]" = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for("listening on ")
        self.url = line.split("listening on ")[1].split()[0]  # http://127.0.0.1:PORT/callback

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.put(line)

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + PATIENCE_S
        seen = []
        while time.monotonic() < deadline:
            try:
                line = self.output.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"the bot never printed {text!r}; it printed:\n{''.join(seen)}")

    def post(self, body: bytes, signature: "str | None") -> int:
        headers = {"content-type": "application/json"}
        if signature is not None:
            headers["x-line-signature"] = signature
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=PATIENCE_S) as response:
                return response.status
        except urllib.error.HTTPError as err:
            return err.code

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def sign(body: bytes, secret: str = SECRET) -> str:
    """What LINE sends as ``x-line-signature``: base64 of HMAC-SHA256 of the body."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def event(kind: str, token: str, **content: object) -> bytes:
    """A webhook body holding one event from user U123, as LINE posts it."""
    body = {
        "destination": "U" + "0" * 32,
        "events": [dict({
            "type": kind,
            "mode": "active",
            "timestamp": 1_700_000_000_000,
            "webhookEventId": "01HZZZZZZZZZZZZZZZZZZZZZZZ",
            "deliveryContext": {"isRedelivery": False},
            "replyToken": token,
            "source": {"type": "user", "userId": "U123"},
        }, **content)],
    }
    return json.dumps(body, ensure_ascii=False).encode()


def text_event(text: str, token: str) -> bytes:
    return event("message", token, message={"type": "text", "id": "1", "text": text,
                                            "quoteToken": "q"})


@pytest.fixture()
def running(tmp_path, sample_path):
    corpus = tmp_path / "faq.toml"
    shutil.copy(sample_path, corpus)
    api = StandIn()
    bot = RunningBot(corpus, tmp_path / "questions.jsonl", api.url)
    yield bot, api, corpus, tmp_path / "questions.jsonl"
    bot.stop()
    api.close()


def ask(bot: RunningBot, api: StandIn, body: bytes, token: str) -> dict:
    """Posts a correctly signed body; returns the reply the stand-in received for it."""
    assert bot.post(body, sign(body)) == 200
    request = api.next_request()
    assert request["path"] == "/v2/bot/message/reply"
    assert request["authorization"] == f"Bearer {TOKEN}"
    assert request["body"]["replyToken"] == token
    return request["body"]


def test_the_line_bot_answers_offers_a_menu_records_the_pick_and_ignores_bad_signatures(running):
    bot, api, _, log = running

    # A confident answer: one text reply, to the event's reply token.
    reply = ask(bot, api, text_event("じてんしゃ すてたい", "t-answer"), "t-answer")
    assert len(reply["messages"]) == 1
    assert reply["messages"][0]["type"] == "text"
    assert "自転車" in reply["messages"][0]["text"]
    assert "quickReply" not in reply["messages"][0]

    # Unsure (「犬」: registration, or a change or death?): a quick-reply menu whose buttons
    # post back entry ids, with labels of at most 20 characters.
    reply = ask(bot, api, text_event("犬", "t-menu"), "t-menu")
    message = reply["messages"][0]
    assert message["text"] == "もしかして、次のどれかでしょうか？"
    items = message["quickReply"]["items"]
    assert 2 <= len(items) <= 13
    data = [item["action"]["data"] for item in items]
    assert "choose=inu-touroku" in data
    for item in items:
        assert item["type"] == "action" and item["action"]["type"] == "postback"
        assert 1 <= len(item["action"]["label"]) <= 20
        assert item["action"]["displayText"] == item["action"]["label"]
    labels = {item["action"]["data"]: item["action"]["label"] for item in items}
    assert labels["choose=inu-touroku"] == "犬の登録の手続き"

    # The pick from the menu: the entry's answer, and the choice in the log.
    reply = ask(bot, api, event("postback", "t-pick", postback={"data": "choose=inu-touroku"}),
                "t-pick")
    assert "登録" in reply["messages"][0]["text"]

    # Nothing covers it: the apology. Small talk: a polite reply.
    reply = ask(bot, api, text_event("駅までの道を教えて 090-1234-5678", "t-none"), "t-none")
    assert reply["messages"][0]["text"].startswith("申し訳ありません")
    reply = ask(bot, api, text_event("こんにちは", "t-hello"), "t-hello")
    assert reply["messages"][0]["text"].startswith("こんにちは")
    reply = ask(bot, api, text_event("ありがとうございました", "t-thanks"), "t-thanks")
    assert reply["messages"][0]["text"].startswith("どういたしまして")

    # A wrong signature, a missing one, a body changed after signing: 400, no reply.
    body = text_event("じてんしゃ すてたい", "t-bad")
    tampered = body.replace("じてんしゃ".encode(), "住民票".encode())
    for posted, signature in [(body, sign(body, "another-secret")), (body, None),
                              (tampered, sign(body)), (body, "not base64 at all")]:
        assert bot.post(posted, signature) == 400
    # The next request the stand-in receives is the reply to a good body, not to the bad.
    ask(bot, api, text_event("住民票", "t-after"), "t-after")
    assert api.requests.empty()

    # The query log: every question, masked, under a hash of the user id; the pick too.
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [r["decision"] for r in records if r.get("chosen") is None][:2] == ["answer", "ambiguous"]
    choice = [r for r in records if r.get("chosen")]
    assert [(c["chosen"], c["question"]) for c in choice] == [("inu-touroku", "犬")]
    assert all(r.get("session") not in (None, "U123") for r in records)
    assert "090-1234-5678" not in log.read_text(encoding="utf-8")
    assert any("<電話番号>" in r["question"] for r in records)


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="reloads on SIGHUP")
def test_the_line_bot_reloads_its_faq_without_downtime(running):
    bot, api, corpus, _ = running
    question = "パスポート"
    reply = ask(bot, api, text_event(question, "t-before"), "t-before")
    assert reply["messages"][0]["text"].startswith("申し訳ありません")

    with corpus.open("a", encoding="utf-8") as faq:
        faq.write('\n[[faq]]\nid = "passport"\nquestions = ["パスポートの申請はどこでできますか", "パスポート"]\n'
                  'answer = "パスポートは県の旅券窓口で申請できます。"\n')
    bot.process.send_signal(signal.SIGHUP)
    bot.wait_for("reloaded the FAQ: 110 entries")
    reply = ask(bot, api, text_event(question, "t-after"), "t-after")
    assert reply["messages"][0]["text"] == "パスポートは県の旅券窓口で申請できます。"

    # A broken FAQ is refused; the bot goes on answering with the one it has.
    corpus.write_text("[[faq]]\nid = \"broken\"\n", encoding="utf-8")
    bot.process.send_signal(signal.SIGHUP)
    bot.wait_for("reload failed, the previous FAQ stays")
    reply = ask(bot, api, text_event(question, "t-kept"), "t-kept")
    assert reply["messages"][0]["text"] == "パスポートは県の旅券窓口で申請できます。"
