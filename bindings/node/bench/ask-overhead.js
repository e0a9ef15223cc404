#!/usr/bin/env node
// How much asking from Node costs over asking in Rust.
//
//   node bench/ask-overhead.js [--repeat N] [--rounds N]
//
// The labelled questions of tests/data/quality/sample/tune.tsv, asked of the sample corpus
// (examples/municipal-faq.toml): each question `repeat` times in a row, timed as a whole,
// from Node (`engine.ask`, the plain response object included) and from Rust
// (`engine.timeAsks`, the same `Engine::ask` looped inside the addon, without crossing into
// JavaScript). Rounds alternate Node and Rust so that both see the same machine load; each
// question keeps its fastest round. Reported: the median over questions of the time per ask
// (µs), for both, and their ratio.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { Engine } = require('..');

const repository = path.resolve(__dirname, '..', '..', '..');
const argument = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const repeat = argument('repeat', 20);
const rounds = argument('rounds', 7);

const questions = fs
  .readFileSync(path.join(repository, 'tests/data/quality/sample/tune.tsv'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => line.split('\t')[0]);

const engine = Engine.fromPath(path.join(repository, 'examples/municipal-faq.toml'));

/** Nanoseconds per ask of each question, asked from Node with `options`. */
function nodeRound(options) {
  return questions.map((question) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < repeat; i++) {
      engine.ask(question, options);
    }
    return Number(process.hrtime.bigint() - start) / repeat;
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// Warm up both paths (JIT, caches).
nodeRound(undefined);
nodeRound({ session: 'U0123456789abcdef' });
engine.timeAsks(questions, repeat);

const best = { node: [], session: [], rust: [] };
const keepFastest = (kept, round) => round.forEach((ns, i) => (kept[i] = Math.min(kept[i] ?? Infinity, ns)));
for (let round = 0; round < rounds; round++) {
  keepFastest(best.rust, engine.timeAsks(questions, repeat));
  keepFastest(best.node, nodeRound(undefined));
  keepFastest(best.session, nodeRound({ session: 'U0123456789abcdef' }));
}

const rust = median(best.rust) / 1000;
const node = median(best.node) / 1000;
const session = median(best.session) / 1000;
const perQuestion = median(best.node.map((ns, i) => ns / best.rust[i]));
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length / 1000;

console.log(`${questions.length} questions × ${repeat} asks, fastest of ${rounds} rounds (Node ${process.version})`);
console.log('                               median µs/ask   mean µs/ask   ratio (medians)');
console.log(`Rust  Engine::ask              ${rust.toFixed(1).padStart(13)}   ${mean(best.rust).toFixed(1).padStart(11)}`);
console.log(`Node  engine.ask(q)            ${node.toFixed(1).padStart(13)}   ${mean(best.node).toFixed(1).padStart(11)}   ${(node / rust).toFixed(2)}×`);
console.log(`Node  engine.ask(q, {session}) ${session.toFixed(1).padStart(13)}   ${mean(best.session).toFixed(1).padStart(11)}   ${(session / rust).toFixed(2)}×`);
console.log(`median of per-question ratios (Node ÷ Rust): ${perQuestion.toFixed(2)}×`);
