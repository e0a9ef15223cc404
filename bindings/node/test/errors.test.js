'use strict';
// Errors reach JavaScript as Errors whose message names the file, the line or entry and the
// field, with the same facts as properties; async calls reject with the same errors.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');

const { Engine } = require('..');
const { sampleCorpus, scratchDir, scratchFile } = require('./common');

/** The error `call` throws. */
function thrown(call) {
  try {
    call();
  } catch (err) {
    return err;
  }
  assert.fail('expected an error');
}

test('a duplicate id names the file, both places and the id', () => {
  const file = scratchFile(
    'faq.toml',
    '[[faq]]\nid = "a"\nquestions = ["粗大ごみ"]\nanswer = "申込制"\n\n[[faq]]\nid = "a"\nquestions = ["住民票"]\nanswer = "市民課"\n',
  );
  const err = thrown(() => Engine.fromPath(file));
  assert.ok(err instanceof Error);
  assert.equal(err.code, 'ERR_CORPUS_DUPLICATE_ID');
  assert.equal(err.path, file);
  assert.equal(err.id, 'a');
  assert.equal(err.field, 'id');
  assert.equal(err.line, 6);
  assert.ok(err.message.includes(file) && err.message.includes('line 1') && err.message.includes('line 6'), err.message);
});

test('an empty field names the entry, its line and the field', () => {
  const file = scratchFile('faq.toml', '[[faq]]\nid = "gomi"\nquestions = ["粗大ごみ"]\nanswer = "  "\n');
  const err = thrown(() => Engine.fromPath(file));
  assert.equal(err.code, 'ERR_CORPUS_EMPTY_FIELD');
  assert.equal(err.path, file);
  assert.equal(err.field, 'answer');
  assert.equal(err.entry, '"gomi" (line 1)');
  assert.equal(err.line, 1);
  assert.match(err.message, /"gomi" \(line 1\): field `answer` is empty/);
});

test('a missing field, a syntax error and a CSV with a wrong column count name their line', () => {
  // JSON entries are named by their position in the list.
  const missing = scratchFile('faq.json', '{"faq": [\n {"id": "a", "questions": ["q"]}\n]}');
  assert.throws(() => Engine.fromPath(missing), {
    code: 'ERR_CORPUS_MISSING_FIELD',
    path: missing,
    entry: '"a" (entry #1)',
    index: 0,
    field: 'answer',
    message: `${missing}: "a" (entry #1): missing field \`answer\``,
  });

  const syntax = scratchFile('faq.toml', '[[faq]]\nid = "a"\nquestions = ["q"\nanswer = "x"\n');
  const bad = thrown(() => Engine.fromPath(syntax));
  assert.equal(bad.code, 'ERR_CORPUS_SYNTAX');
  assert.equal(bad.line, 4); // where the parser notices the missing bracket

  const csv = scratchFile('faq.csv', 'id,question,answer\na,q,x\nb,q\n');
  assert.throws(() => Engine.fromPath(csv), { code: 'ERR_CORPUS_COLUMNS', path: csv, line: 3, expected: 3, found: 2 });
});

test('a file that is not there keeps the system error as cause', () => {
  const file = path.join(scratchDir(), 'nothing.toml');
  const err = thrown(() => Engine.fromPath(file));
  assert.equal(err.code, 'ERR_CORPUS_IO');
  assert.equal(err.path, file);
  assert.equal(err.cause.code, 'ENOENT');
  assert.equal(typeof err.cause.errno, 'number');
  const spreadsheet = scratchFile('faq.xlsx', 'PK');
  assert.throws(() => Engine.fromPath(spreadsheet), { code: 'ERR_CORPUS_FORMAT', path: spreadsheet });
});

