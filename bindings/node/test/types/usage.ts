// Compiled (not run) by test/types.test.js: the declarations of index.d.ts describe what a
// TypeScript bot writes.
import toiawase, { Engine, LABEL_CHARS } from 'toiawase';
import type { Candidate, Decision, Entry, Response, ToiawaseError } from 'toiawase';

const entries: Entry[] = [{ id: 'a', questions: ['住民票'], answer: '市民課', metadata: { floor: 1 } }];
const engine: Engine = Engine.fromEntries(entries, { thresholds: { answer: 0.5 }, logPath: null });
const same: typeof Engine = toiawase.Engine;

async function reload(): Promise<Engine> {
  const next = await Engine.fromPathAsync('faq.toml', { lenient: true, logPath: 'questions.jsonl' });
  await next.saveAsync('faq.idx');
  return Engine.openAsync('faq.idx', { thresholds: { margin: 0.1 } });
}

const response: Response = engine.ask('じゅうみんひょう', { limit: 3, category: null, session: 'U1', explain: true });
const decision: Decision = response.decision;
switch (decision) {
  case 'answer':
  case 'ambiguous':
  case 'no_match':
    break;
}
const menu: string[] = response.menu.map((candidate: Candidate) => candidate.label);
const kinds = response.candidates.flatMap((candidate) => candidate.explanation?.matched.map((term) => term.kind) ?? []);
const width: 20 = LABEL_CHARS;
const small: string | null = response.smallTalk;
engine.recordChoice('じゅうみんひょう', 'a', 'U1');
const title: string | null | undefined = engine.entry('a')?.title;
const stats: number = engine.stats().entries + engine.entryIds().length + engine.categories().length;
const answerAt: number = engine.thresholds().answer;
const failures: number | null = engine.logFailures();
const skippedLines: number[] = engine.skipped().map((row) => row.line);

try {
  Engine.fromPath('faq.toml');
} catch (err) {
  const error = err as ToiawaseError;
  const where: string = `${error.code} ${error.path ?? ''}:${error.line ?? ''} ${error.field ?? ''}`;
  const system: string | undefined = error.cause?.code;
  void [where, system];
}

// @ts-expect-error: engines come from the static constructors only
new Engine();
// @ts-expect-error: an unknown option
engine.ask('q', { catgory: 'ごみ' });

export { same, reload, menu, kinds, width, small, title, stats, answerAt, failures, skippedLines };
