'use strict';
// toiawase for Node.js: answer Japanese questions from an FAQ.
//
// The engine is the Rust crate at the repository's root, compiled into toiawase.node by
// `npm install` (build.js). This file wraps it in the `Engine` class that index.d.ts
// documents; index.mjs is the ES module entry.
//
// Asking is the hot path of a bot, so a response crosses from Rust compactly (numbers in a
// Float64Array this class owns, the changing texts in one string; see src/response.rs) and
// is made a plain object here, with each entry's id, answer, category, title and metadata
// taken from a per-engine cache instead of being copied again on every question.

let native;
try {
  native = require('./toiawase.node');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    throw new Error(
      `toiawase: the native addon is not built (no toiawase.node in ${__dirname}). ` +
        'Run `npm install` (or `npm run build`) in bindings/node; offline, run ' +
        'dictionaries/seed-ipadic.sh in the repository first.',
      { cause: err },
    );
  }
  throw err;
}
const { NativeEngine } = native;

/** LINE quick-reply labels hold 20 characters: every candidate's `label` fits. */
const LABEL_CHARS = 20;

const DECISIONS = ['answer', 'ambiguous', 'no_match'];
// In the order of SMALL_TALK in src/response.rs.
const SMALL_TALK = ['greeting', 'thanks', 'acknowledgement', 'apology', 'farewell', 'test'];
const ASK_OPTIONS = new Set(['limit', 'category', 'explain', 'session']);
// Numbers of a response before its candidates, and per candidate (src/response.rs).
const HEADER = 5;
const PER_CANDIDATE = 4;

