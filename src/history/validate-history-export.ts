import { PERSONA_IDS } from '../core/personas/types.ts';
import { OUTCOMES } from '../core/simulate/types.ts';
import type { HistoryExport, RunRecord, RunStatus } from './types.ts';

/** One thing wrong with a value, located by a JSON path (`runs[3].summary.scores`). */
export interface ValidationProblem {
  path: string;
  message: string;
}

const RUN_STATUSES: readonly RunStatus[] = ['completed', 'completed_with_errors', 'cancelled'];
/** Enough to locate the fault without building a huge message for a badly broken file. */
const MAX_PROBLEMS = 20;

type Obj = Record<string, unknown>;

/** Collects problems up to a cap; `ok` stays usable for early exits. */
class Problems {
  readonly list: ValidationProblem[] = [];
  add(path: string, message: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push({ path, message });
  }
  get full(): boolean {
    return this.list.length >= MAX_PROBLEMS;
  }
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function str(p: Problems, o: Obj, key: string, path: string, nonEmpty = false): void {
  const v = o[key];
  if (typeof v !== 'string') p.add(`${path}.${key}`, `expected a string, got ${kind(v)}`);
  else if (nonEmpty && v.length === 0) p.add(`${path}.${key}`, 'expected a non-empty string');
}

function num(p: Problems, o: Obj, key: string, path: string, opts: { integer?: boolean; min?: number } = {}): void {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) p.add(`${path}.${key}`, `expected a finite number, got ${kind(v)}`);
  else if (opts.integer && !Number.isInteger(v)) p.add(`${path}.${key}`, 'expected a whole number');
  else if (opts.min !== undefined && v < opts.min) p.add(`${path}.${key}`, `expected a number >= ${opts.min}`);
}

