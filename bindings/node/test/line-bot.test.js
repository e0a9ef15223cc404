'use strict';
// The LINE bot of examples/line-bot.js, end to end on 127.0.0.1: the bot runs as its own
// process, sending its replies through @line/bot-sdk to a local stand-in for the Messaging
// API; webhook bodies are posted to it signed as LINE signs them (and signed wrongly), and
// the reply requests the stand-in received are checked. No LINE server is contacted.

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { after, before, test } = require('node:test');

const { LABEL_CHARS } = require('..');
const { packageDir, sampleCorpus, scratchDir } = require('./common');

const SECRET = 'channel-secret';
const TOKEN = 'channel-access-token';

/** The x-line-signature LINE sends: base64 HMAC-SHA256 of the body with the channel secret. */
const sign = (body, secret = SECRET) => crypto.createHmac('sha256', secret).update(body).digest('base64');

/** A stand-in for the Messaging API: records every reply request. */
function startStandIn() {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, requests, base: `http://127.0.0.1:${server.address().port}` })),
  );
}

/** Starts examples/line-bot.js; resolves once it listens, with its address and output. */
function startBot(corpus, env) {
  const child = spawn(process.execPath, [path.join(packageDir, 'examples', 'line-bot.js'), corpus], {
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (output.stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start: ${output.stderr}`)), 60_000);
    child.on('exit', (code) => reject(new Error(`the bot exited (${code}): ${output.stderr}`)));
    child.stdout.on('data', () => {
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)\/callback/.exec(output.stdout);
      if (listening) {
        clearTimeout(timer);
        resolve({ child, output, url: listening[1] });
      }
    });
  });
}

/** Waits until `condition()` holds (polling), or fails after `ms`. */
async function eventually(condition, what, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const messageEvent = (text, replyToken = 'token-1') => ({
  type: 'message',
  mode: 'active',
  timestamp: Date.now(),
  webhookEventId: crypto.randomUUID(),
  deliveryContext: { isRedelivery: false },
  replyToken,
  source: { type: 'user', userId: 'U0123456789abcdef0123456789abcdef' },
  message: { type: 'text', id: '1', quoteToken: 'q', text },
});

const postbackEvent = (data, replyToken = 'token-2') => ({
  type: 'postback',
  mode: 'active',
  timestamp: Date.now(),
  webhookEventId: crypto.randomUUID(),
  deliveryContext: { isRedelivery: false },
  replyToken,
  source: { type: 'user', userId: 'U0123456789abcdef0123456789abcdef' },
  postback: { data },
});

let standIn;
let bot;
let dir;
let corpus;
let log;

before(async () => {
  dir = scratchDir();
  // A copy: the reload test rewrites it.
  corpus = path.join(dir, 'faq.toml');
  fs.copyFileSync(sampleCorpus, corpus);
  log = path.join(dir, 'questions.jsonl');
  standIn = await startStandIn();
  bot = await startBot(corpus, {
    LINE_CHANNEL_SECRET: SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
    LINE_API_BASE: standIn.base,
    TOIAWASE_LOG: log,
  });
});

after(async () => {
  bot?.child.kill('SIGTERM');
  await new Promise((resolve) => standIn?.server.close(resolve));
});

/** Posts a webhook body; returns the status and the reply requests it caused. */
async function post(body, signature = sign(body)) {
  const before = standIn.requests.length;
  const headers = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-line-signature'] = signature;
  const response = await fetch(`${bot.url}/callback`, { method: 'POST', headers, body });
  // The bot replies before it answers LINE's request.
  return { status: response.status, replies: standIn.requests.slice(before) };
}

const webhook = (...events) => JSON.stringify({ destination: 'Ubot', events });

test('a signed question gets its answer as a text reply', async () => {
  const { status, replies } = await post(webhook(messageEvent('じてんしゃ すてたい')));
  assert.equal(status, 200);
  assert.equal(replies.length, 1);
  const [reply] = replies;
  assert.equal(reply.method, 'POST');
  assert.equal(reply.url, '/v2/bot/message/reply');
  assert.equal(reply.authorization, `Bearer ${TOKEN}`);
  assert.equal(reply.body.replyToken, 'token-1');
  assert.equal(reply.body.messages.length, 1);
  assert.equal(reply.body.messages[0].type, 'text');
  assert.match(reply.body.messages[0].text, /自転車/);
  assert.equal(reply.body.messages[0].quickReply, undefined);
});

test('an ambiguous question gets a quick-reply menu whose buttons post back entry ids', async () => {
  const { replies } = await post(webhook(messageEvent('犬')));
  const [message] = replies[0].body.messages;
  assert.equal(message.text, 'もしかして、次のどれかでしょうか？');
  const items = message.quickReply.items;
  assert.ok(items.length >= 2 && items.length <= 13, JSON.stringify(items));
  for (const item of items) {
    assert.equal(item.type, 'action');
    assert.equal(item.action.type, 'postback');
    assert.ok(item.action.label.length > 0 && [...item.action.label].length <= LABEL_CHARS, item.action.label);
    assert.equal(item.action.displayText, item.action.label);
    assert.ok(item.action.data.length <= 300);
  }
  const data = items.map((item) => new URLSearchParams(item.action.data));
  assert.ok(data.some((params) => params.get('choose') === 'inu-touroku'), items.map((item) => item.action.data).join(' '));
  assert.ok(data.every((params) => params.get('q') === '犬'));
  const labels = items.map((item) => item.action.label);
  assert.ok(labels.includes('犬の登録の手続き'), labels.join(' / '));
});

test('a pick from the menu gets the answer of the entry picked, recorded in the log', async () => {
  const data = 'choose=inu-touroku&q=犬';
  const { status, replies } = await post(webhook(postbackEvent(data)));
  assert.equal(status, 200);
  assert.equal(replies[0].body.replyToken, 'token-2');
  assert.match(replies[0].body.messages[0].text, /登録/);
  await eventually(() => fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('"chosen":"inu-touroku"'), 'the pick in the log');
  const pick = fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .find((record) => record.chosen === 'inu-touroku');
  assert.equal(pick.question, '犬');
  // Sessions are a hash of the user, never the LINE user id.
  assert.match(pick.session, /^[0-9a-f]{16}$/);
  assert.ok(!fs.readFileSync(log, 'utf8').includes('U0123456789abcdef'));
});

test('an uncovered question gets an apology and is logged; small talk gets small talk', async () => {
  const cases = [
    ['駅までの道を教えて', /申し訳ありません/],
    ['こんにちは', /こんにちは。/],
    ['ありがとうございました', /どういたしまして/],
  ];
  for (const [question, expected] of cases) {
    const { replies } = await post(webhook(messageEvent(question)));
    assert.match(replies[0].body.messages[0].text, expected, question);
  }
  const records = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  assert.ok(records.some((record) => record.question === '駅までの道を教えて' && record.decision === 'no_match'));
});

test('several events in one body get one reply each', async () => {
  const { replies } = await post(webhook(messageEvent('じてんしゃ すてたい', 'a'), messageEvent('こんにちは', 'b')));
  assert.deepEqual(replies.map((reply) => reply.body.replyToken).sort(), ['a', 'b']);
});

test('a wrong, missing or stale signature gets 401 and no reply', async () => {
  const body = webhook(messageEvent('じてんしゃ すてたい'));
  const tampered = body.replace('じてんしゃ', '住民票');
  for (const [what, sent, signature] of [
    ['another secret', body, sign(body, 'another-secret')],
    ['no signature', body, null],
    ['a body changed after signing', tampered, sign(body)],
    ['garbage', body, 'not base64!'],
  ]) {
    const { status, replies } = await post(sent, signature);
    assert.equal(status, 401, what);
    assert.deepEqual(replies, [], what);
  }
  // Nothing reached the stand-in, not even late: a good request now brings exactly its own reply.
  const before = standIn.requests.length;
  const { replies } = await post(webhook(messageEvent('こんにちは', 'after')));
  assert.equal(standIn.requests.length, before + 1);
  assert.equal(replies[0].body.replyToken, 'after');
});

test('the FAQ reloads on SIGHUP while the bot keeps answering; a broken FAQ keeps the old one', async () => {
  const original = fs.readFileSync(corpus, 'utf8');
  fs.writeFileSync(corpus, original.replace(/(id = "jitensha"[\s\S]*?answer = ")/, '$1【改訂】'));
  bot.child.kill('SIGHUP');
  // Questions keep being answered while the new engine is built on a worker thread: by the
  // old engine, many times over (a reload blocking the event loop would let through at most
  // the one request already in flight), then by the new one.
  let byOld = 0;
  while (!bot.output.stdout.includes('reloaded')) {
    const { status, replies } = await post(webhook(messageEvent('じてんしゃ すてたい')));
    assert.equal(status, 200);
    assert.match(replies[0].body.messages[0].text, /自転車/);
    if (!replies[0].body.messages[0].text.startsWith('【改訂】')) byOld++;
  }
  assert.ok(byOld >= 3, `${byOld} questions answered during the reload`);
  const { replies } = await post(webhook(messageEvent('じてんしゃ すてたい')));
  assert.match(replies[0].body.messages[0].text, /^【改訂】/);

  fs.writeFileSync(corpus, '[[faq]]\nid = "broken"\n');
  bot.child.kill('SIGHUP');
  await eventually(() => bot.output.stderr.includes('reload failed'), 'the failed reload');
  assert.match(bot.output.stderr, /missing field `questions`|questions/);
  const still = await post(webhook(messageEvent('じてんしゃ すてたい')));
  assert.match(still.replies[0].body.messages[0].text, /^【改訂】/);
});
