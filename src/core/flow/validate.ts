/**
 * Semantic validation of a flow document: the numbered findings FS001-FS0xx (errors block a run, warnings
 * do not). Runs before every batch, so it is linear in the size of the flow apart from the cycle search.
 *
 * Decisions the registry leaves open, documented here once:
 * - Action nodes: a missing `success` edge is an error (FS004); a missing `error` edge is a warning (FS051):
 *   the stress test only takes it when the mock can fail, but a real tool can always fail and the customer
 *   would be stranded. An action edge without a handle is FS014: the runtime cannot guess which outcome it is.
 * - Question nodes: an unlabelled edge counts as `valid`; a `valid` and an unlabelled edge together are two
 *   edges on one handle (FS018).
 * - Start and message nodes: their single edge may carry any handle (builders give them one output).
 * - Router edges: a handle that is not an intent of the flow is FS005; one that is a known intent or option
 *   the router does not list is FS014 (it would never be taken).
 * - Cycles (FS007): any cycle made only of start, message, condition and action nodes, including a tool retry
 *   loop (action error -> message -> action): with an always-failing mock it never ends, and a retry should
 *   ask the customer first anyway.
 * - Reachability (FS050) starts from the start node and from global-intent targets (`goto`, `handoff`), and is
 *   skipped when the number of start nodes is not exactly one (FS001/FS002 say why).
 * - Slots filled by a node: a question's `slot`, and the keys of an action mock's `result` (tool results are
 *   stored as slots). Conditions and `{{slot}}` placeholders that read anything else are warnings (FS055,
 *   FS056).
 *
 * The input is treated as untrusted even though it is typed: every field is read defensively, so a document
 * that skipped `parseFlow` gives findings, never an exception.
 */
import { formatMessage, type ErrorCode, type Finding, type Severity } from '../errors.ts';
import { compareStrings, findCyclesWithoutWait, handleOf, indexFlow, reachableFrom, routerRoutes } from './graph.ts';
import { MAX_PATTERN_INPUT, compileSafePattern, patternRisk } from './pattern-safety.ts';
import { NODE_KINDS, type FlowDocument, type FlowEdge, type FlowNode, type NodeKind } from './types.ts';

export interface ValidateOptions {
  /**
   * Test each pattern entity's example against its pattern (FS016). Default true. The panel passes false:
   * it validates on the host's main thread, where no pattern from a flow file ever runs; the worker tests
   * the examples when it loads the flow (see `checkPatternExamples`). Patterns are screened (FS019) either way.
   */
  runPatterns?: boolean;
}

/**
 * Names that JavaScript objects already answer to (`({}).constructor`, `({})["__proto__"]`): as an id or a
 * slot name they would read or overwrite built-ins wherever a name becomes a key (FS020).
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/** True for a name objects reserve (see {@link RESERVED_NAMES}). */
export function isReservedName(name: unknown): boolean {
  return typeof name === 'string' && RESERVED_NAMES.has(name);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Errors are FS001-FS049 (and FS100-FS149 shape errors); FS050-FS099 are warnings. */
export function severityOf(code: string): Severity {
  const n = Number(code.slice(2));
  return n >= 50 && n < 100 ? 'warning' : 'error';
}

/** True when at least one finding is an error: the flow must not run. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

const KIND_NAMES: Record<NodeKind, string> = {
  start: 'Start',
  message: 'Message',
  question: 'Question',
  router: 'Router',
  condition: 'Condition',
  action: 'Action',
  handoff: 'Handoff',
  end: 'End',
};

/** How findings name a node: its kind, its label when it has one, and always its id. */
export function describeNode(node: { id: string; type?: unknown; data?: unknown }): string {
  const kind = typeof node.type === 'string' && Object.hasOwn(KIND_NAMES, node.type) ? KIND_NAMES[node.type as NodeKind] : 'Node';
  const label = isObj(node.data) && nonEmpty(node.data.label) ? node.data.label.trim() : undefined;
  return label && label !== node.id ? `${kind} "${label}" (${node.id})` : `${kind} "${node.id}"`;
}

/** Deterministic order: errors first, then by code, node, edge, path and message (code-unit order). */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.severity !== b.severity) return a.severity === 'error' ? -1 : 1;
  return (
    compareStrings(a.code, b.code) ||
    compareStrings(a.nodeId ?? '', b.nodeId ?? '') ||
    compareStrings(a.edgeId ?? '', b.edgeId ?? '') ||
    compareStrings(a.path ?? '', b.path ?? '') ||
    compareStrings(a.message, b.message)
  );
}

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/**
 * Checks a flow for everything that would make a stress test meaningless or a customer stuck.
 *
 * @returns findings sorted by {@link compareFindings}; run only when {@link hasErrors} is false.
 * @example
 * const findings = validateFlow(flow);
 * if (hasErrors(findings)) return { ok: false, findings };
 */