function oneOf(p: Problems, o: Obj, key: string, path: string, allowed: readonly string[]): void {
  const v = o[key];
  if (typeof v !== 'string' || !allowed.includes(v)) p.add(`${path}.${key}`, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(v) ?? kind(v)}`);
}

function arr(p: Problems, o: Obj, key: string, path: string): unknown[] | undefined {
  const v = o[key];
  if (!Array.isArray(v)) {
    p.add(`${path}.${key}`, `expected an array, got ${kind(v)}`);
    return undefined;
  }
  return v;
}

function obj(p: Problems, o: Obj, key: string, path: string, nullable = false): Obj | undefined {
  const v = o[key];
  if (nullable && v === null) return undefined;
  if (!isObject(v)) {
    p.add(`${path}.${key}`, `expected an object${nullable ? ' or null' : ''}, got ${kind(v)}`);
    return undefined;
  }
  return v;
}

function rate(p: Problems, o: Obj, key: string, path: string, nullable = false): void {
  const r = obj(p, o, key, path, nullable);
  if (!r) return;
  for (const k of ['value', 'successes', 'total', 'low', 'high']) num(p, r, k, `${path}.${key}`);
  oneOf(p, r, 'band', `${path}.${key}`, ['green', 'amber', 'red']);
}

function checkRunInto(p: Problems, v: unknown, path: string): void {
  if (!isObject(v)) {
    p.add(path, `expected a run object, got ${kind(v)}`);
    return;
  }
  for (const key of ['id', 'batchId', 'flowId', 'flowHash']) str(p, v, key, path, true);
  for (const key of ['flowName', 'engineVersion']) str(p, v, key, path);
  oneOf(p, v, 'persona', path, PERSONA_IDS);
  num(p, v, 'n', path, { integer: true, min: 0 });
  num(p, v, 'seed', path, { integer: true });
  num(p, v, 'startedAt', path);
  num(p, v, 'finishedAt', path);
  oneOf(p, v, 'status', path, RUN_STATUSES);
  if (typeof v.hasTranscripts !== 'boolean') p.add(`${path}.hasTranscripts`, `expected a boolean, got ${kind(v.hasTranscripts)}`);

  const flow = obj(p, v, 'flowSnapshot', path);
  if (flow) {
    const fp = `${path}.flowSnapshot`;
    str(p, flow, 'id', fp);
    str(p, flow, 'name', fp);
    arr(p, flow, 'nodes', fp);
    arr(p, flow, 'edges', fp);
    arr(p, flow, 'intents', fp);
    obj(p, flow, 'settings', fp);
  }

  const summary = obj(p, v, 'summary', path);
  if (summary) {
    const sp = `${path}.summary`;
    oneOf(p, summary, 'persona', sp, PERSONA_IDS);
    num(p, summary, 'n', sp, { integer: true, min: 0 });
    num(p, summary, 'seed', sp, { integer: true });
    str(p, summary, 'engineVersion', sp);
    const scores = obj(p, summary, 'scores', sp);
    if (scores) {
      const cp = `${sp}.scores`;
      rate(p, scores, 'completion', cp);
      rate(p, scores, 'fallbackRate', cp);
      rate(p, scores, 'offTopicRecovery', cp, true);
      num(p, scores, 'fallbackTurnsPerCustomerTurn', cp);
      num(p, scores, 'scored', cp, { integer: true, min: 0 });
      num(p, scores, 'errors', cp, { integer: true, min: 0 });
    }
    const outcomes = obj(p, summary, 'outcomes', sp);
    // `wrong_end` came with engine 0.2: exports of earlier runs do not have it.
    if (outcomes) for (const o of OUTCOMES) if (o !== 'wrong_end' || o in outcomes) num(p, outcomes, o, `${sp}.outcomes`, { integer: true, min: 0 });
    obj(p, summary, 'nodes', sp);
    arr(p, summary, 'clusters', sp);
  }
}

function checkConversationInto(p: Problems, v: unknown, path: string): void {
  if (!isObject(v)) {
    p.add(path, `expected a conversation object, got ${kind(v)}`);
    return;
  }
  num(p, v, 'index', path, { integer: true, min: 0 });
  oneOf(p, v, 'persona', path, PERSONA_IDS);
  num(p, v, 'seed', path, { integer: true });
  oneOf(p, v, 'outcome', path, OUTCOMES);
  if (v.lastNodeId !== null && typeof v.lastNodeId !== 'string') p.add(`${path}.lastNodeId`, `expected a string or null, got ${kind(v.lastNodeId)}`);
  if (v.goal !== null && !isObject(v.goal)) p.add(`${path}.goal`, `expected an object or null, got ${kind(v.goal)}`);
  num(p, v, 'customerTurns', path, { integer: true, min: 0 });
  num(p, v, 'fallbacks', path, { integer: true, min: 0 });
  arr(p, v, 'digressions', path);
  if (v.recovered !== null && typeof v.recovered !== 'boolean') p.add(`${path}.recovered`, `expected a boolean or null, got ${kind(v.recovered)}`);
  const route = arr(p, v, 'path', path);
  if (route && route.some((id) => typeof id !== 'string')) p.add(`${path}.path`, 'expected an array of node ids (strings)');
  const turns = arr(p, v, 'turns', path);
  if (turns) {
    turns.forEach((t, i) => {
      if (p.full) return;
      const tp = `${path}.turns[${i}]`;
      if (!isObject(t)) return p.add(tp, `expected a turn object, got ${kind(t)}`);
      oneOf(p, t, 'speaker', tp, ['customer', 'bot']);
      str(p, t, 'text', tp);
      if (t.nodeId !== null && typeof t.nodeId !== 'string') p.add(`${tp}.nodeId`, `expected a string or null, got ${kind(t.nodeId)}`);
      arr(p, t, 'events', tp);
    });
  }
}

/** Problems with a run record (empty when it is well formed). */
export function checkRunRecord(v: unknown, path = 'run'): ValidationProblem[] {
  const p = new Problems();
  checkRunInto(p, v, path);
  return p.list;
}

/** Problems with a run's transcripts: each a conversation result, indexes unique. */
export function checkTranscripts(v: unknown, path = 'transcripts'): ValidationProblem[] {
  const p = new Problems();
  checkTranscriptsInto(p, v, path);
  return p.list;
}

function checkTranscriptsInto(p: Problems, v: unknown, path: string): void {
  if (!Array.isArray(v)) {
    p.add(path, `expected an array of conversations, got ${kind(v)}`);
    return;
  }
  const seen = new Set<number>();
  v.forEach((c, i) => {
    if (p.full) return;
    checkConversationInto(p, c, `${path}[${i}]`);
    const index = isObject(c) ? c.index : undefined;
    if (typeof index === 'number') {
      if (seen.has(index)) p.add(`${path}[${i}].index`, `duplicate conversation index ${index}`);
      seen.add(index);
    }
  });
}

/** The result of checking an import file: the typed export, or every problem found (up to a cap). */
export type ExportCheck = { ok: true; value: HistoryExport } | { ok: false; problems: ValidationProblem[] };

/**
 * Checks a whole history export before anything is written: the format tag and version, every run's
 * required fields and types, unique run ids, and transcripts keyed by ids of runs in the same file.
 */
export function checkHistoryExport(data: unknown): ExportCheck {
  const p = new Problems();
  if (!isObject(data)) {
    p.add('$', `expected an export object, got ${kind(data)}`);
    return { ok: false, problems: p.list };
  }
  if (data.format !== 'flowstress-history') p.add('format', `expected "flowstress-history", got ${JSON.stringify(data.format) ?? kind(data.format)}`);
  if (data.version !== 1) p.add('version', `unsupported export version ${JSON.stringify(data.version) ?? kind(data.version)} (this build reads version 1)`);
  num(p, data, 'exportedAt', '$');
  const runs = arr(p, data, 'runs', '$');
  const ids = new Set<string>();
  runs?.forEach((run, i) => {
    if (p.full) return;
    checkRunInto(p, run, `runs[${i}]`);
    const id = isObject(run) ? run.id : undefined;
    if (typeof id === 'string') {
      if (ids.has(id)) p.add(`runs[${i}].id`, `duplicate run id "${id}"`);
      ids.add(id);
    }
  });
  const transcripts = obj(p, data, 'transcripts', '$');
  if (transcripts) {
    for (const [runId, list] of Object.entries(transcripts)) {
      if (p.full) break;
      const tp = `transcripts[${JSON.stringify(runId)}]`;
      if (!ids.has(runId)) p.add(tp, `transcripts for run "${runId}", which is not in the file`);
      checkTranscriptsInto(p, list, tp);
    }
  }
  if (data.customerMessages !== undefined) checkCustomerMessagesByFlowInto(p, data.customerMessages, 'customerMessages');
  if (p.list.length) return { ok: false, problems: p.list };
  return { ok: true, value: data as unknown as HistoryExport };
}

/** A flow's customer messages: a list of `{ text, intent }` with non-empty strings. */
function checkCustomerMessagesInto(p: Problems, v: unknown, path: string): void {
  if (!Array.isArray(v)) {
    p.add(path, `expected an array of messages, got ${kind(v)}`);
    return;
  }
  v.forEach((m, i) => {
    if (p.full) return;
    const mp = `${path}[${i}]`;
    if (!isObject(m)) return p.add(mp, `expected a message object, got ${kind(m)}`);
    str(p, m, 'text', mp, true);
    str(p, m, 'intent', mp, true);
  });
}

/** The export's `customerMessages`: an object from flow id to that flow's messages. */
function checkCustomerMessagesByFlowInto(p: Problems, v: unknown, path: string): void {
  if (!isObject(v)) {
    p.add(path, `expected an object of messages by flow id, got ${kind(v)}`);
    return;
  }
  for (const [flowId, list] of Object.entries(v)) {
    if (p.full) break;
    checkCustomerMessagesInto(p, list, `${path}[${JSON.stringify(flowId)}]`);
  }
}

/** Problems with a list of customer messages (empty when it is well formed). */
export function checkCustomerMessages(v: unknown, path = 'messages'): ValidationProblem[] {
  const p = new Problems();
  checkCustomerMessagesInto(p, v, path);
  return p.list;
}

/** "runs[2].persona: expected one of ... (and 3 more problems)" */
export function describeProblems(problems: readonly ValidationProblem[]): string {
  if (problems.length === 0) return '';
  const [first] = problems;
  const more = problems.length - 1;
  return `${first.path}: ${first.message}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`;
}

