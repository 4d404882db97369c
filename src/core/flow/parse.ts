/**
 * Reading untrusted flow documents: JSON text, parsed JSON from a file or a host's store.
 *
 * `parseFlow` checks the *shape* (JSON types, required fields, known node kinds) and returns a typed
 * {@link FlowDocument} with defaults filled in, or shape findings (FS100-FS102). It never throws.
 *
 * The line between parsing and validation: a field with the wrong JSON type (a number where a string is
 * expected) is a shape error here. A field that is *missing or empty* where validation has a more precise,
 * node-linked finding (question slot FS006, question entity FS009, action mock FS015, router routes FS013,
 * intent phrases FS012) is passed through untouched so that `validateFlow` reports it once, with its own code.
 * The contents of `entity` and `mock` (their `type`/`mode` and fields) are likewise left to validation.
 */
import { formatMessage, type ErrorCode, type Finding } from '../errors.ts';
import {
  DEFAULT_SETTINGS,
  NODE_KINDS,
  type CustomerMessage,
  type FlowDocument,
  type FlowEdge,
  type FlowNode,
  type FlowSettings,
  type Intent,
  type NodeKind,
} from './types.ts';

/**
 * Size limits of a flow document (FS106, FS107). Real flows stay far below them; they exist so that a
 * hostile or mistaken file is refused with a numbered error instead of exhausting memory or the stack
 * (documented in the README, "Limits").
 */
export const FLOW_LIMITS = {
  /** Characters of a flow file (JSON text). */
  fileChars: 5_000_000,
  /** Levels of nested objects and arrays, anywhere in a file; inside an entity or a mock given as a value. */
  depth: 64,
  nodes: 5_000,
  edges: 20_000,
  intents: 500,
  /** Training phrases over all intents. */
  phrases: 5_000,
  /** Characters of one training phrase or customer message. */
  phraseChars: 500,
  customerMessages: 5_000,
  /** Characters of any other text the engine reads (prompts, messages, labels, ids). */
  textChars: 2_000,
  /** Entries of any other list (router options, branches, synonyms, tool arguments, global intents...). */
  listItems: 1_000,
  /** Values inside one entity or mock (choice options and their synonyms, mock results). */
  entityValues: 10_000,
} as const;

export type ParseResult =
  | { ok: true; flow: FlowDocument; findings: Finding[] }
  | { ok: false; findings: Finding[] };

/** Settings as a host or file may give them: every field optional, `fallback` and `matcher` merged field by field. */
export interface PartialFlowSettings {
  fallback?: Partial<FlowSettings['fallback']>;
  globalIntents?: FlowSettings['globalIntents'];
  matcher?: Partial<FlowSettings['matcher']>;
  captureVolunteeredSlots?: boolean;
  stepBudget?: number;
}

export interface ParseOptions {
  /**
   * Report unknown fields inside node `data` as FS101 warnings (they are dropped either way). On for files,
   * where an unknown field is usually a typo (`"maxAttempt"`); the React Flow adapter turns it off because
   * hosts keep their own UI state in `data`.
   */
  warnUnknownDataFields?: boolean;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "a string", "null", "an array"... for messages that say what was found. */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return Number.isFinite(v) ? `the number ${v}` : 'a non-finite number';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `a ${typeof v}`;
}

/** Fields each node kind reads from `data` (plus `label`, common to all). */
const DATA_FIELDS: Record<NodeKind, readonly string[]> = {
  start: ['greeting'],
  message: ['text'],
  question: ['slot', 'prompt', 'entity', 'reprompt', 'maxAttempts'],
  router: ['prompt', 'mode', 'intents', 'options', 'reprompt', 'maxAttempts'],
  condition: ['branches'],
  action: ['tool', 'args', 'mock', 'text'],
  handoff: ['text'],
  end: ['text'],
};

const CONDITION_OPS = ['eq', 'neq', 'gt', 'lt', 'exists', 'missing', 'contains'] as const;
const OPS_WITH_VALUE = new Set(['eq', 'neq', 'gt', 'lt', 'contains']);
const GLOBAL_ACTIONS = ['handoff', 'restart', 'repeat', 'help', 'goto'] as const;
const FALLBACK_BEHAVIOURS = ['reprompt', 'message_only', 'restart'] as const;