export function validateFlow(flow: FlowDocument, options: ValidateOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const runPatterns = options.runPatterns ?? true;
  const add = (code: ErrorCode, detail: string, where: { nodeId?: string; edgeId?: string; path?: string } = {}) => {
    findings.push({ code, severity: severityOf(code), message: formatMessage(code, detail), ...where });
  };
  if (!isObj(flow)) {
    add('FS101', 'the flow must be an object with nodes, edges, intents and settings', { path: '$' });
    return findings;
  }

  // Keep only entries solid enough to reason about; anything else is a shape error parseFlow reports.
  const nodes = arr(flow.nodes).filter(
    (n): n is FlowNode => isObj(n) && nonEmpty(n.id) && (NODE_KINDS as readonly unknown[]).includes(n.type),
  );
  const edges = arr(flow.edges).filter((e): e is FlowEdge => isObj(e) && nonEmpty(e.id) && typeof e.source === 'string' && typeof e.target === 'string');
  const intents = arr(flow.intents).filter((i): i is { id: string; phrases?: unknown } => isObj(i) && nonEmpty(i.id));
  const settings: Obj = isObj(flow.settings) ? flow.settings : {};
  const globals = arr(settings.globalIntents).filter(isObj);
  const doc = { ...flow, nodes, edges } as FlowDocument;
  const index = indexFlow(doc);
  const name = (id: string) => {
    const n = index.nodes.get(id);
    return n ? describeNode(n) : `"${id}"`;
  };
  const intentIds = new Set(intents.map((i) => i.id));
  // Paths point into the document as given (`nodes[3].data.slot`), so they use the original array positions.
  const nodePos = new Map<string, number>();
  arr(flow.nodes).forEach((n, i) => {
    if (isObj(n) && typeof n.id === 'string' && !nodePos.has(n.id)) nodePos.set(n.id, i);
  });
  const at = (nodeId: string, sub: string) => ({ nodeId, path: `nodes[${nodePos.get(nodeId) ?? '?'}].${sub}` });

  // FS008: duplicate node ids.
  const nodeCount = new Map<string, number>();
  for (const n of nodes) nodeCount.set(n.id, (nodeCount.get(n.id) ?? 0) + 1);
  for (const [id, count] of nodeCount) {
    if (count > 1) add('FS008', `${count} nodes have the id "${id}"`, { nodeId: id });
  }

  // FS001 / FS002: exactly one start node.
  const starts = nodes.filter((n) => n.type === 'start');
  if (starts.length === 0) add('FS001', 'no node has type "start"');
  if (starts.length > 1) {
    for (const s of starts) add('FS002', `${describeNode(s)} is one of ${starts.length} start nodes`, { nodeId: s.id });
  }

  // FS017: duplicate edge and intent ids.
  const edgeCount = new Map<string, number>();
  for (const e of edges) edgeCount.set(e.id, (edgeCount.get(e.id) ?? 0) + 1);
  for (const [id, count] of edgeCount) if (count > 1) add('FS017', `${count} edges have the id "${id}"`, { edgeId: id });
  const intentCount = new Map<string, number>();
  for (const i of intents) intentCount.set(i.id, (intentCount.get(i.id) ?? 0) + 1);
  for (const [id, count] of intentCount) {
    if (count > 1) add('FS017', `${count} intents have the id "${id}"`, { path: `intents[${arr(flow.intents).findLastIndex((i) => isObj(i) && i.id === id)}].id` });
  }

  // FS003: edges whose ends do not exist. Such edges still count as "present" for the handle checks below, so
  // one broken connection gives one finding rather than also a missing-edge finding on its source.
  const bySource = new Map<string, FlowEdge[]>();
  for (const e of edges) {
    const missing = [e.source, e.target].filter((id) => !index.nodes.has(id));
    if (missing.length > 0) {
      const which = missing.map((id) => `"${id}"`).join(' and ');
      add('FS003', `edge "${e.id}" (${e.source} -> ${e.target}) points to ${which}, which ${missing.length > 1 ? 'do' : 'does'} not exist`, {
        edgeId: e.id,
        ...(index.nodes.has(e.source) ? { nodeId: e.source } : {}),
      });
    }
    if (index.nodes.has(e.source)) {
      let list = bySource.get(e.source);
      if (!list) bySource.set(e.source, (list = []));
      list.push(e);
    }
  }

  /** Reports a missing edge (FS004 or a warning code) or a doubled one (FS018) for one handle. */
  const needEdge = (node: FlowNode, list: FlowEdge[], what: string, missingCode: ErrorCode | null, missingDetail: string) => {
    if (list.length === 0 && missingCode) add(missingCode, missingDetail, { nodeId: node.id });
    if (list.length > 1) {
      add('FS018', `${describeNode(node)} has ${list.length} edges for ${what} (${list.map((e) => `"${e.id}"`).join(', ')}); only one can be taken`, {
        nodeId: node.id,
      });
    }
  };
  const unknownHandle = (node: FlowNode, e: FlowEdge, allowed: string) => {
    const h = handleOf(e);
    const detail = h === null ? 'has no handle' : `has the handle "${h}"`;
    add('FS014', `edge "${e.id}" from ${describeNode(node)} ${detail}; expected ${allowed}`, { nodeId: node.id, edgeId: e.id });
  };

  const filledSlots = collectFilledSlots(nodes);

  for (const node of index.nodes.values()) {
    const out = bySource.get(node.id) ?? [];
    const on = (h: string | null) => out.filter((e) => handleOf(e) === h);
    const data: Obj = isObj(node.data) ? node.data : {};
    const who = describeNode(node);
    switch (node.type) {
      case 'start':
      case 'message': {
        if (out.length > 1) add('FS010', `${who} has ${out.length} outgoing edges`, { nodeId: node.id });
        if (out.length === 0) {
          add('FS051', `${who} has no outgoing edge, so the conversation stops there without an end`, { nodeId: node.id });
        }
        break;
      }
      case 'question': {
        if (!nonEmpty(data.slot)) add('FS006', `${who} has no slot name`, at(node.id, 'data.slot'));
        checkEntity(node, data.entity, add, `nodes[${nodePos.get(node.id)}].`, runPatterns);
        needEdge(node, [...on('valid'), ...on(null)], 'a valid answer', 'FS004', `${who} has no "valid" edge for a valid answer`);
        needEdge(node, on('no_match'), '"no_match"', 'FS054', `${who} has no "no_match" edge for customers who fail ${maxAttempts(data)} times`);
        for (const e of out) {
          const h = handleOf(e);
          if (h !== null && h !== 'valid' && h !== 'no_match') unknownHandle(node, e, '"valid" or "no_match"');
        }
        break;
      }
      case 'router': {
        const mode = data.mode === 'options' ? 'options' : 'intent';
        const routes = routerRoutes(data);
        if (routes.length === 0) {
          const other = mode === 'intent' && arr(data.options).length > 0 ? ' (it has options: set "mode": "options")' : mode === 'options' && arr(data.intents).length > 0 ? ' (it lists intents: set "mode": "intent")' : '';
          add('FS013', `${who} has no ${mode === 'intent' ? 'intents' : 'options'} to route by${other}`, { nodeId: node.id });
        }
        const seen = new Set<string>();
        routes.forEach((route, i) => {
          if (seen.has(route)) {
            add('FS017', `${who} lists the ${mode === 'intent' ? 'intent' : 'option'} "${route}" twice`, { nodeId: node.id });
            return;
          }
          seen.add(route);
          if (route === 'no_match') {
            add('FS014', `${who} uses "no_match" as an ${mode === 'intent' ? 'intent' : 'option'} id, which is reserved for the no-match edge`, { nodeId: node.id });
            return;
          }
          if (mode === 'intent' && !intentIds.has(route)) {
            add('FS005', `${who} routes by the intent "${route}", which the flow does not define`, at(node.id, `data.intents[${i}]`));
          }
          needEdge(node, on(route), `"${route}"`, 'FS004', `${who} has no edge for the ${mode === 'intent' ? 'intent' : 'option'} "${route}"`);
        });
        needEdge(node, on('no_match'), '"no_match"', 'FS052', `${who} has no "no_match" edge`);
        for (const e of out) {
          const h = handleOf(e);
          if (h === 'no_match' || (h !== null && seen.has(h))) continue;
          if (mode === 'intent' && h !== null && !intentIds.has(h) && !arr(data.options).some((o) => isObj(o) && o.id === h)) {
            add('FS005', `edge "${e.id}" from ${who} names the intent "${h}", which the flow does not define`, { nodeId: node.id, edgeId: e.id });
          } else {
            unknownHandle(node, e, `one of the router's ${mode === 'intent' ? 'intents' : 'options'} (${routes.map((r) => `"${r}"`).join(', ') || 'none listed'}) or "no_match"`);
          }
        }
        break;
      }
      case 'condition': {
        const branches = arr(data.branches).filter(isObj);
        const ids = new Set<string>();
        for (const b of branches) {
          const id = str(b.id);
          if (!nonEmpty(id)) continue;
          if (ids.has(id)) {
            add('FS017', `${who} has two branches with the id "${id}"`, { nodeId: node.id });
            continue;
          }
          ids.add(id);
          if (id === 'else') {
            add('FS014', `${who} has a branch with the id "else", which is reserved for the else edge`, { nodeId: node.id });
            continue;
          }
          needEdge(node, on(id), `the branch "${id}"`, 'FS004', `${who} has no edge for the branch "${id}"`);
          const slot = str(b.slot);
          if (nonEmpty(slot) && !filledSlots.has(slot)) {
            add('FS055', `${who} tests the slot "${slot}" in branch "${id}", but no question or tool result fills it`, { nodeId: node.id });
          }
        }
        needEdge(node, on('else'), '"else"', 'FS004', `${who} has no "else" edge for when no branch is true`);
        for (const e of out) {
          const h = handleOf(e);
          if (h === 'else' || (h !== null && ids.has(h))) continue;
          unknownHandle(node, e, `one of its branch ids (${[...ids].map((i) => `"${i}"`).join(', ') || 'none'}) or "else"`);
        }
        break;
      }
      case 'action': {
        checkMock(node, data.mock, add, `nodes[${nodePos.get(node.id)}].`);
        needEdge(node, on('success'), '"success"', 'FS004', `${who} has no "success" edge for when the tool call works`);
        needEdge(node, on('error'), '"error"', 'FS051', `${who} has no "error" edge, so a failed tool call strands the customer`);
        for (const e of out) {
          const h = handleOf(e);
          if (h !== 'success' && h !== 'error') unknownHandle(node, e, '"success" or "error"');
        }
        for (const [i, arg] of arr(data.args).entries()) {
          if (nonEmpty(arg) && !filledSlots.has(arg)) {
            add('FS056', `${who} passes the slot "${arg}" to the tool, but no question or tool result fills it`, at(node.id, `data.args[${i}]`));
          }
        }
        break;
      }
      case 'handoff':
      case 'end':
        for (const e of out) {
          add('FS057', `edge "${e.id}" leaves ${who}, which ends the conversation`, { nodeId: node.id, edgeId: e.id });
        }
        break;
    }

    // FS056: {{slot}} placeholders in what the node says.
    for (const field of ['greeting', 'text', 'prompt', 'reprompt'] as const) {
      const text = str(data[field]);
      if (!text) continue;
      for (const m of text.matchAll(PLACEHOLDER)) {
        if (!filledSlots.has(m[1])) {
          add('FS056', `${who} says {{${m[1]}}} in its ${field}, but no question or tool result fills the slot "${m[1]}"`, at(node.id, `data.${field}`));
        }
      }
    }
  }

  // Intents: FS012 (no phrases) and FS053 (too few).
  arr(flow.intents).forEach((intent, i) => {
    if (!isObj(intent) || !nonEmpty(intent.id)) return;
    const phrases = new Set(arr(intent.phrases).filter(nonEmpty).map((p) => p.trim().toLowerCase()));
    const label = `intent "${intent.id}"`;
    if (phrases.size === 0) add('FS012', `the ${label} has no training phrases`, { path: `intents[${i}].phrases` });
    else if (phrases.size < 3) {
      add('FS053', `the ${label} has only ${phrases.size} distinct training phrase${phrases.size === 1 ? '' : 's'}`, { path: `intents[${i}].phrases` });
    }
  });

  // FS058: real customer messages for an intent the flow does not define are not used.
  const unknownMessageIntents = new Map<string, number>();
  arr((flow as { customerMessages?: unknown }).customerMessages).forEach((m, i) => {
    if (isObj(m) && typeof m.intent === 'string' && !intentIds.has(m.intent) && !unknownMessageIntents.has(m.intent)) unknownMessageIntents.set(m.intent, i);
  });
  for (const [intent, i] of unknownMessageIntents) {
    add('FS058', `customer messages name the intent "${intent}", which the flow does not define`, { path: `customerMessages[${i}].intent` });
  }

  // FS011: global intents.
  arr(settings.globalIntents).forEach((g, i) => {
    if (!isObj(g)) return;
    const path = `settings.globalIntents[${i}]`;
    const intent = str(g.intent);
    if (!intent || !intentIds.has(intent)) add('FS011', `global intent #${i + 1} uses the intent "${intent ?? ''}", which the flow does not define`, { path: `${path}.intent` });
    const target = str(g.target);
    if (target !== undefined && !index.nodes.has(target)) {
      add('FS011', `global intent "${intent ?? i + 1}" targets the node "${target}", which does not exist`, { path: `${path}.target` });
    } else if (target !== undefined && g.action === 'handoff' && index.nodes.get(target)?.type !== 'handoff') {
      add('FS011', `global intent "${intent ?? i + 1}" hands off to ${name(target)}, which is not a handoff node`, { path: `${path}.target`, nodeId: target });
    }
    if (g.action === 'goto' && target === undefined) add('FS011', `global intent "${intent ?? i + 1}" has the action "goto" but no target node`, { path: `${path}.target` });
  });

  // FS007: cycles that never wait for the customer.
  for (const cycle of findCyclesWithoutWait(index)) {
    const shown = cycle.slice(0, 5).map(name).join(', ') + (cycle.length > 5 ? `, and ${cycle.length - 5} more` : '');
    add('FS007', `${name(cycle[0])} is on a loop of ${cycle.length} node${cycle.length > 1 ? 's' : ''} with no question or router (${shown})`, { nodeId: cycle[0] });
  }

  // FS050: unreachable nodes.
  if (starts.length === 1) {
    const roots = [starts[0].id, ...globals.map((g) => str(g.target)).filter((t): t is string => t !== undefined)];
    const reached = reachableFrom(index, roots);
    for (const node of index.nodes.values()) {
      if (!reached.has(node.id)) add('FS050', `${describeNode(node)} cannot be reached from the start node`, { nodeId: node.id });
    }
  }

  // FS056 for global-intent responses and fallback messages, which can use slots too.
  const fallback = isObj(settings.fallback) ? settings.fallback : {};
  const flowTexts: [string, unknown][] = [
    ...arr(fallback.messages).map((m, i) => [`settings.fallback.messages[${i}]`, m] as [string, unknown]),
    ['settings.fallback.giveUpMessage', fallback.giveUpMessage],
    ...arr(settings.globalIntents).map((g, i) => [`settings.globalIntents[${i}].response`, isObj(g) ? g.response : undefined] as [string, unknown]),
  ];
  for (const [path, text] of flowTexts) {
    for (const m of (str(text) ?? '').matchAll(PLACEHOLDER)) {
      if (!filledSlots.has(m[1])) add('FS056', `${path} says {{${m[1]}}}, but no question or tool result fills the slot "${m[1]}"`, { path });
    }
  }

  checkReservedNames(flow, add);

  return findings.sort(compareFindings);
}

