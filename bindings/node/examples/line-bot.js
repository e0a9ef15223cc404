#!/usr/bin/env node
// A LINE official account that answers residents from an FAQ: toiawase on LINE's official
// Node SDK (@line/bot-sdk) and express.
//
//   LINE_CHANNEL_SECRET=… LINE_CHANNEL_ACCESS_TOKEN=… node examples/line-bot.js path/to/faq.toml
//
// Point the channel's webhook URL at https://<your host>/callback (behind a TLS proxy).
// Environment: HOST (127.0.0.1) and PORT (8080) to listen on; LINE_API_BASE to send replies
// somewhere else than https://api.line.me (a local stand-in, in tests); TOIAWASE_LOG, the
// query log (questions.jsonl: masked, owner-only; summarise it with `toiawase report`).
// `kill -HUP <pid>` reloads the FAQ without downtime.
//
// What it does with each event LINE posts:
// - the SDK's middleware checks the x-line-signature header; a request that fails gets 401
//   and no reply;
// - a text message: the answer when the engine is sure; a "もしかして" quick-reply menu when
//   it is not (labels of at most 20 characters; each button posts back the entry's id);
//   thanks or a greeting for small talk; otherwise an apology and a pointer to a person
//   (the query log records the question, so that staff see what to write next);
// - a pick from the menu: the entry's answer, and the pick recorded in the log.
'use strict';

const crypto = require('node:crypto');
const express = require('express');
const { middleware, messagingApi, SignatureValidationFailed, JSONParseError } = require('@line/bot-sdk');
const { Engine } = require('toiawase');

const TEXTS = {
  menu: 'もしかして、次のどれかでしょうか？',
  thanks: 'どういたしまして。ほかにもご質問があればどうぞ。',
  farewell: 'ご利用ありがとうございました。',
  greeting: 'こんにちは。ごみの出し方や手続きについて、ご質問をどうぞ。',
  apology:
    '申し訳ありません。お答えできる情報が見つかりませんでした。ご質問は記録し、担当課で確認します。' +
    'お急ぎの場合は市役所総合案内（0120-000-000）へお電話ください。',
};
// Limits of the Messaging API.
const MAX_TEXT = 5000;
const MAX_QUICK_REPLIES = 13;
const MAX_POSTBACK_DATA = 300;

/** The log files questions under an opaque id: a hash of the user, not the LINE user id. */
function sessionOf(event) {
  const user = event.source?.userId;
  return user ? crypto.createHash('sha256').update(user).digest('hex').slice(0, 16) : null;
}

/**
 * The postback data of a menu button: `choose=<entry id>&q=<question>`. The question rides
 * along so that the pick is recorded against the question the menu was offered for (as
 * `toiawase report` matches them); it is cut to fit LINE's 300 characters.
 */