/** Collects findings while walking the document; `at` tags them with the node or edge being read. */
class Reader {
  readonly findings: Finding[] = [];
  at: { nodeId?: string; edgeId?: string } = {};

  report(code: ErrorCode, path: string, detail: string, severity: 'error' | 'warning' = 'error'): void {
    this.findings.push({ code, severity, message: formatMessage(code, detail), path, ...this.at });
  }

  /** Wrong type or missing required value at `path`. */
  shape(path: string, expected: string, got: unknown): void {
    const found = got === undefined ? 'it is missing' : `found ${describe(got)}`;
    this.report('FS101', path, `${path} must be ${expected}, ${found}`);
  }

  string(o: Obj, key: string, path: string, opts: { required?: boolean; nonEmpty?: boolean; maxChars?: number } = {}): string | undefined {
    const v = o[key];
    if (v === undefined && !opts.required) return undefined;
    if (typeof v !== 'string' || (opts.nonEmpty && v.trim() === '')) {
      this.shape(`${path}.${key}`, opts.nonEmpty ? 'a non-empty string' : 'a string', v);
      return undefined;
    }
    if (!this.fits(`${path}.${key}`, v, opts.maxChars ?? FLOW_LIMITS.textChars)) return undefined;
    return v;
  }

  /** FS106 for a text over its limit. */
  fits(path: string, v: string, max: number): boolean {
    if (v.length <= max) return true;
    this.report('FS106', path, `${path} is ${v.length} characters long, more than ${max}`);
    return false;
  }

  /** FS106 for a list over its limit. */
  countFits(path: string, list: readonly unknown[], max: number, what: string): boolean {
    if (list.length <= max) return true;
    this.report('FS106', path, `${path} has ${list.length} ${what}, more than ${max}`);
    return false;
  }

  stringArray(o: Obj, key: string, path: string, required = false, limits: { items?: number; chars?: number } = {}): string[] | undefined {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    if (!Array.isArray(v)) {
      this.shape(`${path}.${key}`, 'an array of strings', v);
      return undefined;
    }
    if (!this.countFits(`${path}.${key}`, v, limits.items ?? FLOW_LIMITS.listItems, 'entries')) return undefined;
    const out: string[] = [];
    v.forEach((item, i) => {
      if (typeof item !== 'string') this.shape(`${path}.${key}[${i}]`, 'a string', item);
      else if (this.fits(`${path}.${key}[${i}]`, item, limits.chars ?? FLOW_LIMITS.textChars)) out.push(item);
    });
    return out;
  }

  boolean(o: Obj, key: string, path: string): boolean | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      this.shape(`${path}.${key}`, 'true or false', v);
      return undefined;
    }
    return v;
  }

  number(o: Obj, key: string, path: string, range: { min?: number; max?: number; integer?: boolean; what: string }): number | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    const ok =
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (!range.integer || Number.isInteger(v)) &&
      (range.min === undefined || v >= range.min) &&
      (range.max === undefined || v <= range.max);
    if (!ok) {
      this.shape(`${path}.${key}`, range.what, v);
      return undefined;
    }
    return v as number;
  }

  oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[], required = false): T | undefined {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.shape(`${path}.${key}`, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, v);
      return undefined;
    }
    return v as T;
  }
}

/**
 * Reads an untrusted value (parsed JSON) as a flow document.
 *
 * Missing `intents` default to `[]`, missing `settings` fields to {@link DEFAULT_SETTINGS} (deep merge), a
 * missing node `position` to `{x: 0, y: 0}` and missing node `data` to `{}`. React Flow's own node and edge
 * fields (`selected`, `measured`, `style`...) and unknown top-level fields (`viewport`, `$schema`) are dropped.
 * A `null` or empty `sourceHandle` is dropped too, so reactflow 11 (`null`) and @xyflow/react 12 (absent)
 * read alike.
 *
 * @returns `ok: false` when any finding is an error; warnings can accompany `ok: true`.
 * @example
 * const res = parseFlow(JSON.parse(text));
 * if (res.ok) run(res.flow); else show(res.findings);
 */