/**
 * FS020: every name that becomes a key somewhere (node, edge, intent, option and branch ids, slot names,
 * tool result keys, placeholders, the flow id) must not be one objects reserve. Reported where it is written.
 */
function checkReservedNames(flow: FlowDocument, add: Add): void {
  const bad = (what: string, name: unknown, where: { nodeId?: string; edgeId?: string; path?: string }) => {
    if (isReservedName(name)) add('FS020', `${what} is named "${name as string}", a name JavaScript objects reserve`, where);
  };
  bad('the flow id', (flow as { id?: unknown }).id, { path: 'id' });
  arr(flow.nodes).forEach((n, i) => {
    if (!isObj(n)) return;
    const nodeId = typeof n.id === 'string' && !isReservedName(n.id) ? n.id : undefined;
    const at = (sub: string) => ({ ...(nodeId ? { nodeId } : {}), path: `nodes[${i}]${sub}` });
    bad('a node', n.id, { path: `nodes[${i}].id` });
    const data: Obj = isObj(n.data) ? n.data : {};
    bad('the slot of a question', data.slot, at('.data.slot'));
    arr(data.args).forEach((a, j) => bad('a tool argument', a, at(`.data.args[${j}]`)));
    arr(data.intents).forEach((a, j) => bad('a routed intent', a, at(`.data.intents[${j}]`)));
    arr(data.options).forEach((o, j) => isObj(o) && bad('a router option', o.id, at(`.data.options[${j}].id`)));
    arr(data.branches).forEach((b, j) => {
      if (!isObj(b)) return;
      bad('a condition branch', b.id, at(`.data.branches[${j}].id`));
      bad('the slot a condition tests', b.slot, at(`.data.branches[${j}].slot`));
    });
    if (isObj(data.mock) && isObj(data.mock.result)) {
      // Own keys only: a JSON "__proto__" key is an own property here, and must be reported, not followed.
      for (const k of Object.keys(data.mock.result)) bad('a tool result', k, at(`.data.mock.result`));
    }
    for (const field of ['greeting', 'text', 'prompt', 'reprompt']) {
      const text = str(data[field]);
      if (text) for (const m of text.matchAll(PLACEHOLDER)) bad(`the placeholder {{${m[1]}}}`, m[1], at(`.data.${field}`));
    }
  });
  arr(flow.edges).forEach((e, i) => {
    if (!isObj(e)) return;
    bad('an edge', e.id, { path: `edges[${i}].id` });
    bad('an edge handle', e.sourceHandle, { path: `edges[${i}].sourceHandle` });
  });
  arr(flow.intents).forEach((intent, i) => isObj(intent) && bad('an intent', intent.id, { path: `intents[${i}].id` }));
  const settings: Obj = isObj(flow.settings) ? flow.settings : {};
  arr(settings.globalIntents).forEach((g, i) => isObj(g) && bad('a global intent', g.intent, { path: `settings.globalIntents[${i}].intent` }));
  const fallback: Obj = isObj(settings.fallback) ? settings.fallback : {};
  for (const [path, text] of [...arr(fallback.messages).map((m, i) => [`settings.fallback.messages[${i}]`, m]), ['settings.fallback.giveUpMessage', fallback.giveUpMessage]] as [string, unknown][]) {
    for (const m of (str(text) ?? '').matchAll(PLACEHOLDER)) bad(`the placeholder {{${m[1]}}}`, m[1], { path });
  }
  arr((flow as { customerMessages?: unknown }).customerMessages).forEach((m, i) => isObj(m) && bad('a customer message intent', m.intent, { path: `customerMessages[${i}].intent` }));
}

