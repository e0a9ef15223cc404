"""A LINE official account answering residents from an FAQ: toiawase on LINE's official
Python SDK (line-bot-sdk 3.x) and Flask.

    pip install ./bindings/python flask 'line-bot-sdk>=3,<4'
    LINE_CHANNEL_SECRET=… LINE_CHANNEL_ACCESS_TOKEN=… \\
        python bindings/python/examples/line_bot.py examples/municipal-faq.toml --port 8080

Point the channel's webhook URL at ``https://<your host>/callback`` (behind a TLS proxy).
``LINE_API_BASE`` replaces ``https://api.line.me`` (a local stand-in, for testing).

What it does with each event LINE posts:
- the SDK checks the ``x-line-signature`` header; a request that fails gets 400 and no reply;
- a text message is asked of the engine: an answer is replied as text; an unsure one gets
  a "もしかして" quick-reply menu of the candidates (labels of at most 20 characters,
  each button posting back ``choose=<entry id>``); small talk gets a polite reply; a
  question the FAQ does not cover gets an apology and stays in the query log for staff;
- a pick from the menu is recorded (``Engine.record_choice``) and answered.

Questions are logged to ``--log`` (JSON Lines, personal data masked, owner-only; read it
with ``toiawase report``), under a hash of the LINE user id, never the id itself.

The FAQ reloads without downtime on SIGHUP (``kill -HUP <pid>``): a new engine is built
beside the one answering, then the reference is swapped; requests in flight finish on the
old engine. Under gunicorn (``gunicorn 'line_bot:app_from_env()'``), its own SIGHUP
restarts the workers gracefully, which reloads the FAQ as well.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import signal
import sys
import threading
from collections import OrderedDict
from typing import List, Optional

from flask import Flask, abort, request
from linebot.v3 import WebhookHandler
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    ApiClient,
    Configuration,
    Message,
    MessagingApi,
    PostbackAction,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.webhooks import MessageEvent, PostbackEvent, TextMessageContent
from werkzeug.serving import make_server

import toiawase

LOGGER = logging.getLogger("line_bot")

#: LINE quick-reply labels hold at most 20 characters.
LABEL_CHARS = 20
#: What a postback from the menu carries before the entry id.
CHOICE_PREFIX = "choose="
#: LINE text messages hold at most 5,000 characters; postback data 300.
TEXT_CHARS = 5000
POSTBACK_CHARS = 300

MENU_PROMPT = "もしかして、次のどれかでしょうか？"
APOLOGY = (
    "申し訳ありません。お答えできる情報が見つかりませんでした。ご質問は記録し、担当課で確認します。"
    "お急ぎの場合は市役所総合案内（0120-000-000）へお電話ください。"
)
UNKNOWN_CHOICE = "申し訳ありません。その項目は見つかりませんでした。もう一度ご質問ください。"
SMALL_TALK_REPLIES = {
    "thanks": "どういたしまして。ほかにもご質問があればどうぞ。",
    "farewell": "ご利用ありがとうございました。",
    "apology": "いえいえ。ご質問があればどうぞ。",
}
GREETING = "こんにちは。ごみの出し方や手続きについて、ご質問をどうぞ。"


def session_of(user_id: Optional[str]) -> Optional[str]:
    """An opaque id for the query log: a hash of the LINE user id, never the id itself."""
    if not user_id:
        return None
    return hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:16]


class FaqBot:
    """The engine answering now — replaced whole on reload — and, per user, the question
    the last menu was offered for, so that a pick is recorded against it."""

    #: Users whose last menu is remembered (the oldest are forgotten first).
    REMEMBERED_MENUS = 10_000

    def __init__(self, corpus: str, log_path: Optional[str] = None) -> None:
        self.corpus = corpus
        self.log_path = log_path
        self._engine = self._build()
        self._reloading = threading.Lock()
        self._menus: "OrderedDict[str, str]" = OrderedDict()
        self._menus_lock = threading.Lock()

    def _build(self) -> toiawase.Engine:
        return toiawase.Engine.from_path(self.corpus, log_path=self.log_path)

    @property
    def engine(self) -> toiawase.Engine:
        """The engine answering now (a request keeps the one it started with)."""
        return self._engine

    def reload(self) -> int:
        """Re-reads the FAQ and swaps the new engine in; on error the old one stays (and
        the error is raised). Returns the number of entries."""
        with self._reloading:
            engine = self._build()  # the GIL is released while it builds
            self._engine = engine  # one reference assignment: atomic
            return len(engine)

    def replies_to_text(self, text: str, user_id: Optional[str]) -> List[Message]:
        """The messages answering one question."""
        session = session_of(user_id)
        response = self.engine.ask(text, session=session)
        if response.small_talk is not None:
            return [TextMessage(text=SMALL_TALK_REPLIES.get(response.small_talk, GREETING))]
        if response.decision == "answer":
            return [TextMessage(text=response.candidates[0].answer[:TEXT_CHARS])]
        if response.decision == "ambiguous":
            items = []
            for candidate in response.menu:
                data = CHOICE_PREFIX + candidate.id
                if len(data) > POSTBACK_CHARS:
                    LOGGER.warning("entry id too long for a postback: %s", candidate.id)
                    continue
                label = candidate.label(LABEL_CHARS)
                action = PostbackAction(label=label, data=data, displayText=label)
                items.append(QuickReplyItem(action=action))
            if items:
                if session is not None:
                    self._remember_menu(session, text)
                return [TextMessage(text=MENU_PROMPT, quickReply=QuickReply(items=items))]
        # No match: the query log has recorded the question for staff.
        LOGGER.info("no confident match (recorded in the query log)")
        return [TextMessage(text=APOLOGY)]

    def replies_to_postback(self, data: str, user_id: Optional[str]) -> Optional[List[Message]]:
        """The messages answering a pick from the menu (``choose=<entry id>``)."""
        if not data.startswith(CHOICE_PREFIX):
            return None
        chosen = data[len(CHOICE_PREFIX):]
        engine = self.engine
        entry = engine.entry(chosen)
        if entry is None:  # the FAQ was reloaded without it since the menu was sent
            return [TextMessage(text=UNKNOWN_CHOICE)]
        session = session_of(user_id)
        question = self._recall_menu(session) if session is not None else None
        # LINE echoes the label as the resident's message; the pick is what counts.
        engine.record_choice(question or entry["questions"][0], chosen, session)
        return [TextMessage(text=entry["answer"][:TEXT_CHARS])]

    def _remember_menu(self, session: str, question: str) -> None:
        with self._menus_lock:
            self._menus[session] = question
            self._menus.move_to_end(session)
            while len(self._menus) > self.REMEMBERED_MENUS:
                self._menus.popitem(last=False)

    def _recall_menu(self, session: str) -> Optional[str]:
        with self._menus_lock:
            return self._menus.pop(session, None)


def create_app(bot: FaqBot, channel_secret: str, configuration: Configuration) -> Flask:
    """The Flask app serving LINE's webhook at ``POST /callback``."""
    app = Flask(__name__)
    handler = WebhookHandler(channel_secret)

    def reply(reply_token: Optional[str], messages: Optional[List[Message]]) -> None:
        if not reply_token or not messages:
            return
        try:
            with ApiClient(configuration) as client:
                MessagingApi(client).reply_message(
                    ReplyMessageRequest(replyToken=reply_token, messages=messages)
                )
        except Exception:  # an expired token or LINE being down must not fail the webhook
            LOGGER.exception("reply failed")

    @handler.add(MessageEvent, message=TextMessageContent)
    def on_text(event: MessageEvent) -> None:
        user_id = getattr(event.source, "user_id", None)
        reply(event.reply_token, bot.replies_to_text(event.message.text, user_id))

    @handler.add(PostbackEvent)
    def on_postback(event: PostbackEvent) -> None:
        user_id = getattr(event.source, "user_id", None)
        reply(event.reply_token, bot.replies_to_postback(event.postback.data, user_id))

    @app.post("/callback")
    def callback() -> str:
        signature = request.headers.get("X-Line-Signature", "")
        body = request.get_data(as_text=True)
        try:
            handler.handle(body, signature)
        except InvalidSignatureError:
            abort(400)
        return "OK"

    return app