export function parseFlow(input: unknown, options: ParseOptions = {}): ParseResult {
  const r = new Reader();
  const warnData = options.warnUnknownDataFields ?? true;
  if (!isObj(input)) {
    r.report('FS101', '$', `the document must be a JSON object with id, name, nodes, edges, intents and settings, found ${describe(input)}`);
    return { ok: false, findings: r.findings };
  }

  // Counts first: an oversized document is refused before any of it is read.
  const counted: [string, number, string][] = [
    ['nodes', FLOW_LIMITS.nodes, 'nodes'],
    ['edges', FLOW_LIMITS.edges, 'edges'],
    ['intents', FLOW_LIMITS.intents, 'intents'],
    ['customerMessages', FLOW_LIMITS.customerMessages, 'messages'],
  ];
  for (const [key, max, what] of counted) {
    const list = input[key];
    if (Array.isArray(list)) r.countFits(key, list, max, what);
  }
  if (Array.isArray(input.intents)) {
    let phrases = 0;
    for (const intent of input.intents) if (isObj(intent) && Array.isArray(intent.phrases)) phrases += intent.phrases.length;
    if (phrases > FLOW_LIMITS.phrases) r.report('FS106', 'intents', `the intents have ${phrases} training phrases in all, more than ${FLOW_LIMITS.phrases}`);
  }
  if (r.findings.length > 0) return { ok: false, findings: r.findings };

  const id = r.string(input, 'id', '$', { required: true, nonEmpty: true }) ?? '';
  const name = r.string(input, 'name', '$', { required: true }) ?? '';

  const nodes: FlowNode[] = [];
  if (!Array.isArray(input.nodes)) r.shape('nodes', 'an array of nodes', input.nodes);
  else input.nodes.forEach((raw, i) => {
    const node = readNode(r, raw, i, warnData);
    if (node) nodes.push(node);
  });

  const edges: FlowEdge[] = [];
  if (!Array.isArray(input.edges)) r.shape('edges', 'an array of edges', input.edges);
  else input.edges.forEach((raw, i) => {
    const edge = readEdge(r, raw, i);
    if (edge) edges.push(edge);
  });

  const intents: Intent[] = [];
  if (input.intents !== undefined) {
    if (!Array.isArray(input.intents)) r.shape('intents', 'an array of intents', input.intents);
    else input.intents.forEach((raw, i) => {
      const intent = readIntent(r, raw, i);
      if (intent) intents.push(intent);
    });
  }

  const settings = readSettings(r, input.settings);
  r.at = {};
  const domain = r.string(input, 'domain', '$');
  const customerMessages: CustomerMessage[] = [];
  if (input.customerMessages !== undefined) {
    if (!Array.isArray(input.customerMessages)) r.shape('customerMessages', 'an array of {"text": string, "intent": string}', input.customerMessages);
    else input.customerMessages.forEach((raw, i) => {
      const path = `customerMessages[${i}]`;
      if (!isObj(raw)) return r.shape(path, 'an object {"text": string, "intent": string}', raw);
      const text = r.string(raw, 'text', path, { required: true, nonEmpty: true, maxChars: FLOW_LIMITS.phraseChars });
      const intent = r.string(raw, 'intent', path, { required: true, nonEmpty: true });
      if (text !== undefined && intent !== undefined) customerMessages.push({ text, intent });
    });
  }

  const ok = !r.findings.some((f) => f.severity === 'error');
  const flow: FlowDocument = { id, name, nodes, edges, intents, settings };
  if (domain !== undefined && domain.trim() !== '') flow.domain = domain;
  if (input.customerMessages !== undefined) flow.customerMessages = customerMessages;
  return ok ? { ok, flow, findings: r.findings } : { ok, findings: r.findings };
}