/**
 * FS016 for every pattern entity whose example its (screened) pattern rejects: the part of validation that
 * runs a flow's patterns, for the worker to call when the panel validated with `runPatterns: false`.
 */
export function checkPatternExamples(flow: FlowDocument): Finding[] {
  const findings: Finding[] = [];
  const add: Add = (code, detail, where = {}) => findings.push({ code, severity: severityOf(code), message: formatMessage(code, detail), ...where });
  arr(flow?.nodes).forEach((n, i) => {
    if (!isObj(n) || n.type !== 'question' || !nonEmpty(n.id) || !isObj(n.data)) return;
    const entity = n.data.entity;
    if (isObj(entity) && entity.type === 'pattern') checkPatternExample(n as FlowNode, entity, add, `nodes[${i}].`);
  });
  return findings.sort(compareFindings);
}

function maxAttempts(data: Obj): number {
  return typeof data.maxAttempts === 'number' ? data.maxAttempts : 3;
}

/** Slots some node can fill: question slots and the keys of tool mock results. */
function collectFilledSlots(nodes: readonly FlowNode[]): Set<string> {
  const slots = new Set<string>();
  for (const n of nodes) {
    const data: Obj = isObj(n.data) ? n.data : {};
    if (n.type === 'question' && nonEmpty(data.slot)) slots.add(data.slot);
    if (n.type === 'action' && isObj(data.mock) && isObj(data.mock.result)) for (const k of Object.keys(data.mock.result)) slots.add(k);
  }
  return slots;
}

