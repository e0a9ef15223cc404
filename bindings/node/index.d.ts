// Type definitions of the toiawase package (index.js, index.mjs).

/** What the engine concluded about a question. */
export type Decision = 'answer' | 'ambiguous' | 'no_match';

/** Which kind of small talk a message is (never answered from the FAQ). */
export type SmallTalk = 'greeting' | 'thanks' | 'acknowledgement' | 'apology' | 'farewell' | 'test';

/** Where the decision between answer, ambiguous and no match falls. Each in [0, 1]. */
export interface Thresholds {
  /** Least confidence for an answer (0.45 by default). */
  answer: number;
  /** Least lead of the best entry over the second for an answer (0.08). */
  margin: number;
  /** Least confidence for "ambiguous"; below it, no match (0.30). */
  suggest: number;
  /** How far below the best a candidate may be and still be in the menu (0.20). */
  menu: number;
}

/** Options of `Engine.open` (and of every constructor). */
export interface OpenOptions {
  /**
   * Thresholds to decide with; those left out keep their value (the defaults when
   * building, the ones stored in the index when opening). They are saved with the index.
   */
  thresholds?: Partial<Thresholds> | null;
  /**
   * Record every question in this JSON Lines file (the Rust crate's `JsonLinesLog`):
   * created owner-only (0600), questions stored as analysed with personal data masked
   * (phone, マイナンバー, card and postal numbers, e-mail addresses, street-address numbers).
   * One append per question, on the asking thread.
   */
  logPath?: string | null;
}

/** Options of `Engine.fromEntries`. */
export interface BuildOptions extends OpenOptions {
  /**
   * A folder replacing the built-in resources (user_dictionary.csv, synonyms.txt,
   * stopwords.txt, related.txt, small_talk.txt; the files it lacks keep the built-in text).
   */
  resourcesDir?: string | null;
}

/** Options of `Engine.fromPath`. */
export interface FromPathOptions extends BuildOptions {
  /** Skip malformed CSV rows instead of failing; see `engine.skipped()`. */
  lenient?: boolean | null;
}

/** An FAQ entry, as given to `Engine.fromEntries` and returned by `engine.entry`. */
export interface Entry {
  /** Unique id within the corpus. */
  id: string;
  /** The phrasings of the question (at least one, none empty). */
  questions: string[];
  /** The answer text. */
  answer: string;
  /** A category, usable as a filter when asking. */
  category?: string | null;
  /** A short title for menus and buttons. */
  title?: string | null;
  /** Other names of the thing asked about (matched a little more weakly than questions). */
  aliases?: string[];
  /** Extra search terms leading to this entry. */
  keywords?: string[];
  /** Free-form data carried along (a URL, the office in charge…), at most 32 levels deep. */
  metadata?: Record<string, unknown>;
}

/** An entry as `engine.entry` returns it: every field present. */
export interface StoredEntry extends Entry {
  category: string | null;
  title: string | null;
  aliases: string[];
  keywords: string[];
  metadata: Record<string, unknown>;
}

/** Options of one question. */
export interface AskOptions {
  /** Most candidates to return (5). The decision does not depend on it. */
  limit?: number | null;
  /** Only consider entries of this category. */
  category?: string | null;
  /** Give each candidate an explanation (off: it costs time, and a bot rarely needs it). */
  explain?: boolean | null;
  /** An opaque user or conversation id, written to the query log (hash it first if you like). */
  session?: string | null;
}

/** How one question word reached one index term. */
export interface TermMatch {
  /** The word in the normalized question. */
  query: string;
  /** The index term it matched. */
  term: string;
  kind: 'exact' | 'synonym' | 'reading' | 'related' | 'compound_part' | 'fuzzy';
  /** Edits, for a fuzzy match; otherwise null. */
  distance: number | null;
}

/** Why a candidate ranks where it does (with `explain: true`). */
export interface Explanation {
  matched: TermMatch[];
  /** Question words that did not match this candidate. */
  unmatched: string[];
  /** Share of the question's weight this phrasing covers, in [0, 1]. */
  queryCoverage: number;
  /** Share of the phrasing's weight the question covers, in [0, 1]. */
  phrasingCoverage: number;
  /** Character similarity of question and phrasing, in [0, 1]. */
  similarity: number;
}

/** A candidate answer. */
export interface Candidate {
  /** The entry's id. */
  id: string;
  /** Confidence in [0, 1] that this entry answers the question. */
  confidence: number;
  /** The entry's phrasing (question or alias) that matched best. */
  phrasing: string;
  /** The entry's answer. */
  answer: string;
  category: string | null;
  title: string | null;
  /** The entry's metadata. Shared between responses and frozen. */
  metadata: Readonly<Record<string, unknown>>;
  /**
   * A menu label of at most 20 characters (LINE quick-reply labels hold 20): the title
   * when it fits, else the phrasing, cut with `…` (Rust's `Match::label(20)`).
   */
  label: string;
  /** With `explain: true`; otherwise null. */
  explanation: Explanation | null;
}

/** The engine's reply to one question. */
export interface Response {
  /**
   * - `answer`: the first candidate is a confident, clear winner: reply with its answer;
   * - `ambiguous`: offer `menu` ("もしかして…");
   * - `no_match`: apologise (the candidates, if any, are only the nearest suggestions).
   */
  decision: Decision;
  /** A greeting, thanks…: then `decision` is `no_match` with no candidates. */
  smallTalk: SmallTalk | null;
  /** The question as analysed (normalized). */
  query: string;
  /** Candidates, best first (at most `limit`). */
  candidates: Candidate[];
  /** The candidates worth offering as a menu: the first ones, close to the best. */
  menu: Candidate[];
}

/** Counts describing an index. */
export interface Stats {
  entries: number;
  phrasings: number;
  terms: number;
  readings: number;
}