function readNode(r: Reader, raw: unknown, i: number, warnData: boolean): FlowNode | null {
  const path = `nodes[${i}]`;
  r.at = {};
  if (!isObj(raw)) {
    r.shape(path, 'an object with id, type, position and data', raw);
    return null;
  }
  const id = r.string(raw, 'id', path, { required: true, nonEmpty: true });
  if (id !== undefined) r.at = { nodeId: id };
  const errorsBefore = r.findings.length;

  const type = raw.type;
  let kind: NodeKind | undefined;
  if (typeof type === 'string' && (NODE_KINDS as readonly string[]).includes(type)) kind = type as NodeKind;
  else {
    const what =
      type === undefined ? 'has no type' : typeof type === 'string' ? `has the unknown type "${type}"` : `has a type that is not a string (found ${describe(type)})`;
    r.report('FS102', `${path}.type`, `node ${id !== undefined ? `"${id}"` : `at ${path}`} ${what}`);
  }

  let position = { x: 0, y: 0 };
  if (raw.position !== undefined) {
    const p = raw.position;
    if (isObj(p) && typeof p.x === 'number' && Number.isFinite(p.x) && typeof p.y === 'number' && Number.isFinite(p.y)) {
      position = { x: p.x, y: p.y };
    } else r.shape(`${path}.position`, 'an object {"x": number, "y": number}', p);
  }

  let data: Obj = {};
  if (raw.data !== undefined) {
    if (isObj(raw.data)) data = raw.data;
    else r.shape(`${path}.data`, 'an object', raw.data);
  }

  if (kind === undefined) return null;
  const dp = `${path}.data`;
  const out: Obj = {};
  const label = r.string(data, 'label', dp);
  if (label !== undefined) out.label = label;
  readData(r, kind, data, dp, out);

  if (warnData) {
    const known = new Set(['label', ...DATA_FIELDS[kind]]);
    for (const key of Object.keys(data).sort()) {
      if (!known.has(key)) {
        r.report('FS101', `${dp}.${key}`, `${dp}.${key} is not a field of a ${kind} node and is ignored (known fields: ${[...known].join(', ')})`, 'warning');
      }
    }
  }
  const hadErrors = r.findings.slice(errorsBefore).some((f) => f.severity === 'error');
  if (id === undefined || hadErrors) return null;
  return { id, type: kind, position, data: out } as FlowNode;
}

