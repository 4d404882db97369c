import { toErrorInfo } from '../errors.ts';
import { outOfScopeMeanings } from '../language/understand.ts';
import { planConversationLanguage } from '../language/wording.ts';
import { createCustomer } from '../personas/customer.ts';
import { pickGoal } from '../personas/goals.ts';
import type { Goal, PersonaId } from '../personas/types.ts';
import { startConversation, step } from '../runtime/transition.ts';
import type { CompiledFlow, RuntimeEvent, StepResult } from '../runtime/types.ts';
import { createRng, createStreams } from './random.ts';
import { DEFAULT_OUT_OF_SCOPE_SHARE, type ConversationResult, type DigressionRecord, type Misroute, type Outcome, type SimulationOptions, type Turn } from './types.ts';

export const DEFAULT_MAX_TURNS = 30;
/** A digression is recovered when the bot waits at the same question again within this many bot responses. */
export const RECOVERY_WINDOW = 2;

interface OpenDigression {
  record: DigressionRecord;
  slotsBefore: Record<string, string>;
  responses: number;
}

/**
 * Plays one simulated customer against the flow until an outcome. Deterministic: the same flow, persona,
 * seed and index give the same transcript byte for byte. Never throws: a harness failure is returned as
 * outcome `error` (excluded from the scores), never counted as a flow failure.
 */
export function simulateConversation(
  flow: CompiledFlow,
  persona: PersonaId,
  seed: number,
  index: number,
  options: SimulationOptions = {},
): ConversationResult {
  const maxTurns = options.maxTurns ?? DEFAULT_MAX_TURNS;
  const turns: Turn[] = [];
  const path: string[] = [];
  const digressions: DigressionRecord[] = [];
  const misroutes: Misroute[] = [];
  let goal: Goal | null = null;
  let customerTurns = 0;
  let fallbacks = 0;
  const finish = (outcome: Outcome, lastNodeId: string | null, error?: ReturnType<typeof toErrorInfo>): ConversationResult => ({
    index,
    persona,
    seed,
    outcome,
    lastNodeId,
    goal,
    turns,
    customerTurns,
    fallbacks,
    digressions,
    misroutes,
    recovered: outcome === 'error' || digressions.length === 0 ? null : outcome === 'completed' && digressions.every((d) => d.recovered),
    path,
    ...(error ? { error } : {}),
    ...(goal?.outOfScope !== undefined && outcome !== 'error'
      ? { outOfScope: { request: goal.outOfScope, misrouted: misroutes.length > 0 } }
      : {}),
  });

  let lastNode: string | null = flow.startId;
  try {
    const streams = createStreams(seed, index, persona);
    goal = pickGoal(flow, streams.get('goal'));
    if (!goal) {
      return finish('error', null, { code: 'FS153', message: 'FS153: the flow has no path from the start node to an end node that a customer could aim for' });
    }
    // Out-of-scope customers are drawn from their own stream, so the others keep their goals whatever the share.
    const share = options.outOfScopeShare ?? DEFAULT_OUT_OF_SCOPE_SHARE;
    const scope = createRng(seed, index, 'scope');
    if (share > 0 && scope.chance(share)) {
      const requests = outOfScopeMeanings(flow);
      if (requests.length > 0) goal = { ...goal, outOfScope: scope.pick(requests).id };
    }
    // Which of the flow's own phrases this customer words (and the router leaves out), drawn from the
    // conversation, not the persona, so every persona meets the same router.
    const language = planConversationLanguage(flow, createRng(seed, index, 'language'));
    const customer = createCustomer({ persona, flow, goal, streams, language });
    // Mocked tool failures draw from the conversation, not the persona, so every persona meets the same tools.
    const runtimeSeed = createRng(seed, index, 'runtime').int(2 ** 31);
    let r: StepResult = startConversation(flow, runtimeSeed, { heldOut: language.excluded });
    let open: OpenDigression[] = [];
    record(r, turns, path);
    fallbacks += countFallbacks(r.events);

    while (r.state.status === 'active') {
      lastNode = r.state.waitingAt;
      if (customerTurns >= maxTurns) return finish('max_turns', lastNode);
      const said = customer.respond({ turn: customerTurns, messages: r.messages, events: r.events, awaiting: r.awaiting });
      customerTurns++;
      turns.push({ speaker: 'customer', text: said.text, nodeId: r.state.waitingAt, events: [], truth: said.truth });
      if (said.leaves) return finish('abandoned', lastNode);
      const digressedAt = said.truth.digression && r.state.waitingAt ? r.state.waitingAt : null;
      const slotsBefore = r.state.slots;
      r = step(flow, r.state, said.text);
      const customerTurn = turns.length - 1;
      record(r, turns, path);
      for (const e of r.events) {
        if (e.type !== 'intent_matched' && e.type !== 'option_matched') continue;
        const got = e.type === 'intent_matched' ? e.intent : e.option;
        const wanted = said.truth.intent ?? null;
        if (got !== wanted) misroutes.push({ turn: customerTurn, nodeId: e.nodeId, wanted, got });
      }
      fallbacks += countFallbacks(r.events);
      open = trackDigressions(open, r);
      if (digressedAt && said.truth.digression) {
        const rec: DigressionRecord = {
          turn: turns.findLastIndex((t) => t.speaker === 'customer'),
          kind: said.truth.digression,
          nodeId: digressedAt,
          hijacked: r.events.some((e) => e.type === 'slot_filled' && e.source === 'answer'),
          returned: false,
          contextKept: false,
          recovered: false,
        };
        digressions.push(rec);
        open.push(...trackDigressions([{ record: rec, slotsBefore, responses: 0 }], r));
      }
    }
    const end = r.events.findLast((e) => e.type === 'end');
    let outcome: Outcome = r.state.outcome ?? 'stuck';
    // Goal success: an end node is a completion only when it is the one the customer came for.
    if (outcome === 'completed' && end && end.nodeId !== goal.targetNodeId) outcome = 'wrong_end';
    return finish(outcome, end ? end.nodeId : lastNode);
  } catch (e) {
    return finish('error', lastNode, toErrorInfo(e, 'FS150'));
  }
}