/** A row a lenient load skipped. */
export interface SkippedRow {
  /** 1-based line in the file. */
  line: number;
  /** The error the row would have caused. */
  reason: string;
}

/**
 * What toiawase throws (or rejects with). The message names the file, the line or entry,
 * and the field; so do the properties, where the error has them.
 *
 * `code` is one of: `ERR_CORPUS_IO`, `ERR_CORPUS_FORMAT`, `ERR_CORPUS_UTF8`,
 * `ERR_CORPUS_SYNTAX`, `ERR_CORPUS_MISSING_FIELD`, `ERR_CORPUS_EMPTY_FIELD`,
 * `ERR_CORPUS_FIELD_TYPE`, `ERR_CORPUS_UNKNOWN_FIELD`, `ERR_CORPUS_DUPLICATE_ID`,
 * `ERR_CORPUS_HEADER`, `ERR_CORPUS_COLUMNS`, `ERR_CORPUS_UNCLOSED_QUOTE`,
 * `ERR_CORPUS_QUOTE_SWALLOWS_ROW`, `ERR_CORPUS_TEXT_AFTER_QUOTE`,
 * `ERR_CORPUS_CONFLICTING_ANSWER`, `ERR_CORPUS_METADATA`, `ERR_CORPUS_EMPTY`,
 * `ERR_INDEX_IO`, `ERR_INDEX_NOT_AN_INDEX`, `ERR_INDEX_VERSION`, `ERR_INDEX_TRUNCATED`,
 * `ERR_INDEX_CHECKSUM`, `ERR_INDEX_MALFORMED`, `ERR_INDEX_DICTIONARY_MISMATCH`,
 * `ERR_INDEX_RESOURCES`, `ERR_RESOURCE`, `ERR_RESOURCE_IO`, `ERR_DICTIONARY`, `ERR_LOG_IO`;
 * and for wrong arguments (a `TypeError` or `RangeError`) `ERR_INVALID_ARG_TYPE`,
 * `ERR_INVALID_ARG_VALUE` (an unknown option), `ERR_OUT_OF_RANGE`.
 */
export interface ToiawaseError extends Error {
  code: string;
  /** The file (corpus, index, log or resource file). */
  path?: string;
  /** 1-based line in the file. */
  line?: number;
  /** The entry: `"id" (line 6)`, `"id" (entry #3)`, `entry #3`. */
  entry?: string;
  /**
   * 0-based position of the entry in its list: the array given to `fromEntries`, or a
   * file's list of entries when the error names no line (`"id" (entry #3)` is index 2).
   */
  index?: number;
  /** The field involved (`answer`, `questions`, `id`, `metadata`…). */
  field?: string;
  /** The entry id (duplicate ids, conflicting answers). */
  id?: string;
  /** The metadata key. */
  key?: string;
  /** For I/O errors: the system error, with `code` (`ENOENT`, `EACCES`…) and `errno`. */
  cause?: Error & { code?: string; errno?: number };
}

/**
 * A compiled FAQ, ready to answer questions. Build or open it once and keep it: asking
 * takes tens of microseconds, building the sample corpus about a second. To reload an FAQ
 * without downtime, build the new engine with an async constructor and swap the reference.
 */
export declare class Engine {
  private constructor();
  /** Reads a corpus file (TOML, JSON, CSV or a 5374 `target.csv`) and compiles it. */
  static fromPath(path: string, options?: FromPathOptions | null): Engine;
  /** As `fromPath`, on a worker thread: the event loop keeps running. */
  static fromPathAsync(path: string, options?: FromPathOptions | null): Promise<Engine>;
  /** Compiles entries given as objects. */
  static fromEntries(entries: Entry[], options?: BuildOptions | null): Engine;
  /** As `fromEntries`, on a worker thread. */
  static fromEntriesAsync(entries: Entry[], options?: BuildOptions | null): Promise<Engine>;
  /** Opens an index file written by `save` (its thresholds unless others are given). */
  static open(path: string, options?: OpenOptions | null): Engine;
  /** As `open`, on a worker thread. */
  static openAsync(path: string, options?: OpenOptions | null): Promise<Engine>;

  /** Writes the index to `path` atomically (a failed save leaves the old file as it was). */
  save(path: string): void;
  /** As `save`, on a worker thread. */
  saveAsync(path: string): Promise<void>;

  /** Answers a question. Never throws for any string: empty or huge questions get `no_match`. */
  ask(question: string, options?: AskOptions | null): Response;
  /**
   * Records which entry a resident picked from the menu offered for `question` (the
   * question as asked), in the query log if there is one.
   */
  recordChoice(question: string, chosenId: string, session?: string | null): void;

  /** The entry with this id as it was in the corpus, or null. */
  entry(id: string): StoredEntry | null;
  /** The entry ids, in corpus order. */
  entryIds(): string[];
  /** The distinct categories, sorted. */
  categories(): string[];
  /** The thresholds deciding answers. */
  thresholds(): Thresholds;
  /** Counts of entries, phrasings, terms and readings. */
  stats(): Stats;
  /** Rows a lenient `fromPath` skipped (empty otherwise). */
  skipped(): SkippedRow[];
  /** How many questions the query log could not write; null without a log. */
  logFailures(): number | null;
  /**
   * For benchmarks: asks each question `repeat` times inside Rust (nothing crossing into
   * JavaScript) and returns the mean nanoseconds per ask of each question.
   */
  timeAsks(questions: string[], repeat: number): number[];
}

/** LINE quick-reply labels hold 20 characters: every candidate's `label` fits. */
export declare const LABEL_CHARS: 20;

declare const toiawase: { Engine: typeof Engine; LABEL_CHARS: typeof LABEL_CHARS };
export default toiawase;
