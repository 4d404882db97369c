import { FlowstressError, formatMessage } from '../errors.ts';
import { testCondition } from '../flow/condition.ts';
import type { EntitySpec, FlowEdge, FlowNode, FlowNodeOf, GlobalIntent } from '../flow/types.ts';
import { createRng } from '../simulate/random.ts';
import { choiceOptionMatch, extractSlot, findSlotValue } from './matcher/index.ts';
import { yesNoShare } from './matcher/read-yes-no.ts';
import type { Awaiting, BotMessage, CompiledFlow, ConversationOptions, FallbackReason, RuntimeEvent, RuntimeOutcome, RuntimeState, StepResult } from './types.ts';

/**
 * The flow runtime as a pure transition: `(flow, state, customer text) -> (state, bot messages, events)`.
 * No I/O, no clock, no global randomness (mocked tool error rates draw from the state's seed), so a
 * conversation replays byte for byte. A step budget per customer turn ends a flow that cycles without
 * waiting for the customer as `loop_detected`.
 */

const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * Slot records are keyed by names from the flow file, which may be `constructor`, `toString` or `__proto__`:
 * they have no prototype, so such a slot is an ordinary key (never Object.prototype's) and setting it never
 * changes a prototype. (Assigning into a null-prototype object defines an own property even for `__proto__`.)
 */
function slotRecord(from?: Readonly<Record<string, string>>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (from) for (const k of Object.keys(from)) out[k] = from[k]!;
  return out;
}

function initialState(seed: number, heldOut: readonly number[]): RuntimeState {
  return {
    status: 'active',
    waitingAt: null,
    outcome: null,
    slots: slotRecord(),
    volunteered: slotRecord(),
    attempts: 0,
    consecutiveFallbacks: 0,
    turn: 0,
    toolCalls: 0,
    seed,
    lastPrompt: null,
    heldOut,
  };
}

/** Mutable scratch for one step; the caller's state is never mutated. */
class Step {
  readonly events: RuntimeEvent[] = [];
  readonly messages: BotMessage[] = [];
  readonly s: RuntimeState;
  private visits = 0;

  constructor(readonly flow: CompiledFlow, state: RuntimeState) {
    this.s = { ...state, slots: slotRecord(state.slots), volunteered: slotRecord(state.volunteered) };
  }

  say(nodeId: string, text: string | undefined): void {
    if (!text) return;
    const rendered = interpolate(text, this.s.slots, this.flow.slotTypes);
    this.messages.push({ nodeId, text: rendered });
    this.events.push({ type: 'bot_message', nodeId, text: rendered });
  }

  end(nodeId: string, outcome: RuntimeOutcome, reason: 'end_node' | 'give_up' | 'dead_end' | 'step_budget'): void {
    this.s.status = 'ended';
    this.s.outcome = outcome;
    this.s.waitingAt = null;
    this.events.push({ type: 'end', nodeId, outcome, reason });
  }

  understood(): void {
    this.s.consecutiveFallbacks = 0;
  }

  /** Enters `nodeId` and runs until the flow waits for the customer or ends. */
  advance(nodeId: string): void {
    const budget = this.flow.doc.settings.stepBudget;
    let id: string | undefined = nodeId;
    while (id !== undefined) {
      if (++this.visits > budget) {
        this.end(id, 'loop_detected', 'step_budget');
        return;
      }
      const node = this.flow.nodes.get(id);
      if (!node) {
        this.end(id, 'stuck', 'dead_end');
        return;
      }
      this.events.push({ type: 'node_entered', nodeId: id, kind: node.type });
      const next = this.enter(node);
      if (this.s.status === 'ended' || this.s.waitingAt === id) return;
      if (next === undefined) {
        this.end(id, 'stuck', 'dead_end');
        return;
      }
      id = next;
    }
  }

  /** Runs one node; returns the next node id, or undefined when it waits, ends, or has nowhere to go. */
  private enter(node: FlowNode): string | undefined {
    const { s } = this;
    switch (node.type) {
      case 'start':
        this.say(node.id, node.data.greeting);
        return edgeTarget(this.flow, node.id);
      case 'message':
        this.say(node.id, node.data.text);
        return edgeTarget(this.flow, node.id);
      case 'question': {
        const { slot, entity } = node.data;
        const offered = hasOwn(s.volunteered, slot) ? s.volunteered[slot] : undefined;
        if (offered !== undefined) {
          delete s.volunteered[slot];
          // Dates were found and normalised when volunteered ("--03-20"), a form the extractor does not re-read.
          const x = entity.type === 'date' && !entity.strict ? { ok: true as const, value: offered } : extractSlot(entity, offered, this.flow.doc.settings.matcher);
          if (x.ok) {
            s.slots[slot] = x.value;
            this.events.push({ type: 'slot_filled', nodeId: node.id, slot, value: x.value, source: 'volunteered' });
            return edgeTarget(this.flow, node.id, 'valid');
          }
        }
        this.wait(node.id, node.data.prompt);
        return undefined;
      }
      case 'router':
        this.wait(node.id, node.data.prompt);
        return undefined;
      case 'condition': {
        const branch = node.data.branches.find((b) => testCondition(b, s.slots[b.slot]));
        const handle = branch ? branch.id : 'else';
        this.events.push({ type: 'condition_branch', nodeId: node.id, branch: handle });
        return edgeTarget(this.flow, node.id, handle);
      }
      case 'action':
        return this.callTool(node);
      case 'handoff':
        this.say(node.id, node.data.text);
        this.events.push({ type: 'handoff', nodeId: node.id, reason: 'node' });
        this.end(node.id, 'handoff', 'end_node');
        return undefined;
      case 'end':
        this.say(node.id, node.data.text);
        this.end(node.id, 'completed', 'end_node');
        return undefined;
    }
  }

  private wait(nodeId: string, prompt: string): void {
    this.say(nodeId, prompt);
    this.s.waitingAt = nodeId;
    this.s.attempts = 0;
    this.s.lastPrompt = prompt;
  }

  private callTool(node: FlowNodeOf<'action'>): string | undefined {
    const { s } = this;
    const { tool, mock } = node.data;
    const args = slotRecord();
    for (const a of node.data.args ?? []) args[a] = hasOwn(s.slots, a) ? s.slots[a]! : '';
    let ok: boolean;
    if (mock.mode === 'success') ok = true;
    else if (mock.mode === 'error') ok = false;
    // Seeded per conversation and call, so the same seed fails the same calls on every replay.
    else ok = createRng(s.seed, 'tool', node.id, s.toolCalls).next() >= mock.rate;
    s.toolCalls++;
    const result = ok && mock.mode !== 'error' ? mock.result : undefined;
    if (result) Object.assign(s.slots, result);
    this.events.push({ type: 'tool_called', nodeId: node.id, tool, args, ok, ...(result ? { result: { ...result } } : {}) });
    this.say(node.id, node.data.text);
    return edgeTarget(this.flow, node.id, ok ? 'success' : 'error');
  }

  /** The customer was not understood at the waiting node. */
  fallback(node: FlowNodeOf<'question'> | FlowNodeOf<'router'>, reason: FallbackReason): void {
    const { s } = this;
    const settings = this.flow.doc.settings.fallback;
    s.attempts++;
    s.consecutiveFallbacks++;
    this.events.push({ type: 'fallback', nodeId: node.id, reason, attempt: s.attempts, consecutive: s.consecutiveFallbacks });
    const maxAttempts = node.data.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const noMatch = findEdge(this.flow, node.id, 'no_match');
    // After `maxAttempts` failures the designer's no-match path is taken; without one, the flow gives up the
    // way its fallback setting says (handoff, or end as stuck): one meaning of attempts, as FS052/FS054 say.
    if (s.attempts >= maxAttempts && noMatch) {
      this.events.push({ type: 'no_match_exit', nodeId: node.id });
      s.waitingAt = null;
      this.advance(noMatch.target);
      return;
    }
    if (s.consecutiveFallbacks >= settings.maxConsecutive || s.attempts >= maxAttempts) {
      this.say(node.id, settings.giveUpMessage);
      if (settings.giveUp === 'handoff') {
        this.events.push({ type: 'handoff', nodeId: node.id, reason: 'give_up' });
        this.end(node.id, 'handoff', 'give_up');
      } else {
        this.end(node.id, 'stuck', 'give_up');
      }
      return;
    }
    const messages = settings.messages;
    if (messages.length > 0) this.say(node.id, messages[(s.consecutiveFallbacks - 1) % messages.length]);
    if (settings.behaviour === 'reprompt') {
      const text = node.data.reprompt ?? node.data.prompt;
      this.say(node.id, text);
      this.events.push({ type: 'reprompt', nodeId: node.id, attempt: s.attempts });
    } else if (settings.behaviour === 'restart') {
      this.events.push({ type: 'restart', nodeId: node.id, reason: 'fallback' });
      s.slots = slotRecord();
      s.waitingAt = null;
      this.advance(this.flow.startId);
    }
  }

  /** Handles a global intent; the customer was understood. */
  global(nodeId: string, g: GlobalIntent, score: number): void {
    const { s } = this;
    this.understood();
    this.events.push({ type: 'global_intent', nodeId, intent: g.intent, action: g.action, score });
    switch (g.action) {
      case 'handoff':
        if (g.target && this.flow.nodes.has(g.target)) {
          this.say(nodeId, g.response);
          s.waitingAt = null;
          this.advance(g.target);
        } else {
          this.say(nodeId, g.response);
          this.events.push({ type: 'handoff', nodeId, reason: 'global' });
          this.end(nodeId, 'handoff', 'end_node');
        }
        return;
      case 'restart':
        this.say(nodeId, g.response);
        this.events.push({ type: 'restart', nodeId, reason: 'global' });
        s.slots = slotRecord();
        s.volunteered = slotRecord();
        s.waitingAt = null;
        this.advance(this.flow.startId);
        return;
      case 'repeat':
        this.say(nodeId, g.response);
        this.say(nodeId, s.lastPrompt ?? undefined);
        return;
      case 'help':
        this.say(nodeId, g.response);
        this.say(nodeId, s.lastPrompt ?? undefined);
        return;
      case 'goto':
        this.say(nodeId, g.response);
        if (g.target && this.flow.nodes.has(g.target)) {
          s.waitingAt = null;
          this.advance(g.target);
        }
        return;
    }
  }

  result(): StepResult {
    if (this.s.status === 'active' && this.s.waitingAt) {
      const node = this.flow.nodes.get(this.s.waitingAt);
      if (node && (node.type === 'router' || node.type === 'question')) {
        this.events.push({ type: 'awaiting', nodeId: node.id, kind: node.type });
      }
    }
    return { state: this.s, messages: this.messages, events: this.events, awaiting: awaitingOf(this.flow, this.s) };
  }
}

/** Starts a conversation: runs from the start node until the flow first waits for the customer. */
export function startConversation(flow: CompiledFlow, seed: number, options: ConversationOptions = {}): StepResult {
  const st = new Step(flow, initialState(seed, options.heldOut ?? []));
  st.advance(flow.startId);
  return st.result();
}

/**
 * Feeds one customer utterance to the flow. Throws FS151 if the conversation has already ended
 * (a programmer error: the caller must stop once `state.status` is `ended`).
 */
export function step(flow: CompiledFlow, state: RuntimeState, text: string): StepResult {
  if (state.status === 'ended' || state.waitingAt === null) {
    throw new FlowstressError('FS151', formatMessage('FS151'));
  }
  const st = new Step(flow, state);
  st.s.turn++;
  const node = flow.nodes.get(state.waitingAt);
  if (!node || (node.type !== 'router' && node.type !== 'question')) {
    st.end(state.waitingAt, 'stuck', 'dead_end');
    return st.result();
  }
  if (flow.doc.settings.captureVolunteeredSlots) captureVolunteered(flow, st.s, text, node.id);
  if (node.type === 'question') handleQuestion(st, node, text);
  else handleRouter(st, node, text);
  return st.result();
}

function handleQuestion(st: Step, node: FlowNodeOf<'question'>, text: string): void {
  const { flow, s } = st;
  const { slot, entity } = node.data;
  const fill = (value: string) => {
    st.understood();
    s.slots[slot] = value;
    delete s.volunteered[slot];
    st.events.push({ type: 'slot_filled', nodeId: node.id, slot, value, source: 'answer' });
    s.waitingAt = null;
    const next = edgeTarget(flow, node.id, 'valid');
    if (next === undefined) st.end(node.id, 'stuck', 'dead_end');
    else st.advance(next);
  };
  // The answer comes first: a reading that fits what the question expects wins over a global intent unless
  // the customer clearly asks for one (its own, stricter threshold, and a margin over the answer's score).
  // Free text, choices and yes/no share words with "talk to a human" or "start over", so without this an
  // ordinary "Yes, I want this, please." would be handed off.
  const settings = flow.doc.settings.matcher;
  const x = extractSlot(entity, text, settings);
  if (x.ok) {
    const g = globalReading(st, text);
    // How much of the text the answer explains: a choice by its option score, a yes/no by the share of its
    // words that say yes or no ("no not really" all, "no, put me through to a person" little).
    const answerScore = entity.type === 'choice' ? (choiceScore(flow, entity, text) ?? 0) : entity.type === 'yes_no' ? yesNoShare(text, settings.typoTolerance) : 0;
    if (g && g.score >= settings.globalThreshold && g.score >= answerScore + settings.margin) return st.global(node.id, g.intent, g.score);
    return fill(x.value);
  }
  if (tryGlobal(st, node.id, text)) return;
  st.fallback(node, 'invalid_slot_value');
}

/** The best global intent reading of `text`, if it clears the ordinary threshold and margin. */
function globalReading(st: Step, text: string): { intent: GlobalIntent; score: number } | null {
  const globals = st.flow.doc.settings.globalIntents;
  if (globals.length === 0) return null;
  // The whole message, not its best sentence: beside a valid answer, a request for a human must be what the
  // message is about ("The 15th. Did that go through?" is an answer with a worry, not "put me through").
  const m = st.flow.intents.match(text, globals.map((g) => g.intent), st.s.heldOut, { sentences: false });
  const g = m.intent === null ? undefined : globals.find((x) => x.intent === m.intent);
  return g ? { intent: g, score: m.score } : null;
}

/** How well a choice answer matched its option (the option matcher's score), or null. */
function choiceScore(flow: CompiledFlow, entity: Extract<EntitySpec, { type: 'choice' }>, text: string): number | null {
  const m = choiceOptionMatch(entity.options, flow.doc.settings.matcher, text);
  return m.option === null ? null : m.score;
}

function handleRouter(st: Step, node: FlowNodeOf<'router'>, text: string): void {
  const { flow, s } = st;
  const routeTo = (handle: string) => {
    st.understood();
    s.waitingAt = null;
    const next = edgeTarget(flow, node.id, handle);
    if (next === undefined) st.end(node.id, 'stuck', 'dead_end');
    else st.advance(next);
  };
  if (node.data.mode === 'options') {
    if (tryGlobal(st, node.id, text)) return;
    const m = flow.options.get(node.id)?.match(text);
    if (m && m.option !== null) {
      st.events.push({ type: 'option_matched', nodeId: node.id, option: m.option, score: m.score });
      return routeTo(m.option);
    }
    return st.fallback(node, 'no_intent_match');
  }
  const routes = node.data.intents ?? [];
  // Global and local intents compete in one ranking: a global wins only when it is the better reading, and a
  // route must beat a close global reading by the margin like any other runner-up.
  const globals = flow.doc.settings.globalIntents;
  const m = flow.intents.match(text, globals.length > 0 ? [...new Set([...routes, ...globals.map((g) => g.intent)])] : routes, s.heldOut);
  const g = m.intent === null ? undefined : globals.find((x) => x.intent === m.intent);
  if (g) return st.global(node.id, g, m.score);
  if (m.intent !== null && routes.includes(m.intent)) {
    st.events.push({ type: 'intent_matched', nodeId: node.id, intent: m.intent, score: m.score });
    return routeTo(m.intent);
  }
  st.fallback(node, 'no_intent_match');
}

/** Matches the global intents; handles the winner and returns true when one is understood. */
function tryGlobal(st: Step, nodeId: string, text: string): boolean {
  const globals = st.flow.doc.settings.globalIntents;
  if (globals.length === 0) return false;
  const m = st.flow.intents.match(text, globals.map((g) => g.intent), st.s.heldOut);
  if (m.intent === null) return false;
  const g = globals.find((x) => x.intent === m.intent);
  if (!g) return false;
  st.global(nodeId, g, m.score);
  return true;
}

/** Words that say nothing about which slot a value is for. */
const GENERIC_SLOT_WORDS = new Set(['the', 'a', 'an', 'my', 'your', 'of', 'for', 'and', 'to', 'date', 'day', 'time', 'number', 'no', 'num', 'id', 'value', 'amount', 'email', 'phone', 'address', 'code', 'ref', 'reference', 'slot', 'field', 'info', 'details']);

/**
 * Per slot: whether another question asks for a value of the same entity type (so a bare value is ambiguous),
 * and the words that name the slot ("move_out_date" -> ["move", "out"]). Cached per compiled flow.
 */
const slotCues = new WeakMap<CompiledFlow, Map<string, { ambiguous: boolean; cues: string[] }>>();
function cuesOf(flow: CompiledFlow): Map<string, { ambiguous: boolean; cues: string[] }> {
  let m = slotCues.get(flow);
  if (m) return m;
  const byType = new Map<string, Set<string>>();
  for (const n of flow.doc.nodes) if (n.type === 'question') byType.set(n.data.entity.type, (byType.get(n.data.entity.type) ?? new Set()).add(n.data.slot));
  m = new Map();
  for (const n of flow.doc.nodes) {
    if (n.type !== 'question' || m.has(n.data.slot)) continue;
    const words = `${n.data.slot} ${n.data.label ?? ''}`.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/);
    const cues = [...new Set(words.filter((w) => w.length > 2 && !GENERIC_SLOT_WORDS.has(w)))];
    m.set(n.data.slot, { ambiguous: (byType.get(n.data.entity.type)?.size ?? 0) > 1, cues });
  }
  slotCues.set(flow, m);
  return m;
}