test('fromEntries names the entry by id and position, and the field', () => {
  const cases = [
    [[{ id: 'a', questions: ['q'] }], { code: 'ERR_CORPUS_MISSING_FIELD', field: 'answer', index: 0, entry: '"a" (entry #1)' }],
    [[{ id: 'a', questions: ['q'], answer: 'x' }, { id: 'b', questions: 'q', answer: 'x' }], { code: 'ERR_CORPUS_FIELD_TYPE', field: 'questions', index: 1 }],
    [[{ id: 'a', question: ['q'], answer: 'x' }], { code: 'ERR_CORPUS_UNKNOWN_FIELD', field: 'question', index: 0 }],
    [[{ id: 'a', questions: ['q'], answer: ' ' }], { code: 'ERR_CORPUS_EMPTY_FIELD', field: 'answer', index: 0 }],
    [[{ id: 'a', questions: ['q'], answer: 'x' }, { id: 'a', questions: ['r'], answer: 'y' }], { code: 'ERR_CORPUS_DUPLICATE_ID', id: 'a', index: 1 }],
    [[{ id: 'a', questions: [], answer: 'x' }], { code: 'ERR_CORPUS_EMPTY_FIELD', field: 'questions' }],
    [[{ id: 'a', questions: ['q'], answer: 'x', metadata: 'url' }], { code: 'ERR_CORPUS_FIELD_TYPE', field: 'metadata' }],
    [[], { code: 'ERR_CORPUS_EMPTY' }],
    [[42], { code: 'ERR_CORPUS_SYNTAX', index: 0 }],
  ];
  for (const [entries, expected] of cases) {
    const err = thrown(() => Engine.fromEntries(entries));
    for (const [key, value] of Object.entries(expected)) {
      assert.equal(err[key], value, `${key} of ${err.message}`);
    }
    assert.equal(err.path, undefined);
    if (expected.field) assert.ok(err.message.includes(expected.field), err.message);
  }
  const deep = { id: 'a', questions: ['q'], answer: 'x', metadata: { v: JSON.parse('['.repeat(40) + ']'.repeat(40)) } };
  assert.throws(() => Engine.fromEntries([deep]), { code: 'ERR_CORPUS_METADATA', key: 'v', field: 'metadata' });
  assert.throws(() => Engine.fromEntries('faq.toml'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
});

test('a corrupted or foreign index is refused with a typed error', () => {
  const dir = scratchDir();
  const file = path.join(dir, 'faq.idx');
  Engine.fromPath(sampleCorpus).save(file);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 10] ^= 0xff;
  fs.writeFileSync(file, bytes);
  assert.throws(() => Engine.open(file), { code: 'ERR_INDEX_CHECKSUM', path: file });
  fs.writeFileSync(file, bytes.subarray(0, 100));
  assert.throws(() => Engine.open(file), { code: 'ERR_INDEX_TRUNCATED', path: file });
  assert.throws(() => Engine.open(sampleCorpus), { code: 'ERR_INDEX_NOT_AN_INDEX', path: sampleCorpus });
  assert.throws(() => Engine.open(path.join(dir, 'none.idx')), (err) => err.code === 'ERR_INDEX_IO' && err.cause.code === 'ENOENT');
  // A failed save leaves no file, and names the path.
  assert.throws(() => Engine.fromPath(sampleCorpus).save(path.join(dir, 'no', 'such', 'dir.idx')), { code: 'ERR_INDEX_IO' });
});

test('wrong arguments and unknown options are TypeErrors; out-of-range numbers RangeErrors', () => {
  const engine = Engine.fromEntries([{ id: 'a', questions: ['住民票'], answer: '市民課' }]);
  assert.throws(() => engine.ask(42), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: /question must be a string/ });
  assert.throws(() => engine.ask('q', { catgory: 'ごみ' }), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', message: /catgory/ });
  assert.throws(() => engine.ask('q', { limit: -1 }), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => engine.ask('q', { limit: 1.5 }), { name: 'RangeError' });
  assert.throws(() => engine.ask('q', { limit: '3' }), { name: 'TypeError' });
  assert.throws(() => engine.ask('q', { explain: 'yes' }), { name: 'TypeError' });
  assert.throws(() => engine.ask('q', { session: 7 }), { name: 'TypeError' });
  assert.throws(() => engine.ask('q', 'limit=3'), { name: 'TypeError' });
  assert.throws(() => engine.recordChoice('q', 42), { name: 'TypeError' });
  assert.throws(() => Engine.fromPath(sampleCorpus, { logpath: 'x' }), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', message: /logpath/ });
  assert.throws(() => Engine.fromPath(sampleCorpus, { thresholds: { answer: 2 } }), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
  assert.throws(() => Engine.fromPath(sampleCorpus, { thresholds: { answr: 0.5 } }), { code: 'ERR_INVALID_ARG_VALUE' });
  assert.throws(() => Engine.fromPath(sampleCorpus, { lenient: 'yes' }), { name: 'TypeError' });
  assert.throws(() => Engine.fromPath(42), { name: 'TypeError', message: /path must be a string/ });
  assert.throws(() => Engine.open(sampleCorpus, { lenient: true }), { code: 'ERR_INVALID_ARG_VALUE' });
  // null and undefined mean "not given".
  assert.equal(engine.ask('住民票', { limit: null, category: undefined, session: null }).decision, 'answer');
});

test('resources: a folder replaces the built-in files; a bad line or a missing folder is named', () => {
  const dir = scratchDir();
  fs.writeFileSync(path.join(dir, 'synonyms.txt'), 'チャリンコ,ケッタマシーン\n');
  const entries = [{ id: 'bike', questions: ['チャリンコの捨て方'], answer: '粗大ごみです' }];
  const custom = Engine.fromEntries(entries, { resourcesDir: dir });
  assert.equal(custom.ask('ケッタマシーンの捨て方').candidates[0]?.id, 'bike');

  fs.writeFileSync(path.join(dir, 'related.txt'), '# 関連語\nことば:\n');
  assert.throws(() => Engine.fromEntries(entries, { resourcesDir: dir }), {
    code: 'ERR_RESOURCE',
    path: 'related.txt',
    line: 2,
    message: /^related\.txt: line 2: /,
  });
  assert.throws(() => Engine.fromEntries(entries, { resourcesDir: path.join(dir, 'none') }), { code: 'ERR_RESOURCE_IO' });
});

test('async calls reject with the same errors', async () => {
  const file = path.join(scratchDir(), 'nothing.toml');
  await assert.rejects(Engine.fromPathAsync(file), { code: 'ERR_CORPUS_IO', path: file });
  await assert.rejects(Engine.fromEntriesAsync([{ id: 'a', questions: ['q'] }]), { code: 'ERR_CORPUS_MISSING_FIELD', field: 'answer' });
  await assert.rejects(Engine.openAsync(sampleCorpus), { code: 'ERR_INDEX_NOT_AN_INDEX' });
  await assert.rejects(Engine.fromPathAsync(sampleCorpus, { nope: 1 }), { name: 'TypeError' });
  const engine = Engine.fromEntries([{ id: 'a', questions: ['住民票'], answer: '市民課' }]);
  await assert.rejects(engine.saveAsync(path.join(scratchDir(), 'no', 'dir.idx')), { code: 'ERR_INDEX_IO' });
});