/** Copies the fields `kind` reads from `data` into `out`, checking their JSON types. */
function readData(r: Reader, kind: NodeKind, data: Obj, dp: string, out: Obj): void {
  const put = (key: string, v: unknown) => {
    if (v !== undefined) out[key] = v;
  };
  const attempts = () => put('maxAttempts', r.number(data, 'maxAttempts', dp, { min: 1, integer: true, what: 'a whole number of at least 1' }));
  switch (kind) {
    case 'start':
      put('greeting', r.string(data, 'greeting', dp));
      break;
    case 'message':
      put('text', r.string(data, 'text', dp, { required: true }));
      break;
    case 'handoff':
    case 'end':
      put('text', r.string(data, 'text', dp));
      break;
    case 'question': {
      // A missing or empty slot is FS006 and a missing entity FS009, both reported by validation.
      put('slot', r.string(data, 'slot', dp));
      put('prompt', r.string(data, 'prompt', dp, { required: true, nonEmpty: true }));
      if (data.entity !== undefined) {
        if (!isObj(data.entity)) r.shape(`${dp}.entity`, 'an object such as {"type": "email"}', data.entity);
        else if (checkNested(r, `${dp}.entity`, data.entity)) out.entity = data.entity;
      }
      put('reprompt', r.string(data, 'reprompt', dp));
      attempts();
      break;
    }
    case 'router': {
      put('prompt', r.string(data, 'prompt', dp, { required: true, nonEmpty: true }));
      put('mode', r.oneOf(data, 'mode', dp, ['intent', 'options'] as const));
      put('intents', r.stringArray(data, 'intents', dp));
      if (data.options !== undefined) {
        if (!Array.isArray(data.options)) r.shape(`${dp}.options`, 'an array of {"id", "label"} options', data.options);
        else {
          out.options = data.options.map((o, j) => {
            const op = `${dp}.options[${j}]`;
            if (!isObj(o)) {
              r.shape(op, 'an object {"id": string, "label": string}', o);
              return null;
            }
            const opt: Obj = {
              id: r.string(o, 'id', op, { required: true, nonEmpty: true }),
              label: r.string(o, 'label', op, { required: true, nonEmpty: true }),
            };
            const syn = r.stringArray(o, 'synonyms', op);
            if (syn !== undefined) opt.synonyms = syn;
            return opt;
          });
        }
      }
      put('reprompt', r.string(data, 'reprompt', dp));
      attempts();
      break;
    }
    case 'condition': {
      if (!Array.isArray(data.branches)) {
        r.shape(`${dp}.branches`, 'an array of {"id", "slot", "op", "value"} branches (it may be empty: then only "else" is taken)', data.branches);
        break;
      }
      out.branches = data.branches.map((b, j) => {
        const bp = `${dp}.branches[${j}]`;
        if (!isObj(b)) {
          r.shape(bp, 'an object {"id", "slot", "op", "value"}', b);
          return null;
        }
        const branch: Obj = {
          id: r.string(b, 'id', bp, { required: true, nonEmpty: true }),
          slot: r.string(b, 'slot', bp, { required: true, nonEmpty: true }),
          op: r.oneOf(b, 'op', bp, CONDITION_OPS, true),
        };
        const op = branch.op as string | undefined;
        const v = b.value;
        if (v !== undefined && typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) {
          r.shape(`${bp}.value`, 'a string or a number', v);
        } else if (op && OPS_WITH_VALUE.has(op) && v === undefined) {
          r.shape(`${bp}.value`, `a value to compare with (operator "${op}" needs one)`, v);
        } else if ((op === 'gt' || op === 'lt') && v !== undefined && !Number.isFinite(Number(v))) {
          r.shape(`${bp}.value`, `a number (operator "${op}" compares numbers)`, v);
        } else if (v !== undefined) branch.value = v;
        return branch;
      });
      break;
    }
    case 'action': {
      put('tool', r.string(data, 'tool', dp, { required: true, nonEmpty: true }));
      put('args', r.stringArray(data, 'args', dp));
      if (data.mock !== undefined) {
        if (!isObj(data.mock)) r.shape(`${dp}.mock`, 'an object such as {"mode": "success"}', data.mock);
        else if (checkNested(r, `${dp}.mock`, data.mock)) out.mock = data.mock;
      }
      put('text', r.string(data, 'text', dp));
      break;
    }
  }
}

