import { FLOW_LIMITS, measureNesting, parseFlow } from '../core/flow/parse.ts';
import { isReservedName, validateFlow } from '../core/flow/validate.ts';
import { PERSONA_IDS } from '../core/personas/types.ts';
import { OUTCOMES } from '../core/simulate/types.ts';
import type { HistoryExport, RunRecord, RunStatus } from './types.ts';

/**
 * The checks are deep: every field the panel reads, with its range (a completion of 5, a node stat of -1, a
 * turn that is not an object are refused), ids that are not names objects reserve (`__proto__`), and a flow
 * snapshot that parses as a flow. Records come from files anyone can share and from databases older
 * versions wrote, and the panel renders whatever passes.
 */

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

function num(p: Problems, o: Obj, key: string, path: string, opts: { integer?: boolean; min?: number; max?: number } = {}): boolean {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) p.add(`${path}.${key}`, `expected a finite number, got ${kind(v)}`);
  else if (opts.integer && !Number.isInteger(v)) p.add(`${path}.${key}`, 'expected a whole number');
  else if (opts.min !== undefined && v < opts.min) p.add(`${path}.${key}`, `expected a number >= ${opts.min}, got ${v}`);
  else if (opts.max !== undefined && v > opts.max) p.add(`${path}.${key}`, `expected a number <= ${opts.max}, got ${v}`);
  else return true;
  return false;
}

/** Longest id accepted (run, batch and flow ids are short generated strings or a host's flow id). */
const MAX_ID_CHARS = 200;

/** An id that becomes a key: a non-empty string, not too long, not a name objects reserve. */
function id(p: Problems, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) p.add(`${path}.${key}`, `expected a non-empty string, got ${kind(v)}`);
  else if (v.length > MAX_ID_CHARS) p.add(`${path}.${key}`, `expected at most ${MAX_ID_CHARS} characters, got ${v.length}`);
  else if (isReservedName(v)) p.add(`${path}.${key}`, `"${v}" is a name JavaScript objects reserve (FS020)`);
}

function nullableString(p: Problems, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v !== null && typeof v !== 'string') p.add(`${path}.${key}`, `expected a string or null, got ${kind(v)}`);
}

function bool(p: Problems, o: Obj, key: string, path: string, nullable = false): void {
  const v = o[key];
  if (typeof v !== 'boolean' && !(nullable && v === null)) p.add(`${path}.${key}`, `expected true or false${nullable ? ' or null' : ''}, got ${kind(v)}`);
}

