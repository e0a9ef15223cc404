'use strict';
// The Engine API from JavaScript: building, opening, saving, asking, and what responses
// look like.

const assert = require('node:assert/strict');
const path = require('node:path');
const { test } = require('node:test');

const { Engine, LABEL_CHARS } = require('..');
const { sampleCorpus, scratchDir } = require('./common');

const engine = Engine.fromPath(sampleCorpus);

const CANDIDATE_FIELDS = ['id', 'confidence', 'phrasing', 'answer', 'category', 'title', 'metadata', 'label', 'explanation'];

test('a hiragana question is answered from the sample FAQ', () => {
  const response = engine.ask('じてんしゃ すてたい');
  assert.equal(response.decision, 'answer');
  assert.equal(response.candidates[0].id, 'jitensha');
  assert.match(response.candidates[0].answer, /自転車/);
  assert.equal(response.smallTalk, null);
});

test('responses are plain objects with every field present, in camelCase', () => {
  const response = engine.ask('粗大ごみの出し方');
  assert.deepEqual(Object.keys(response), ['decision', 'smallTalk', 'query', 'candidates', 'menu']);
  assert.equal(Object.getPrototypeOf(response), Object.prototype);
  assert.ok(response.candidates.length > 0 && response.candidates.length <= 5);
  for (const candidate of response.candidates) {
    assert.deepEqual(Object.keys(candidate), CANDIDATE_FIELDS);
    assert.equal(typeof candidate.confidence, 'number');
    assert.ok(candidate.confidence >= 0 && candidate.confidence <= 1);
    assert.equal(candidate.explanation, null);
    assert.equal(typeof candidate.category, 'string');
    assert.equal(candidate.title, null);
    assert.deepEqual(candidate.metadata, {});
  }
  // Confidences read as the engine computed them, not as a float32 widened.
  assert.ok(String(response.candidates[0].confidence).length <= 8, String(response.candidates[0].confidence));
  // JSON round trip: nothing but data.
  assert.deepEqual(JSON.parse(JSON.stringify(response)), response);
});

test('an ambiguous question offers a menu of the close candidates, labelled for LINE', () => {
  const response = engine.ask('犬');
  assert.equal(response.decision, 'ambiguous');
  const ids = response.menu.map((candidate) => candidate.id);
  assert.ok(ids.includes('inu-touroku'), ids.join(','));
  // The menu is the first candidates themselves, not copies.
  assert.ok(response.menu.length >= 2 && response.menu.length <= response.candidates.length);
  response.menu.forEach((candidate, k) => assert.equal(candidate, response.candidates[k]));
  for (const candidate of response.candidates) {
    assert.ok([...candidate.label].length <= LABEL_CHARS, candidate.label);
  }
});

test('labels are cut to 20 characters with an ellipsis, titles preferred', () => {
  const long = 'ごみ集積所の新設や移設を申請したいのですがどうすればいいですか';
  const built = Engine.fromEntries([
    { id: 'long', questions: [long], answer: '自治会を通じて申請してください。' },
    { id: 'titled', questions: ['住民票の写しを取りたいのですがどこで取れますか'], answer: '市民課です。', title: '住民票の写し' },
  ]);
  const cut = built.ask('ごみ集積所の新設').candidates[0];
  assert.equal(cut.label, [...long].slice(0, 19).join('') + '…');
  assert.equal([...cut.label].length, 20);
  const titled = built.ask('住民票の写しを取りたい').candidates[0];
  assert.equal(titled.label, '住民票の写し');
  assert.equal(titled.title, '住民票の写し');
});

test('no match for what the FAQ does not cover, and small talk is recognised as such', () => {
  assert.equal(engine.ask('駅までの道を教えて').decision, 'no_match');
  const hello = engine.ask('こんにちは');
  assert.deepEqual(
    { decision: hello.decision, smallTalk: hello.smallTalk, candidates: hello.candidates, menu: hello.menu },
    { decision: 'no_match', smallTalk: 'greeting', candidates: [], menu: [] },
  );
  assert.equal(engine.ask('ありがとうございました').smallTalk, 'thanks');
});