function readEdge(r: Reader, raw: unknown, i: number): FlowEdge | null {
  const path = `edges[${i}]`;
  r.at = {};
  if (!isObj(raw)) {
    r.shape(path, 'an object with id, source and target', raw);
    return null;
  }
  const before = r.findings.length;
  const id = r.string(raw, 'id', path, { required: true, nonEmpty: true });
  if (id !== undefined) r.at = { edgeId: id };
  const source = r.string(raw, 'source', path, { required: true, nonEmpty: true });
  const target = r.string(raw, 'target', path, { required: true, nonEmpty: true });
  const handle = (key: 'sourceHandle' | 'targetHandle') => {
    const v = raw[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') r.shape(`${path}.${key}`, 'a string or null', v);
    return typeof v === 'string' ? v : undefined;
  };
  const sourceHandle = handle('sourceHandle');
  const targetHandle = handle('targetHandle');
  const label = r.string(raw, 'label', path);
  let data: Obj | undefined;
  if (raw.data !== undefined) {
    if (!isObj(raw.data)) r.shape(`${path}.data`, 'an object', raw.data);
    else if (checkNested(r, `${path}.data`, raw.data)) data = raw.data;
  }
  if (r.findings.length > before || id === undefined || source === undefined || target === undefined) return null;
  const edge: FlowEdge = { id, source, target };
  if (sourceHandle !== undefined) edge.sourceHandle = sourceHandle;
  if (targetHandle !== undefined) edge.targetHandle = targetHandle;
  if (label !== undefined) edge.label = label;
  if (data !== undefined) edge.data = data;
  return edge;
}

function readIntent(r: Reader, raw: unknown, i: number): Intent | null {
  const path = `intents[${i}]`;
  r.at = {};
  if (!isObj(raw)) {
    r.shape(path, 'an object {"id": string, "phrases": string[]}', raw);
    return null;
  }
  const before = r.findings.length;
  const id = r.string(raw, 'id', path, { required: true, nonEmpty: true });
  const label = r.string(raw, 'label', path);
  const description = r.string(raw, 'description', path);
  // Missing phrases are FS012 (validation); a non-array is a shape error.
  const phrases = r.stringArray(raw, 'phrases', path, false, { items: FLOW_LIMITS.phrases, chars: FLOW_LIMITS.phraseChars });
  if (r.findings.length > before || id === undefined) return null;
  // The cast lets a missing `phrases` through to validation (FS012), as documented at the top.
  const intent = { id } as Intent;
  if (label !== undefined) intent.label = label;
  if (description !== undefined) intent.description = description;
  if (phrases !== undefined) intent.phrases = phrases;
  return intent;
}

function readSettings(r: Reader, raw: unknown): FlowSettings {
  r.at = {};
  const s = cloneDefaults();
  if (raw === undefined) return s;
  if (!isObj(raw)) {
    r.shape('settings', 'an object', raw);
    return s;
  }
  warnUnknown(r, raw, 'settings', ['fallback', 'globalIntents', 'matcher', 'captureVolunteeredSlots', 'stepBudget']);

  if (raw.fallback !== undefined) {
    const f = raw.fallback;
    if (!isObj(f)) r.shape('settings.fallback', 'an object', f);
    else {
      const p = 'settings.fallback';
      warnUnknown(r, f, p, ['messages', 'behaviour', 'maxConsecutive', 'giveUp', 'giveUpMessage']);
      const messages = r.stringArray(f, 'messages', p);
      if (messages !== undefined) {
        if (messages.length === 0) r.shape(`${p}.messages`, 'a list of at least one message', f.messages);
        else s.fallback.messages = messages;
      }
      s.fallback.behaviour = r.oneOf(f, 'behaviour', p, FALLBACK_BEHAVIOURS) ?? s.fallback.behaviour;
      s.fallback.maxConsecutive = r.number(f, 'maxConsecutive', p, { min: 1, integer: true, what: 'a whole number of at least 1' }) ?? s.fallback.maxConsecutive;
      s.fallback.giveUp = r.oneOf(f, 'giveUp', p, ['handoff', 'end'] as const) ?? s.fallback.giveUp;
      const giveUpMessage = r.string(f, 'giveUpMessage', p);
      if (giveUpMessage !== undefined) s.fallback.giveUpMessage = giveUpMessage;
    }
  }

  if (raw.globalIntents !== undefined) {
    const g = raw.globalIntents;
    if (!Array.isArray(g)) r.shape('settings.globalIntents', 'an array of {"intent", "action"} entries', g);
    else {
      s.globalIntents = [];
      g.forEach((item, i) => {
        const p = `settings.globalIntents[${i}]`;
        if (!isObj(item)) {
          r.shape(p, 'an object {"intent": string, "action": string}', item);
          return;
        }
        warnUnknown(r, item, p, ['intent', 'action', 'target', 'response']);
        const intent = r.string(item, 'intent', p, { required: true, nonEmpty: true });
        const action = r.oneOf(item, 'action', p, GLOBAL_ACTIONS, true);
        const target = r.string(item, 'target', p, { nonEmpty: true });
        const response = r.string(item, 'response', p);
        if (intent === undefined || action === undefined) return;
        const entry: FlowSettings['globalIntents'][number] = { intent, action };
        if (target !== undefined) entry.target = target;
        if (response !== undefined) entry.response = response;
        s.globalIntents.push(entry);
      });
    }
  }

  if (raw.matcher !== undefined) {
    const m = raw.matcher;
    if (!isObj(m)) r.shape('settings.matcher', 'an object', m);
    else {
      const p = 'settings.matcher';
      warnUnknown(r, m, p, ['threshold', 'margin', 'typoTolerance', 'globalThreshold']);
      s.matcher.threshold = r.number(m, 'threshold', p, { min: 0, max: 1, what: 'a number from 0 to 1' }) ?? s.matcher.threshold;
      s.matcher.margin = r.number(m, 'margin', p, { min: 0, max: 1, what: 'a number from 0 to 1' }) ?? s.matcher.margin;
      s.matcher.typoTolerance = r.boolean(m, 'typoTolerance', p) ?? s.matcher.typoTolerance;
      s.matcher.globalThreshold = r.number(m, 'globalThreshold', p, { min: 0, max: 1, what: 'a number from 0 to 1' }) ?? s.matcher.globalThreshold;
    }
  }

  s.captureVolunteeredSlots = r.boolean(raw, 'captureVolunteeredSlots', 'settings') ?? s.captureVolunteeredSlots;
  s.stepBudget = r.number(raw, 'stepBudget', 'settings', { min: 1, integer: true, what: 'a whole number of at least 1' }) ?? s.stepBudget;
  return s;
}

/**
 * FS107 / FS106 for a value kept as given (an entity, a mock, edge data): nested at most
 * {@link FLOW_LIMITS}.depth levels below the document and holding at most `entityValues` values, so that
 * hashing, cloning and validating it stay cheap and never overflow the stack.
 */
function checkNested(r: Reader, path: string, value: Obj): boolean {
  const levels = path.split(/[.[]/).length; // how deep `path` already is in the document
  const over = measureNesting(value, FLOW_LIMITS.depth - levels, FLOW_LIMITS.entityValues);
  if (over === 'depth') r.report('FS107', path, `${path} is nested more than ${FLOW_LIMITS.depth} levels deep`);
  else if (over === 'values') r.report('FS106', path, `${path} holds more than ${FLOW_LIMITS.entityValues} values`);
  return over === null;
}

/**
 * Whether `value` nests deeper than `maxDepth` levels or holds more than `maxValues` values, walked without
 * recursion (a 100,000-deep array must not overflow the stack here either). Shared objects are walked once.
 */
export function measureNesting(value: unknown, maxDepth: number, maxValues = Infinity): 'depth' | 'values' | null {
  const seen = new Set<object>();
  const stack: [unknown, number][] = [[value, 0]];
  let count = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (++count > maxValues) return 'values';
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    if (depth >= maxDepth) return 'depth';
    seen.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
      else if (++count > maxValues) return 'values';
    }
  }
  return null;
}