/** Advances the recovery window of open digressions by one bot response; returns those still open. */
function trackDigressions(open: OpenDigression[], r: StepResult): OpenDigression[] {
  const still: OpenDigression[] = [];
  for (const d of open) {
    d.responses++;
    const back = r.state.status === 'active' && r.state.waitingAt === d.record.nodeId;
    if (back) {
      d.record.returned = true;
      d.record.contextKept = Object.entries(d.slotsBefore).every(([k, v]) => r.state.slots[k] === v);
      d.record.recovered = !d.record.hijacked && d.record.contextKept;
    } else if (d.responses < RECOVERY_WINDOW && r.state.status === 'active') {
      still.push(d);
    }
  }
  return still;
}

function countFallbacks(events: RuntimeEvent[]): number {
  let n = 0;
  for (const e of events) if (e.type === 'fallback') n++;
  return n;
}

/** Appends the bot turns of one runtime step, attaching each event to the message it led to. */
function record(r: StepResult, turns: Turn[], path: string[]): void {
  let pending: RuntimeEvent[] = [];
  let lastBot: Turn | null = null;
  for (const e of r.events) {
    if (e.type === 'node_entered') path.push(e.nodeId);
    if (e.type === 'bot_message') {
      lastBot = { speaker: 'bot', text: e.text, nodeId: e.nodeId, events: pending };
      turns.push(lastBot);
      pending = [];
    } else {
      pending.push(e);
    }
  }
  if (pending.length === 0) return;
  const host = lastBot ?? turns.at(-1);
  if (host) host.events.push(...pending);
  else turns.push({ speaker: 'bot', text: '', nodeId: r.state.waitingAt, events: pending });
}