/**
 * Remembers values for later questions that the customer gave early ("order AB123456, email me at ..."). A
 * value lands only in the slot it was given for: when several questions ask for the same kind of value (a
 * bill date and a move-out date), the customer's words must name the slot ("moving out on the 3rd"), or the
 * value waits for its question to be asked.
 */
function captureVolunteered(flow: CompiledFlow, s: RuntimeState, text: string, waitingId: string): void {
  const waitingSlot = flow.nodes.get(waitingId)?.type === 'question' ? (flow.nodes.get(waitingId) as FlowNodeOf<'question'>).data.slot : null;
  const cues = cuesOf(flow);
  let tokens: string[] | null = null;
  const named = (slot: string): boolean => {
    tokens ??= text.toLowerCase().split(/[^a-z]+/).filter((w) => w !== '');
    // A cue counts in any inflection: "move" in "moving", "bill" in "billing".
    return (cues.get(slot)?.cues ?? []).some((w) => {
      const stem = w.slice(0, Math.max(3, w.length - 2));
      return tokens!.some((t) => t.startsWith(stem));
    });
  };
  // Ambiguous slots the words name, by entity type: when two are named ("moving out... my last bill came on
  // 3 March"), the value's purpose is unclear and it lands in neither.
  const namedByType = new Map<string, number>();
  for (const [slot, c] of cues) {
    if (!c.ambiguous || slot === waitingSlot || !named(slot)) continue;
    const type = flow.slotTypes.get(slot)!;
    namedByType.set(type, (namedByType.get(type) ?? 0) + 1);
  }
  for (const n of flow.doc.nodes) {
    if (n.type !== 'question' || n.id === waitingId) continue;
    const slot = n.data.slot;
    // One look per slot: flows often ask the same slot in several branches.
    if (slot === waitingSlot || hasOwn(s.slots, slot) || hasOwn(s.volunteered, slot)) continue;
    if (cues.get(slot)?.ambiguous && (!named(slot) || (namedByType.get(n.data.entity.type) ?? 0) > 1)) continue;
    const v = findSlotValue(n.data.entity, text);
    if (v !== null) s.volunteered[slot] = v;
  }
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);