/** Unknown settings keys are almost always typos that would silently keep a default: say so. */
function warnUnknown(r: Reader, o: Obj, path: string, known: readonly string[]): void {
  for (const key of Object.keys(o).sort()) {
    if (!known.includes(key)) {
      r.report('FS101', `${path}.${key}`, `${path}.${key} is not a known setting and is ignored (known: ${known.join(', ')})`, 'warning');
    }
  }
}

function cloneDefaults(): FlowSettings {
  const d = DEFAULT_SETTINGS;
  return {
    fallback: { ...d.fallback, messages: [...d.fallback.messages] },
    globalIntents: d.globalIntents.map((g) => ({ ...g })),
    matcher: { ...d.matcher },
    captureVolunteeredSlots: d.captureVolunteeredSlots,
    stepBudget: d.stepBudget,
  };
}

/**
 * Deep-merges partial settings over {@link DEFAULT_SETTINGS} without checking types (use `parseFlow` for
 * untrusted input). Arrays replace, objects merge one level deep as the settings are shaped.
 */
export function withDefaultSettings(partial?: PartialFlowSettings): FlowSettings {
  const s = cloneDefaults();
  if (!isObj(partial)) return s;
  const p = partial as Obj;
  if (isObj(p.fallback)) Object.assign(s.fallback, dropUndefined(p.fallback));
  if (Array.isArray(p.globalIntents)) s.globalIntents = p.globalIntents as FlowSettings['globalIntents'];
  if (isObj(p.matcher)) Object.assign(s.matcher, dropUndefined(p.matcher));
  if (p.captureVolunteeredSlots !== undefined) s.captureVolunteeredSlots = p.captureVolunteeredSlots as boolean;
  if (p.stepBudget !== undefined) s.stepBudget = p.stepBudget as number;
  return s;
}