function choiceData(id, question) {
  // URLSearchParams reads text as it is, except for these.
  const form = (text) => text.replace(/[%&+=#]/g, encodeURIComponent);
  const head = `choose=${form(id)}&q=`;
  let data = head;
  for (const character of form(question)) {
    if (data.length + character.length > MAX_POSTBACK_DATA) break;
    data += character;
  }
  // Never leave a cut %XX escape.
  return data.replace(/%[0-9A-F]?$/, '');
}

function text(content) {
  return { type: 'text', text: content.length > MAX_TEXT ? `${content.slice(0, MAX_TEXT - 1)}…` : content };
}

/**
 * The bot: an engine that can be swapped while it answers, the Messaging API client, and
 * the express app serving the webhook.
 */
async function createBot({ corpus, channelSecret, channelAccessToken, apiBase, logPath }) {
  const options = logPath ? { logPath } : undefined;
  // Built on a worker thread, as every reload is.
  let engine = await Engine.fromPathAsync(corpus, options);
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken,
    ...(apiBase ? { baseURL: apiBase } : {}),
  });

  function answer(question, session) {
    const response = engine.ask(question, { session });
    switch (response.smallTalk) {
      case null:
        break;
      case 'thanks':
        return [text(TEXTS.thanks)];
      case 'farewell':
        return [text(TEXTS.farewell)];
      default:
        return [text(TEXTS.greeting)];
    }
    switch (response.decision) {
      case 'answer':
        return [text(response.candidates[0].answer)];
      case 'ambiguous':
        return [
          {
            ...text(TEXTS.menu),
            quickReply: {
              items: response.menu.slice(0, MAX_QUICK_REPLIES).map((candidate) => ({
                type: 'action',
                action: {
                  type: 'postback',
                  label: candidate.label,
                  data: choiceData(candidate.id, question),
                  displayText: candidate.label,
                },
              })),
            },
          },
        ];
      default:
        // The query log has recorded the question.
        return [text(TEXTS.apology)];
    }
  }

  function choice(data, session) {
    const params = new URLSearchParams(data);
    const id = params.get('choose');
    const entry = id === null ? null : engine.entry(id);
    if (entry === null) {
      // Not ours, or the entry left the FAQ since the menu was sent.
      return [text(TEXTS.apology)];
    }
    engine.recordChoice(params.get('q') ?? entry.questions[0], id, session);
    return [text(entry.answer)];
  }

  function messages(event) {
    const session = sessionOf(event);
    if (event.type === 'message' && event.message.type === 'text') {
      return answer(event.message.text, session);
    }
    if (event.type === 'postback') {
      return choice(event.postback.data, session);
    }
    return null;
  }

  const app = express();
  app.disable('x-powered-by');
  // The middleware verifies x-line-signature against the raw body, then parses it: no body
  // parser may run before it.
  app.post('/callback', middleware({ channelSecret }), async (req, res) => {
    const replies = (req.body.events ?? [])
      .filter((event) => event.replyToken)
      .map((event) => ({ replyToken: event.replyToken, messages: messages(event) }))
      .filter((reply) => reply.messages !== null);
    const sent = await Promise.allSettled(replies.map((reply) => client.replyMessage(reply)));
    for (const failure of sent.filter((result) => result.status === 'rejected')) {
      console.error(`line-bot: reply failed: ${failure.reason?.message ?? failure.reason}`);
    }
    res.sendStatus(200);
  });
  app.use((err, req, res, next) => {
    if (err instanceof SignatureValidationFailed) {
      res.sendStatus(401);
    } else if (err instanceof JSONParseError) {
      res.sendStatus(400);
    } else {
      next(err);
    }
  });

  let reloading = Promise.resolve();
  /**
   * Re-reads the FAQ on a worker thread and swaps the new engine in; questions keep being
   * answered by the old one meanwhile, and on error it stays. Reloads run one at a time.
   */
  function reload() {
    reloading = reloading.then(async () => {
      try {
        engine = await Engine.fromPathAsync(corpus, options);
        console.log(`line-bot: reloaded ${corpus} (${engine.stats().entries} entries)`);
      } catch (err) {
        console.error(`line-bot: reload failed, keeping the FAQ in use: ${err.message}`);
      }
    });
    return reloading;
  }

  return { app, reload, engine: () => engine };
}

async function main() {
  const corpus = process.argv[2] ?? `${__dirname}/../../../examples/municipal-faq.toml`;
  const channelSecret = process.env.LINE_CHANNEL_SECRET;
  const channelAccessToken = process.env.LINE_CHANNEL_ACCESS_TOKEN;
  if (!channelSecret || !channelAccessToken) {
    console.error('line-bot: set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN');
    process.exit(2);
  }
  const bot = await createBot({
    corpus,
    channelSecret,
    channelAccessToken,
    apiBase: process.env.LINE_API_BASE,
    logPath: process.env.TOIAWASE_LOG ?? 'questions.jsonl',
  });
  const host = process.env.HOST ?? '127.0.0.1';
  const server = bot.app.listen(Number(process.env.PORT ?? 8080), host, () => {
    const { port } = server.address();
    console.log(`line-bot: listening on http://${host}:${port}/callback (${bot.engine().stats().entries} entries)`);
  });
  process.on('SIGHUP', () => bot.reload());
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`line-bot: ${err.message}`);
    process.exit(1);
  });
}

module.exports = { createBot, choiceData };
