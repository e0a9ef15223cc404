'use strict';
// The query log (`logPath`): the Rust crate's JSON Lines log, masked and owner-only, with
// sessions and residents' picks from menus.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');

const { Engine } = require('..');
const { sampleCorpus, scratchDir } = require('./common');

const records = (file) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

test('every question is logged, masked, with its session; the file is owner-only', () => {
  const file = path.join(scratchDir(), 'questions.jsonl');
  const engine = Engine.fromPath(sampleCorpus, { logPath: file });
  engine.ask('じてんしゃ すてたい', { session: 'U123' });
  engine.ask('ＴＥＬ ０９０−１２３４−５６７８ 住民票の写し');
  engine.ask('駅までの道を教えて');

  const [bike, phone, uncovered] = records(file);
  assert.equal(bike.question, 'じてんしゃ すてたい');
  assert.equal(bike.decision, 'answer');
  assert.equal(bike.top, 'jitensha');
  assert.equal(bike.session, 'U123');
  assert.equal(phone.question, 'tel <電話番号> 住民票の写し');
  assert.equal(phone.session, undefined);
  assert.equal(uncovered.decision, 'no_match');
  assert.equal(engine.logFailures(), 0);
  if (process.platform !== 'win32') {
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  }
});

test('a pick from the menu is recorded with the question it was offered for', () => {
  const file = path.join(scratchDir(), 'questions.jsonl');
  const engine = Engine.fromPath(sampleCorpus, { logPath: file });
  const response = engine.ask('犬', { session: 'U9' });
  assert.equal(response.decision, 'ambiguous');
  engine.recordChoice('犬', 'inu-touroku', 'U9');
  const [asked, picked] = records(file);
  assert.equal(asked.decision, 'ambiguous');
  assert.deepEqual(
    { question: picked.question, chosen: picked.chosen, session: picked.session },
    { question: '犬', chosen: 'inu-touroku', session: 'U9' },
  );
});

test('without a log nothing is written and logFailures is null', () => {
  const engine = Engine.fromEntries([{ id: 'a', questions: ['住民票'], answer: '市民課' }]);
  engine.recordChoice('住民票', 'a');
  assert.equal(engine.logFailures(), null);
});

test('a log that cannot be opened fails the build, naming the file', () => {
  const file = path.join(scratchDir(), 'no', 'such', 'questions.jsonl');
  assert.throws(() => Engine.fromPath(sampleCorpus, { logPath: file }), (err) =>
    err.code === 'ERR_LOG_IO' && err.path === file && err.cause.code === 'ENOENT' && err.message.includes(file));
});

test('an opened index logs too', () => {
  const dir = scratchDir();
  Engine.fromPath(sampleCorpus).save(path.join(dir, 'faq.idx'));
  const file = path.join(dir, 'questions.jsonl');
  const engine = Engine.open(path.join(dir, 'faq.idx'), { logPath: file });
  engine.ask('そだいごみ 申し込み');
  assert.equal(records(file).length, 1);
});