function dropUndefined(o: Obj): Obj {
  const out: Obj = {};
  // A "__proto__" key (own, from JSON) is dropped: assigning it would replace the prototype, not copy a setting.
  for (const [k, v] of Object.entries(o)) if (v !== undefined && k !== '__proto__') out[k] = v;
  return out;
}

/**
 * Parses JSON text as a flow document. Invalid JSON gives one FS100 finding with the line and column of the
 * first syntax error (counted by this function, so the CLI and the browser report the same place).
 *
 * @example
 * const res = parseFlowText(await readFile('flow.json', 'utf8'));
 */
export function parseFlowText(text: string, options: ParseOptions = {}): ParseResult {
  // Editors on Windows save a byte-order mark that JSON.parse rejects.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    return { ok: false, findings: [{ code: 'FS100', severity: 'error', message: formatMessage('FS100', 'the text is empty: a flow file holds one JSON object'), path: '$' }] };
  }
  if (body.length > FLOW_LIMITS.fileChars) {
    return { ok: false, findings: [{ code: 'FS106', severity: 'error', message: formatMessage('FS106', `the file is ${body.length} characters long, more than ${FLOW_LIMITS.fileChars}`), path: '$' }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const offset = findJsonErrorOffset(body);
    const { line, column } = lineColumn(body, offset);
    const reason = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      findings: [{ code: 'FS100', severity: 'error', message: formatMessage('FS100', `the text is not valid JSON at line ${line}, column ${column} (${reason})`), path: '$' }],
    };
  }
  if (measureNesting(value, FLOW_LIMITS.depth) === 'depth') {
    return { ok: false, findings: [{ code: 'FS107', severity: 'error', message: formatMessage('FS107', `the file nests objects and arrays more than ${FLOW_LIMITS.depth} levels deep`), path: '$' }] };
  }
  return parseFlow(value, options);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Offset of the first JSON syntax error, found by a small recursive-descent scanner. Engines word and place
 * their JSON.parse errors differently (V8 versions, Firefox, Safari), so the position is computed here.
 */
export function findJsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  class Stop {
    constructor(readonly at: number) {}
  }
  const fail = (at = i): never => {
    throw new Stop(Math.min(at, n));
  };
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++) if (text[i + k] !== word[k]) fail(i + k);
    i += word.length;
  };
  const str = () => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 32) fail();
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i + 2);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(i + 1);
      } else i++;
    }
    fail(n);
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const key = () => {
    ws();
    if (text[i] !== '"') fail();
    str();
    ws();
    if (text[i] !== ':') fail();
    i++;
  };
  // An explicit stack of open brackets, not recursion: a file of 100,000 "[" must report its end, not
  // overflow (or give up at some depth and point into the middle).
  const open: string[] = [];
  try {
    let afterValue = false;
    for (;;) {
      ws();
      if (!afterValue) {
        const c = text[i];
        if (c === '{') {
          i++;
          ws();
          if (text[i] === '}') {
            i++;
            afterValue = true;
          } else {
            open.push('}');
            key();
          }
        } else if (c === '[') {
          i++;
          ws();
          if (text[i] === ']') {
            i++;
            afterValue = true;
          } else open.push(']');
        } else {
          if (c === '"') str();
          else if (c === 't') literal('true');
          else if (c === 'f') literal('false');
          else if (c === 'n') literal('null');
          else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) num();
          else fail();
          afterValue = true;
        }
        continue;
      }
      if (open.length === 0) {
        if (i < n) fail();
        return n;
      }
      const close = open[open.length - 1];
      if (text[i] === ',') {
        i++;
        if (close === '}') key();
        afterValue = false;
      } else if (text[i] === close) {
        i++;
        open.pop();
      } else fail();
    }
  } catch (e) {
    if (e instanceof Stop) return e.at;
    throw e;
  }
}