type Add = (code: ErrorCode, detail: string, where?: { nodeId?: string; edgeId?: string; path?: string }) => void;

const ENTITY_TYPES = ['text', 'number', 'email', 'phone', 'date', 'yes_no', 'choice', 'pattern'];

/**
 * Compiles a pattern entity the way the matcher is specified to use it: the whole candidate, case-insensitive.
 * Returns null when the source is not a valid regular expression or is refused by the screen (FS019).
 */
export function compileEntityPattern(pattern: string): RegExp | null {
  return compileSafePattern(pattern);
}

/** FS009 / FS016: the entity of a question node. */
function checkEntity(node: FlowNode, entity: unknown, add: Add, prefix: string, runPatterns: boolean): void {
  const who = describeNode(node);
  const at = { nodeId: node.id, path: `${prefix}data.entity` };
  if (!isObj(entity)) {
    add('FS009', `${who} has no entity: say what it accepts, e.g. {"type": "email"}`, at);
    return;
  }
  const type = entity.type;
  if (typeof type !== 'string' || !ENTITY_TYPES.includes(type)) {
    add('FS009', `${who} has the entity type ${JSON.stringify(type ?? null)}; use one of ${ENTITY_TYPES.join(', ')}`, { ...at, path: `${prefix}data.entity.type` });
    return;
  }
  const num = (k: string) => entity[k] === undefined || (typeof entity[k] === 'number' && Number.isFinite(entity[k] as number));
  switch (type) {
    case 'text':
      if (entity.minWords !== undefined && !(Number.isInteger(entity.minWords) && (entity.minWords as number) >= 0)) {
        add('FS009', `${who} has a text entity whose minWords is not a whole number of 0 or more`, at);
      }
      break;
    case 'number':
      if (!num('min') || !num('max') || (entity.integer !== undefined && typeof entity.integer !== 'boolean')) {
        add('FS009', `${who} has a number entity whose min, max or integer has the wrong type`, at);
      } else if (typeof entity.min === 'number' && typeof entity.max === 'number' && entity.min > entity.max) {
        add('FS009', `${who} accepts numbers from ${entity.min} to ${entity.max}, an empty range`, at);
      }
      break;
    case 'choice': {
      const options = arr(entity.options);
      if (options.length === 0) {
        add('FS009', `${who} is a choice with no options`, at);
        break;
      }
      const values = new Set<string>();
      options.forEach((o, i) => {
        if (!isObj(o) || !nonEmpty(o.value)) add('FS009', `${who} has choice option #${i + 1} without a value`, { ...at, path: `${prefix}data.entity.options[${i}]` });
        else if (o.synonyms !== undefined && !(Array.isArray(o.synonyms) && o.synonyms.every((s) => typeof s === 'string'))) {
          add('FS009', `${who} has choice option "${o.value}" whose synonyms are not a list of strings`, { ...at, path: `${prefix}data.entity.options[${i}].synonyms` });
        } else if (values.has(o.value.toLowerCase())) add('FS009', `${who} lists the choice "${o.value}" twice`, { ...at, path: `${prefix}data.entity.options[${i}]` });
        else values.add(o.value.toLowerCase());
      });
      break;
    }
    case 'pattern': {
      const pattern = entity.pattern;
      if (!nonEmpty(pattern)) {
        add('FS009', `${who} is a pattern entity without a pattern`, at);
        break;
      }
      // Screened before anything compiles it: V8 dies compiling x{300000000}, and (a+)+b never finishes.
      const risk = patternRisk(pattern);
      if (risk !== null) {
        add('FS019', `${who} has the pattern ${JSON.stringify(pattern.length > 80 ? pattern.slice(0, 80) + '…' : pattern)}, which flowstress will not run: ${risk}`, { ...at, path: `${prefix}data.entity.pattern` });
        break;
      }
      if (!compileSafePattern(pattern)) {
        add('FS009', `${who} has the pattern ${JSON.stringify(pattern)}, which is not a valid regular expression`, { ...at, path: `${prefix}data.entity.pattern` });
        break;
      }
      if (!nonEmpty(entity.example)) {
        add('FS009', `${who} is a pattern entity without an example value (simulated customers need one)`, { ...at, path: `${prefix}data.entity.example` });
        break;
      }
      if (entity.example.length > MAX_PATTERN_INPUT) {
        add('FS019', `${who} has an example of ${entity.example.length} characters; patterns are only tested on values of up to ${MAX_PATTERN_INPUT}`, { ...at, path: `${prefix}data.entity.example` });
        break;
      }
      if (entity.ignoreSeparators !== undefined && typeof entity.ignoreSeparators !== 'boolean') {
        add('FS009', `${who} has an ignoreSeparators that is not true or false`, at);
        break;
      }
      if (runPatterns) checkPatternExample(node, entity, add, prefix);
      break;
    }
  }
}