def configuration_from_env() -> Configuration:
    """The Messaging API client's settings: the channel access token and the API's base
    URL (``LINE_API_BASE``, by default LINE's own)."""
    return Configuration(
        host=os.environ.get("LINE_API_BASE", "https://api.line.me"),
        access_token=os.environ["LINE_CHANNEL_ACCESS_TOKEN"],
    )


def app_from_env() -> Flask:
    """The app configured from the environment (for gunicorn): ``LINE_CHANNEL_SECRET``,
    ``LINE_CHANNEL_ACCESS_TOKEN``, ``LINE_API_BASE``, ``FAQ_PATH``, ``QUERY_LOG``."""
    bot = FaqBot(
        os.environ.get("FAQ_PATH", "examples/municipal-faq.toml"),
        os.environ.get("QUERY_LOG", "questions.jsonl"),
    )
    return create_app(bot, os.environ["LINE_CHANNEL_SECRET"], configuration_from_env())


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default="examples/municipal-faq.toml")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    parser.add_argument("--log", default="questions.jsonl", help="the JSON Lines query log")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN"):
        if name not in os.environ:
            print(f"line_bot: set {name}", file=sys.stderr)
            return 2

    bot = FaqBot(args.corpus, args.log)
    app = create_app(bot, os.environ["LINE_CHANNEL_SECRET"], configuration_from_env())

    def reload_in_background(*_: object) -> None:
        def reload() -> None:
            try:
                LOGGER.info("reloaded the FAQ: %d entries", bot.reload())
            except toiawase.Error as err:
                LOGGER.error("reload failed, the previous FAQ stays: %s", err)

        threading.Thread(target=reload, name="faq-reload", daemon=True).start()

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, reload_in_background)

    server = make_server(args.host, args.port, app, threaded=True)
    print(
        f"listening on http://{args.host}:{server.server_port}/callback "
        f"({len(bot.engine)} entries)",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