/** Each entry of an array must be an object; `each` checks it. */
function objects(p: Problems, list: unknown[] | undefined, path: string, each: (o: Obj, path: string) => void): void {
  list?.forEach((item, i) => {
    if (p.full) return;
    if (!isObject(item)) p.add(`${path}[${i}]`, `expected an object, got ${kind(item)}`);
    else each(item, `${path}[${i}]`);
  });
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

/** A rate: fractions in [0, 1] with low <= value <= high, and successes out of total (whole numbers). */
function rate(p: Problems, o: Obj, key: string, path: string, nullable = false): void {
  const r = obj(p, o, key, path, nullable);
  if (!r) return;
  const rp = `${path}.${key}`;
  const fractions = ['value', 'low', 'high'].every((k) => num(p, r, k, rp, { min: 0, max: 1 }));
  const counts = num(p, r, 'total', rp, { integer: true, min: 0 }) && num(p, r, 'successes', rp, { integer: true, min: 0, max: r.total as number });
  oneOf(p, r, 'band', rp, ['green', 'amber', 'red']);
  const [value, low, high] = [r.value, r.low, r.high] as number[];
  const eps = 1e-9;
  if (fractions && (low > value + eps || value > high + eps)) p.add(rp, `expected low <= value <= high, got ${low}, ${value}, ${high}`);
  if (fractions && counts && (r.total as number) > 0 && Math.abs(value - (r.successes as number) / (r.total as number)) > 1e-6) {
    p.add(`${rp}.value`, `expected successes / total = ${(r.successes as number) / (r.total as number)}, got ${value}`);
  }
}

/** A flow snapshot checked once per object: runs of one flow version share it on read. */
const snapshotProblems = new WeakMap<object, string | null>();

function checkSnapshot(p: Problems, flow: Obj, path: string): void {
  let problem = snapshotProblems.get(flow);
  if (problem === undefined) {
    const parsed = parseFlow(flow, { warnUnknownDataFields: false });
    if (!parsed.ok) problem = parsed.findings.find((f) => f.severity === 'error')?.message ?? 'it is not a flow';
    else problem = validateFlow(parsed.flow, { runPatterns: false }).find((f) => f.code === 'FS020')?.message ?? null;
    snapshotProblems.set(flow, problem);
  }
  if (problem !== null) p.add(path, `the flow snapshot is not a usable flow (${problem})`);
}

function checkRunInto(p: Problems, v: unknown, path: string): void {
  if (!isObject(v)) {
    p.add(path, `expected a run object, got ${kind(v)}`);
    return;
  }
  if (measureNesting(v, FLOW_LIMITS.depth) !== null) {
    p.add(path, `nested more than ${FLOW_LIMITS.depth} levels deep`);
    return;
  }
  for (const key of ['id', 'batchId', 'flowId', 'flowHash']) id(p, v, key, path);
  for (const key of ['flowName', 'engineVersion']) str(p, v, key, path);
  oneOf(p, v, 'persona', path, PERSONA_IDS);
  num(p, v, 'n', path, { integer: true, min: 0, max: 100_000 });
  num(p, v, 'seed', path, { integer: true });
  num(p, v, 'startedAt', path);
  num(p, v, 'finishedAt', path);
  oneOf(p, v, 'status', path, RUN_STATUSES);
  if (typeof v.hasTranscripts !== 'boolean') p.add(`${path}.hasTranscripts`, `expected a boolean, got ${kind(v.hasTranscripts)}`);

  const flow = obj(p, v, 'flowSnapshot', path);
  if (flow) {
    const fp = `${path}.flowSnapshot`;
    const before = p.list.length;
    str(p, flow, 'id', fp);
    str(p, flow, 'name', fp);
    arr(p, flow, 'nodes', fp);
    arr(p, flow, 'edges', fp);
    arr(p, flow, 'intents', fp);
    obj(p, flow, 'settings', fp);
    if (p.list.length === before) checkSnapshot(p, flow, fp);
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
      num(p, scores, 'fallbackTurnsPerCustomerTurn', cp, { min: 0 });
      num(p, scores, 'scored', cp, { integer: true, min: 0 });
      num(p, scores, 'errors', cp, { integer: true, min: 0 });
      if (scores.outOfScope !== undefined) {
        const oos = obj(p, scores, 'outOfScope', cp);
        if (oos) {
          num(p, oos, 'total', `${cp}.outOfScope`, { integer: true, min: 0 });
          num(p, oos, 'misrouted', `${cp}.outOfScope`, { integer: true, min: 0 });
          rate(p, oos, 'rejected', `${cp}.outOfScope`);
        }
      }
    }
    const outcomes = obj(p, summary, 'outcomes', sp);
    // `wrong_end` came with engine 0.2: exports of earlier runs do not have it.
    if (outcomes) for (const o of OUTCOMES) if (o !== 'wrong_end' || Object.hasOwn(outcomes, o)) num(p, outcomes, o, `${sp}.outcomes`, { integer: true, min: 0 });
    const nodes = obj(p, summary, 'nodes', sp);
    if (nodes) {
      for (const [nodeId, stats] of Object.entries(nodes)) {
        if (p.full) break;
        const np = `${sp}.nodes[${JSON.stringify(nodeId)}]`;
        if (isReservedName(nodeId)) p.add(np, `"${nodeId}" is a name JavaScript objects reserve (FS020)`);
        else if (!isObject(stats)) p.add(np, `expected node stats, got ${kind(stats)}`);
        else for (const k of ['visits', 'fallbacks', 'stuck', 'abandoned', 'hijacks']) num(p, stats, k, np, { integer: true, min: 0 });
      }
    }
    objects(p, arr(p, summary, 'clusters', sp), `${sp}.clusters`, (c, cp) => {
      oneOf(p, c, 'outcome', cp, OUTCOMES);
      nullableString(p, c, 'nodeId', cp);
      num(p, c, 'count', cp, { integer: true, min: 0 });
      num(p, c, 'share', cp, { min: 0, max: 1 });
      num(p, c, 'example', cp, { integer: true, min: 0 });
      str(p, c, 'summary', cp);
    });
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
  if (measureNesting(v, FLOW_LIMITS.depth) !== null) {
    p.add(path, `nested more than ${FLOW_LIMITS.depth} levels deep`);
    return;
  }
  oneOf(p, v, 'outcome', path, OUTCOMES);
  nullableString(p, v, 'lastNodeId', path);
  if (v.goal !== null && !isObject(v.goal)) p.add(`${path}.goal`, `expected an object or null, got ${kind(v.goal)}`);
  else if (isObject(v.goal) && v.goal.targetNodeId !== undefined) str(p, v.goal, 'targetNodeId', `${path}.goal`);
  num(p, v, 'customerTurns', path, { integer: true, min: 0 });
  num(p, v, 'fallbacks', path, { integer: true, min: 0 });
  objects(p, arr(p, v, 'digressions', path), `${path}.digressions`, (d, dp) => {
    num(p, d, 'turn', dp, { integer: true, min: 0 });
    str(p, d, 'kind', dp);
    str(p, d, 'nodeId', dp);
    for (const k of ['hijacked', 'returned', 'contextKept', 'recovered']) bool(p, d, k, dp);
  });
  if (v.misroutes !== undefined) {
    objects(p, arr(p, v, 'misroutes', path), `${path}.misroutes`, (m, mp) => {
      num(p, m, 'turn', mp, { integer: true, min: 0 });
      str(p, m, 'nodeId', mp);
      nullableString(p, m, 'wanted', mp);
      str(p, m, 'got', mp);
    });
  }
  bool(p, v, 'recovered', path, true);
  if (v.error !== undefined) {
    const e = obj(p, v, 'error', path);
    if (e) {
      str(p, e, 'code', `${path}.error`);
      str(p, e, 'message', `${path}.error`);
    }
  }
  const route = arr(p, v, 'path', path);
  if (route && route.some((id) => typeof id !== 'string')) p.add(`${path}.path`, 'expected an array of node ids (strings)');
  objects(p, arr(p, v, 'turns', path), `${path}.turns`, (t, tp) => {
    oneOf(p, t, 'speaker', tp, ['customer', 'bot']);
    str(p, t, 'text', tp);
    nullableString(p, t, 'nodeId', tp);
    objects(p, arr(p, t, 'events', tp), `${tp}.events`, (e, ep) => {
      str(p, e, 'type', ep);
      if (e.nodeId !== undefined) nullableString(p, e, 'nodeId', ep);
    });
    if (t.truth !== undefined) {
      const truth = obj(p, t, 'truth', tp);
      if (truth) {
        if (truth.clean !== undefined) str(p, truth, 'clean', `${tp}.truth`);
        if (truth.digression !== undefined && truth.digression !== null) str(p, truth, 'digression', `${tp}.truth`);
      }
    }
  });
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