/** FS016: the example of a pattern entity, tested the way an answer would be (separators stripped first when the entity says so). */
function checkPatternExample(node: FlowNode, entity: Obj, add: Add, prefix: string): void {
  const pattern = entity.pattern;
  const example = entity.example;
  if (!nonEmpty(pattern) || !nonEmpty(example) || example.length > MAX_PATTERN_INPUT) return;
  const re = compileSafePattern(pattern);
  if (!re) return;
  const candidate = entity.ignoreSeparators === true ? example.replace(/[\s-]+/g, '') : example.trim();
  if (!re.test(candidate)) {
    add('FS016', `${describeNode(node)} has the example ${JSON.stringify(example)}, which its pattern ${JSON.stringify(pattern)} rejects`, {
      nodeId: node.id,
      path: `${prefix}data.entity.example`,
    });
  }
}

/** FS015: the mock of an action node. */
function checkMock(node: FlowNode, mock: unknown, add: Add, prefix: string): void {
  const who = describeNode(node);
  const at = { nodeId: node.id, path: `${prefix}data.mock` };
  if (!isObj(mock)) {
    add('FS015', `${who} has no mock`, at);
    return;
  }
  const resultOk = (r: unknown) => r === undefined || (isObj(r) && Object.values(r).every((v) => typeof v === 'string'));
  switch (mock.mode) {
    case 'success':
      if (!resultOk(mock.result)) add('FS015', `${who} has a mock result that is not an object of strings`, at);
      break;
    case 'error':
      break;
    case 'error_rate':
      if (typeof mock.rate !== 'number' || !(mock.rate >= 0 && mock.rate <= 1)) add('FS015', `${who} has an error rate that is not a number from 0 to 1`, at);
      else if (!resultOk(mock.result)) add('FS015', `${who} has a mock result that is not an object of strings`, at);
      break;
    default:
      add('FS015', `${who} has the mock mode ${JSON.stringify(mock.mode ?? null)}; use "success", "error" or "error_rate"`, at);
  }
}