test('any string can be asked: empty, control characters, emoji, surrogate pairs, a megabyte', () => {
  for (const question of ['', '   ', '\u0000\u0007', '🙂🙂', '𠮷野家でじてんしゃ', 'あ'.repeat(1 << 20)]) {
    const response = engine.ask(question);
    assert.ok(['answer', 'ambiguous', 'no_match'].includes(response.decision));
  }
  // The normalized question keeps characters outside the BMP intact.
  assert.equal(engine.ask('𠮷野家 ＰＣ').query, '𠮷野家 pc');
});

test('ask options: limit, category, session, explain', () => {
  assert.equal(engine.ask('ごみ', { limit: 2 }).candidates.length, 2);
  assert.equal(engine.ask('ごみ', { limit: 0 }).candidates.length, 0);
  assert.ok(engine.ask('ごみ', { limit: 1000 }).candidates.length > 5);
  const filtered = engine.ask('手続き', { category: '戸籍・住民票', limit: 10 });
  assert.ok(filtered.candidates.length > 0);
  assert.ok(filtered.candidates.every((candidate) => candidate.category === '戸籍・住民票'));
  assert.equal(engine.ask('じてんしゃ すてたい', { session: 'U123' }).decision, 'answer');

  const explained = engine.ask('すいはんき 捨てたい', { explain: true });
  const { explanation } = explained.candidates[0];
  assert.ok(explanation.matched.length > 0);
  for (const term of explanation.matched) {
    assert.deepEqual(Object.keys(term), ['query', 'term', 'kind', 'distance']);
  }
  assert.ok(explanation.matched.some((term) => term.kind === 'reading' && term.term === '炊飯器'));
  assert.ok(explanation.queryCoverage > 0 && explanation.queryCoverage <= 1);
  // Explaining changes nothing else.
  const plain = engine.ask('すいはんき 捨てたい');
  assert.deepEqual(
    explained.candidates.map(({ explanation: _, ...rest }) => rest),
    plain.candidates.map(({ explanation: _, ...rest }) => rest),
  );
});

test('fromEntries takes every field; entry() gives an entry back as it was', () => {
  const built = Engine.fromEntries([
    {
      id: 'sodai',
      questions: ['粗大ごみの出し方', '大きな家具を捨てたい'],
      answer: '粗大ごみは申込制です。',
      category: 'ごみ',
      title: '粗大ごみ',
      aliases: ['大型ごみ'],
      keywords: ['家具'],
      metadata: { url: 'https://example.jp/sodai', office: { name: '環境課', floor: 2 }, tags: ['a', 1, true, null] },
    },
    { id: 'juminhyo', questions: ['住民票の写しがほしい'], answer: '市民課の窓口で発行します。', category: null },
  ]);
  const best = built.ask('そだいごみ どうやって出す？').candidates[0];
  assert.equal(best.id, 'sodai');
  assert.equal(best.title, '粗大ごみ');
  assert.deepEqual(best.metadata, { url: 'https://example.jp/sodai', office: { name: '環境課', floor: 2 }, tags: ['a', 1, true, null] });
  assert.ok(Object.isFrozen(best.metadata) && Object.isFrozen(best.metadata.office));
  assert.deepEqual(built.entry('sodai'), {
    id: 'sodai',
    questions: ['粗大ごみの出し方', '大きな家具を捨てたい'],
    answer: '粗大ごみは申込制です。',
    category: 'ごみ',
    title: '粗大ごみ',
    aliases: ['大型ごみ'],
    keywords: ['家具'],
    metadata: { office: { floor: 2, name: '環境課' }, tags: ['a', 1, true, null], url: 'https://example.jp/sodai' },
  });
  assert.equal(built.entry('juminhyo').category, null);
  assert.equal(built.entry('nothing'), null);
  assert.deepEqual(built.entryIds(), ['sodai', 'juminhyo']);
  assert.deepEqual(built.categories(), ['ごみ']);
  assert.equal(built.stats().entries, 2);
});