function argumentError(Kind, code, message) {
  const error = new Kind(message);
  error.code = code;
  return error;
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 20)}`;
}

function requireString(value, what) {
  if (typeof value !== 'string') {
    throw argumentError(TypeError, 'ERR_INVALID_ARG_TYPE', `${what} must be a string, not ${describe(value)}`);
  }
  return value;
}

function optionalString(value, what) {
  return value === undefined || value === null ? null : requireString(value, what);
}

function deepFreeze(value) {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze(value[key]);
  }
  return value;
}

// Only the static methods below make engines.
const internal = Symbol('toiawase.Engine');

class Engine {
  #native;
  /** Per entry position: { id, answer, category, title, metadata } (metadata frozen). */
  #entries = [];
  #numbers = new Float64Array(HEADER + PER_CANDIDATE * 8);
  #entryCount;

  constructor(token, engine) {
    if (token !== internal || !(engine instanceof NativeEngine)) {
      throw new TypeError(
        'Engine has no public constructor: use Engine.fromPath, Engine.fromEntries or Engine.open',
      );
    }
    this.#native = engine;
    this.#entryCount = engine.entryIds().length;
  }

  /** Reads a corpus file (TOML, JSON, CSV or 5374 target.csv) and compiles it. */
  static fromPath(path, options) {
    return new Engine(internal, NativeEngine.fromPath(path, options));
  }

  /** As fromPath, compiling on a worker thread. */
  static fromPathAsync(path, options) {
    return NativeEngine.fromPathAsync(path, options).then((engine) => new Engine(internal, engine));
  }

  /** Compiles entries given as objects { id, questions, answer, … }. */
  static fromEntries(entries, options) {
    return new Engine(internal, NativeEngine.fromEntries(entries, options));
  }

  /** As fromEntries, compiling on a worker thread. */
  static fromEntriesAsync(entries, options) {
    return NativeEngine.fromEntriesAsync(entries, options).then((engine) => new Engine(internal, engine));
  }

  /** Opens an index file written by save(). */
  static open(path, options) {
    return new Engine(internal, NativeEngine.open(path, options));
  }

  /** As open, reading on a worker thread. */
  static openAsync(path, options) {
    return NativeEngine.openAsync(path, options).then((engine) => new Engine(internal, engine));
  }

  /** Writes the index to `path` atomically. */
  save(path) {
    this.#native.save(path);
  }

  /** As save, writing on a worker thread. */
  saveAsync(path) {
    return this.#native.saveAsync(path);
  }

  /** Answers a question: { decision, smallTalk, query, candidates, menu }. */
  ask(question, options) {
    requireString(question, 'engine.ask: the question');
    let limit = 5;
    let category = null;
    let explain = false;
    let session = null;
    if (options !== undefined && options !== null) {
      if (typeof options !== 'object' || Array.isArray(options)) {
        throw argumentError(TypeError, 'ERR_INVALID_ARG_TYPE', `engine.ask: options must be an object, not ${describe(options)}`);
      }
      for (const key in options) {
        if (!ASK_OPTIONS.has(key)) {
          throw argumentError(
            TypeError,
            'ERR_INVALID_ARG_VALUE',
            `engine.ask options: unknown option \`${key}\` (expected limit, category, explain, session)`,
          );
        }
      }
      if (options.limit !== undefined && options.limit !== null) {
        limit = options.limit;
        if (typeof limit !== 'number') {
          throw argumentError(TypeError, 'ERR_INVALID_ARG_TYPE', `engine.ask options: \`limit\` must be a number, not ${describe(limit)}`);
        }
        if (!Number.isInteger(limit) || limit < 0) {
          throw argumentError(RangeError, 'ERR_OUT_OF_RANGE', `engine.ask options: \`limit\` must be a non-negative integer, not ${limit}`);
        }
      }
      category = optionalString(options.category, 'engine.ask options: `category`');
      session = optionalString(options.session, 'engine.ask options: `session`');
      if (options.explain !== undefined && options.explain !== null) {
        if (typeof options.explain !== 'boolean') {
          throw argumentError(TypeError, 'ERR_INVALID_ARG_TYPE', `engine.ask options: \`explain\` must be a boolean, not ${describe(options.explain)}`);
        }
        explain = options.explain;
      }
    }
    // No more candidates than entries: the numbers array grows to what one response needs.
    const candidates = Math.min(limit, this.#entryCount);
    if (this.#numbers.length < HEADER + PER_CANDIDATE * candidates) {
      this.#numbers = new Float64Array(HEADER + PER_CANDIDATE * candidates);
    }
    const numbers = this.#numbers;
    const result = this.#native.askInto(question, candidates, category, session, explain, numbers);
    const text = explain ? result[0] : result;
    const explanations = explain ? result[1] : null;

    let at = numbers[4];
    const count = numbers[3];
    const list = new Array(count);
    for (let k = 0; k < count; k++) {
      const slot = HEADER + PER_CANDIDATE * k;
      const entry = this.#entryAt(numbers[slot]);
      const phrasing = text.slice(at, (at += numbers[slot + 2]));
      const labelLength = numbers[slot + 3];
      const label = labelLength < 0 ? phrasing : text.slice(at, (at += labelLength));
      list[k] = {
        id: entry.id,
        confidence: numbers[slot + 1],
        phrasing,
        answer: entry.answer,
        category: entry.category,
        title: entry.title,
        metadata: entry.metadata,
        label,
        explanation: explanations === null ? null : explanations[k],
      };
    }
    return {
      decision: DECISIONS[numbers[0]],
      smallTalk: numbers[1] < 0 ? null : SMALL_TALK[numbers[1]],
      query: text.slice(0, numbers[4]),
      candidates: list,
      menu: list.slice(0, numbers[2]),
    };
  }

  #entryAt(position) {
    let entry = this.#entries[position];
    if (entry === undefined) {
      const [id, answer, category, title, metadata] = this.#native.entryAt(position);
      entry = { id, answer, category, title, metadata: deepFreeze(metadata) };
      this.#entries[position] = entry;
    }
    return entry;
  }

  /** Records which entry a resident picked from the menu offered for `question`. */
  recordChoice(question, chosenId, session) {
    requireString(question, 'engine.recordChoice: the question');
    requireString(chosenId, 'engine.recordChoice: the chosen id');
    this.#native.recordChoice(question, chosenId, optionalString(session, 'engine.recordChoice: the session'));
  }

  /** The entry with this id as it was in the corpus, or null. */
  entry(id) {
    return this.#native.entry(requireString(id, 'engine.entry: the id'));
  }

  /** The entry ids, in corpus order. */
  entryIds() {
    return this.#native.entryIds();
  }

  /** The distinct categories, sorted. */
  categories() {
    return this.#native.categories();
  }

  /** { answer, margin, suggest, menu }: the thresholds deciding answers. */
  thresholds() {
    return this.#native.thresholds();
  }

  /** { entries, phrasings, terms, readings }. */
  stats() {
    return this.#native.stats();
  }

  /** Rows a lenient fromPath skipped: [{ line, reason }]. */
  skipped() {
    return this.#native.skipped();
  }

  /** How many questions the query log could not write (null without a log). */
  logFailures() {
    return this.#native.logFailures();
  }

  /**
   * For benchmarks: asks each question `repeat` times inside Rust (the Rust `Engine::ask`,
   * nothing crossing into JavaScript) and returns the mean nanoseconds per ask of each.
   */
  timeAsks(questions, repeat) {
    if (!Array.isArray(questions) || !questions.every((question) => typeof question === 'string')) {
      throw argumentError(TypeError, 'ERR_INVALID_ARG_TYPE', 'engine.timeAsks: questions must be an array of strings');
    }
    return this.#native.timeAsks(questions, repeat);
  }
}

module.exports = { Engine, LABEL_CHARS };