function findEdge(flow: CompiledFlow, nodeId: string, handle?: string): FlowEdge | undefined {
  const edges = flow.outgoing.get(nodeId);
  if (!edges || edges.length === 0) return undefined;
  if (handle === undefined) return edges.find((e) => e.sourceHandle == null) ?? edges[0];
  const exact = edges.find((e) => e.sourceHandle === handle);
  if (exact) return exact;
  // A question's valid edge may be drawn from the default (unnamed) handle.
  if (handle === 'valid') return edges.find((e) => e.sourceHandle == null);
  return undefined;
}

function edgeTarget(flow: CompiledFlow, nodeId: string, handle?: string): string | undefined {
  return findEdge(flow, nodeId, handle)?.target;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A slot value as the bot would say it. Dates are stored canonically (`2025-12-27`, or `--12-27` without a
 * year, as the matcher normalises them) so conditions can compare them, but a bot says "27 December".
 */
export function speakSlot(value: string, type: EntitySpec['type'] | undefined): string {
  if (type !== 'date') return value;
  const m = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(value);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || !month) return value;
  const day = String(Number(m[3]));
  return m[1] === '-' ? `${day} ${month}` : `${day} ${month} ${m[1]}`;
}

function interpolate(text: string, slots: Record<string, string>, types: ReadonlyMap<string, EntitySpec['type']>): string {
  // Own keys only: `{{constructor}}` with no such slot renders empty, never Object's constructor.
  return text.includes('{{') ? text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_m, k: string) => (hasOwn(slots, k) && typeof slots[k] === 'string' ? speakSlot(slots[k], types.get(k)) : '')) : text;
}

/** What the bot is waiting for, as a structured act for simulated customers. */
export function awaitingOf(flow: CompiledFlow, s: RuntimeState): Awaiting | null {
  if (s.status !== 'active' || !s.waitingAt) return null;
  const node = flow.nodes.get(s.waitingAt);
  if (!node) return null;
  if (node.type === 'router') {
    return { kind: 'router', nodeId: node.id, prompt: node.data.prompt, intents: node.data.intents ?? [], options: node.data.options ?? [] };
  }
  if (node.type === 'question') {
    return { kind: 'question', nodeId: node.id, prompt: node.data.prompt, slot: node.data.slot, entity: node.data.entity };
  }
  return null;
}