test('save and open give the same answers; thresholds travel in the index', () => {
  const file = path.join(scratchDir(), 'faq.idx');
  const strict = Engine.fromPath(sampleCorpus, { thresholds: { answer: 0.9 } });
  assert.deepEqual(strict.thresholds(), { answer: 0.9, margin: 0.08, suggest: 0.3, menu: 0.2 });
  strict.save(file);
  const opened = Engine.open(file);
  assert.deepEqual(opened.thresholds(), strict.thresholds());
  for (const question of ['じてんしゃ すてたい', '犬', 'マイナンバーカードの更新']) {
    assert.deepEqual(opened.ask(question), strict.ask(question));
  }
  // Thresholds given when opening override the stored ones.
  assert.equal(Engine.open(file, { thresholds: { answer: 0.45 } }).thresholds().answer, 0.45);
  assert.deepEqual(engine.stats(), opened.stats());
});

test('stricter thresholds turn an answer into a menu', () => {
  const strict = Engine.fromPath(sampleCorpus, { thresholds: { answer: 0.99, suggest: 0.1 } });
  assert.notEqual(strict.ask('じてんしゃ すてたい').decision, 'answer');
});

test('the async variants build, open and save on a worker thread', async () => {
  const file = path.join(scratchDir(), 'faq.idx');
  const built = await Engine.fromPathAsync(sampleCorpus);
  assert.ok(built instanceof Engine);
  await built.saveAsync(file);
  const opened = await Engine.openAsync(file);
  const fromEntries = await Engine.fromEntriesAsync([{ id: 'a', questions: ['住民票の写し'], answer: '市民課' }]);
  assert.equal(opened.ask('じてんしゃ すてたい').candidates[0].id, 'jitensha');
  assert.equal(fromEntries.ask('じゅうみんひょう').candidates[0].id, 'a');
});

test('building on a worker thread leaves the event loop running', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const started = Date.now();
  await Engine.fromPathAsync(sampleCorpus);
  const elapsed = Date.now() - started;
  clearInterval(timer);
  // The timer kept firing while the engine was built: a synchronous build blocks it, so that
  // it fires at most once, after. (Loose bounds: a loaded machine delays timers.)
  assert.ok(ticks >= 3, `${ticks} ticks in ${elapsed} ms`);
  assert.ok(ticks >= Math.floor(elapsed / 50), `${ticks} ticks in ${elapsed} ms`);
});

test('engines cannot be made with new', () => {
  assert.throws(() => new Engine(), /no public constructor/);
});

test('a lenient load reports the rows it skipped', () => {
  const { scratchFile } = require('./common');
  const csv = scratchFile('faq.csv', 'id,question,answer\na,粗大ごみの出し方,申込制です\nb,住民票\nc,マイナンバーカード,市民課へ\n');
  assert.throws(() => Engine.fromPath(csv), { code: 'ERR_CORPUS_COLUMNS', line: 3 });
  const lenient = Engine.fromPath(csv, { lenient: true });
  assert.deepEqual(lenient.entryIds(), ['a', 'c']);
  assert.equal(lenient.skipped().length, 1);
  assert.equal(lenient.skipped()[0].line, 3);
  assert.match(lenient.skipped()[0].reason, /columns/);
  assert.deepEqual(engine.skipped(), []);
});

test('the ES module entry gives the same Engine', async () => {
  const esm = await import('../index.mjs');
  assert.equal(esm.Engine, Engine);
  assert.equal(esm.default.Engine, Engine);
  const self = await import('toiawase');
  assert.equal(self.Engine, Engine);
});
