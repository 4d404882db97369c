/**
 * The agenda-based policy (Schatzmann et al. 2007; persona-realism.md §5): from what the bot is waiting for
 * (structured `Awaiting`, never parsed from text) and what just happened (runtime events), decide the acts of
 * the customer's next turn. The agenda is the goal's remaining routes and facts; each turn pops the act the
 * bot asked for plus, per the persona's initiative, a few volunteered slots. Around it the persona wanders off
 * (only while a question or router waits), asks to repeat, asks for reassurance, loses patience after
 * failures, demands a human and leaves.
 *
 * The policy never looks at the wording: the realizer and noise channels can change without changing a single
 * decision (each draws from its own random stream).
 */
import type { EntitySpec, FlowNode } from '../flow/types.ts';
import type { Awaiting, CompiledFlow } from '../runtime/types.ts';
import type { Rng } from '../simulate/random.ts';
import { generateEntityValue } from './entity-values.ts';
import { PERSONAS, type PersonaParameters } from './parameters.ts';
import type { CustomerAct, DigressionKind, Goal, Observation, PersonaId, RealizeContext } from './types.ts';

/** What the policy decided for one turn: the acts and their ground truth, before any wording. */
export interface PolicyDecision {
  acts: CustomerAct[];
  /** The intent or option id the turn expresses (the goal's route, or another request in a topic switch). */
  intent?: string;
  /** Slot values the turn gives, as intended. */
  slots: Record<string, string>;
  digression?: DigressionKind;
  /** The customer leaves after this turn (patience ran out). */
  leaves: boolean;
  /** Annoyed after a failure: the style channel may shout (caps, "??"), as much as the persona's style says. */
  frustrated: boolean;
  /** For the realizer. */
  context: RealizeContext;
}

export interface Policy {
  decide(obs: Observation): PolicyDecision;
}

export interface CreatePolicyOptions {
  persona: PersonaId;
  flow: CompiledFlow;
  goal: Goal;
  /** Decisions: what to do next. */
  rng: Rng;
  /** Whether and how to wander off; a separate stream so digressions can be tuned without moving other draws. */
  digressionRng: Rng;
  /** Overrides the persona table (tests and tuning). */
  params?: PersonaParameters;
}

type TurnKind = 'none' | 'task' | 'digression' | 'repair' | 'handoff' | 'give_up';

/** Entity types a customer can volunteer before being asked (a value you can name without a question). */
const VOLUNTEERABLE = new Set<EntitySpec['type']>(['pattern', 'email', 'phone', 'date', 'number', 'choice']);
/** Values customers worry about after giving them (persona-realism.md §4.1: "after giving personal data"). */
const PERSONAL = new Set<EntitySpec['type']>(['email', 'phone', 'pattern', 'date']);

/** Words a learner or an older reader may not know in a bot's message, besides long rare words. */
const JARGON = new Set([
  'fulfilment', 'fulfillment', 'consignment', 'reference', 'verify', 'verification', 'authenticate', 'dispatch', 'dispatched', 'courier',
  'invoice', 'postcode', 'eligible', 'eligibility', 'reimbursement', 'escalate', 'credentials', 'alphanumeric', 'prepaid', 'itinerary',
  'rma', 'sku', 'otp', 'url', 'faq', 'tracking', 'rebook', 'reschedule', 'confirmation', 'designated',
]);
/** Long words that are still everyday vocabulary. */
const EVERYDAY = new Set(['something', 'everything', 'yesterday', 'tomorrow', 'appointment', 'information', 'understand', 'anything', 'delivered', 'delivery', 'thank', 'please', 'welcome', 'customer']);

/** A word of the bot's message the customer might ask about, or null. */
export function hardTerm(botText: string): string | null {
  const words = botText.toLowerCase().match(/[a-z][a-z'-]+/g) ?? [];
  for (const w of words) if (JARGON.has(w)) return w;
  const long = words.filter((w) => w.length >= 11 && !EVERYDAY.has(w));
  return long.length > 0 ? long[0] : null;
}

/** Router edges by route handle, to steer a customer who is at a router the goal did not plan for. */
function routeLeadingTo(flow: CompiledFlow, nodeId: string, routes: readonly string[], path: ReadonlySet<string>): string | null {
  const edges = flow.outgoing.get(nodeId) ?? [];
  for (const r of routes) {
    const e = edges.find((x) => x.sourceHandle === r);
    if (e && path.has(e.target)) return r;
  }
  return null;
}

/**
 * Creates the policy of one customer for one conversation.
 *
 * @example
 * const policy = createPolicy({ persona: 'impatient', flow, goal, rng: streams.get('policy'), digressionRng: streams.get('digression') });
 * const d = policy.decide(observation); // d.acts: [{ act: 'intent', intent: 'track' }, { act: 'inform', slot: 'order', value: 'KD905217' }]
 */
export function createPolicy(opts: CreatePolicyOptions): Policy {
  const { persona, flow, goal, rng, digressionRng } = opts;
  const p = opts.params ?? PERSONAS[persona];
  const pathSet = new Set(goal.path);
  const extraFacts: Record<string, string> = {};
  const register: 'social' | 'factual' | undefined = persona === 'elderly' ? (rng.chance(p.social.socialShare) ? 'social' : 'factual') : undefined;

  /** Questions of the goal path in order, for volunteering. */
  const pathQuestions: { nodeId: string; slot: string; entity: EntitySpec }[] = [];
  for (const id of goal.path) {
    const n = flow.nodes.get(id) as FlowNode | undefined;
    if (n?.type === 'question' && !pathQuestions.some((q) => q.slot === n.data.slot)) pathQuestions.push({ nodeId: id, slot: n.data.slot, entity: n.data.entity });
  }
  /** Intents the flow routes somewhere, other than the goal's own: material for topic switches. */
  const goalRoutes = new Set(Object.values(goal.routes));
  const otherIntents: string[] = [];
  for (const n of flow.doc.nodes as FlowNode[]) {
    if (n.type !== 'router' || n.data.mode === 'options') continue;
    for (const i of n.data.intents ?? []) if (!goalRoutes.has(i) && !otherIntents.includes(i)) otherIntents.push(i);
  }

  let failures = 0;
  let lastKind: TurnKind = 'none';
  let demandedHuman = false;
  let digressions = 0;
  let repairs = 0;
  let lastRepairTurn = -Infinity;
  let lastNodeId: string | null = null;
  let retry = 0;
  let taskTurns = 0;
  let gavePersonalData = false;
  let oosTries = 0;
  const filled = new Set<string>();
  const given = new Set<string>();

  const valueFor = (slot: string, entity: EntitySpec, prompt: string): string => {
    const known = goal.facts[slot] ?? extraFacts[slot];
    if (known !== undefined) return known;
    // A question the goal did not plan for (a detour): invent a consistent value once and stick to it.
    const v = generateEntityValue(entity, slot, prompt, rng);
    extraFacts[slot] = v;
    return v;
  };

  const drawCount = (weights: readonly number[]) => rng.weightedIndex(weights);

  /** Up to `n` slots the customer knows and can name before being asked, in the order the flow will ask. */
  const volunteer = (n: number, exceptSlot: string | null): { slot: string; value: string }[] => {
    if (n <= 0) return [];
    const out: { slot: string; value: string }[] = [];
    for (const q of pathQuestions) {
      if (out.length >= n) break;
      if (q.slot === exceptSlot || filled.has(q.slot) || !VOLUNTEERABLE.has(q.entity.type)) continue;
      const value = goal.facts[q.slot];
      if (value === undefined) continue;
      out.push({ slot: q.slot, value });
    }
    return out;
  };

  const routeFor = (a: Extract<Awaiting, { kind: 'router' }>): { kind: 'intent' | 'option'; id: string; label: string } | null => {
    const node = flow.nodes.get(a.nodeId) as FlowNode | undefined;
    const options = node?.type === 'router' && node.data.mode === 'options';
    const available = options ? a.options.map((o) => o.id) : a.intents;
    if (available.length === 0) return null;
    let id = goal.routes[a.nodeId];
    if (id === undefined || !available.includes(id)) {
      id = routeLeadingTo(flow, a.nodeId, available, pathSet) ?? available.find((x) => goalRoutes.has(x)) ?? rng.pick(available);
    }
    const label = options ? (a.options.find((o) => o.id === id)?.label ?? id) : id;
    return { kind: options ? 'option' : 'intent', id, label };
  };

  const pickDigression = (a: Awaiting): DigressionKind | null => {
    const kinds = Object.entries(p.digression.kinds) as [DigressionKind, number][];
    const allowed = kinds.filter(([k, w]) => {
      if (w <= 0) return false;
      if (k === 'slot_lookalike') return a.kind === 'question';
      if (k === 'topic_switch') return a.kind === 'question' && otherIntents.length > 0;
      return true;
    });
    if (allowed.length === 0) return null;
    return allowed[digressionRng.weightedIndex(allowed.map(([, w]) => w))][0];
  };

  const decide = (obs: Observation): PolicyDecision => {
    const a = obs.awaiting;
    const fellBack = obs.events.some((e) => e.type === 'fallback');
    let progressed = false;
    for (const e of obs.events) {
      if (e.type === 'slot_filled') {
        filled.add(e.slot);
        progressed = true;
      } else if (e.type === 'intent_matched' || e.type === 'option_matched') progressed = true;
      else if (e.type === 'restart') {
        filled.clear();
        given.clear();
      }
    }
    // Only failures of real attempts cost patience: a fallback after wandering off is the customer's doing.
    if (fellBack && (lastKind === 'task' || lastKind === 'handoff')) failures++;
    if (a && a.nodeId === lastNodeId && fellBack) retry++;
    else if (!a || a.nodeId !== lastNodeId) retry = 0;
    lastNodeId = a?.nodeId ?? null;
    const justGavePersonal = gavePersonalData && progressed;
    gavePersonalData = false;

    const context: RealizeContext = { turn: obs.turn, retry, failures, ...(register ? { register } : {}) };
    // Annoyed right after a failure; how much that shows (caps, "??") is each persona's style (noise/style.ts).
    const base = { slots: {} as Record<string, string>, leaves: false, frustrated: fellBack, context };

    if (!a) {
      // The loop stops at an end or handoff; answering anyway would be a harness bug, so leave politely.
      lastKind = 'give_up';
      return { ...base, acts: [{ act: 'give_up' }], leaves: true };
    }

    // An out-of-scope customer asks for what the flow does not handle, once more in other words if the bot did
    // not understand, then goes elsewhere. Accepted by a router (misrouted), they say so and leave.
    if (goal.outOfScope !== undefined) {
      const misrouted = obs.events.some((e) => e.type === 'intent_matched' || e.type === 'option_matched');
      if (misrouted || a.kind !== 'router' || oosTries >= 2) {
        lastKind = 'give_up';
        const acts: CustomerAct[] = misrouted ? [{ act: 'complain' }, { act: 'give_up' }] : [{ act: 'give_up' }];
        return { ...base, acts, leaves: true };
      }
      oosTries++;
      lastKind = 'task';
      return { ...base, acts: [{ act: 'out_of_scope', request: goal.outOfScope }] };
    }

    // Patience (product.md §4): after `patience` failures, demand a human (per persona), then leave.
    if (fellBack && failures >= p.patience) {
      if (!demandedHuman && lastKind !== 'handoff' && rng.chance(p.onPatienceOut.demandHuman)) {
        demandedHuman = true;
        lastKind = 'handoff';
        const acts: CustomerAct[] = persona === 'impatient' && rng.chance(0.4) ? [{ act: 'complain' }, { act: 'handoff_request' }] : [{ act: 'handoff_request' }];
        return { ...base, acts, frustrated: true };
      }
      lastKind = 'give_up';
      return { ...base, acts: [{ act: 'give_up' }], leaves: true };
    }

    const botText = obs.messages.map((m) => m.text).join(' ');
    // Length is judged on what the bot asks (its last message), not on a greeting said before it.
    const promptText = obs.messages.length > 0 ? obs.messages[obs.messages.length - 1].text : '';

    // An unprompted request for a human at the opening (persona-realism.md §4.2).
    if (obs.turn === 0 && a.kind === 'router' && p.openingHandoff > 0 && rng.chance(p.openingHandoff)) {
      demandedHuman = true;
      lastKind = 'handoff';
      return { ...base, acts: [{ act: 'handoff_request' }] };
    }

    // Repair requests: asking the bot to repeat or explain (persona-realism.md §3.2 trigger).
    if (p.repair.max > 0 && repairs < p.repair.max && obs.turn - lastRepairTurn >= p.repair.spacing && retry === 0 && lastKind !== 'repair') {
      const term = hardTerm(botText);
      const long = promptText.split(/\s+/).length > p.repair.longWords;
      if (rng.chance(term || long ? p.repair.hard : p.repair.base)) {
        repairs++;
        lastRepairTurn = obs.turn;
        lastKind = 'repair';
        const acts: CustomerAct[] = term && rng.chance(0.6) ? [{ act: 'clarify_request', term }] : [{ act: 'repeat_request' }];
        return { ...base, acts };
      }
    }

    // Digressions: only while a question or router waits, never twice in a row, not while retrying.
    if (digressions < p.digression.max && lastKind !== 'digression' && retry === 0 && digressionRng.chance(p.digression.rate)) {
      const kind = pickDigression(a);
      if (kind) {
        digressions++;
        lastKind = 'digression';
        const acts: CustomerAct[] = [{ act: 'digress', kind }];
        let intent: string | undefined;
        if (kind === 'topic_switch') {
          intent = digressionRng.pick(otherIntents);
          acts.push({ act: 'intent', intent });
        }
        if (persona === 'impatient' && digressionRng.chance(0.5)) acts.push({ act: 'complain' });
        return { ...base, acts, digression: kind, ...(intent ? { intent } : {}) };
      }
    }

    // The task: the act the bot asked for, plus volunteered slots.
    const acts: CustomerAct[] = [];
    const slots: Record<string, string> = {};
    let intent: string | undefined;
    const opening = taskTurns === 0;
    if (a.kind === 'router') {
      const route = routeFor(a);
      if (route === null) {
        lastKind = 'task';
        return { ...base, acts: [{ act: 'handoff_request' }] };
      }
      intent = route.id;
      acts.push(route.kind === 'option' ? { act: 'option', option: route.id, label: route.label } : { act: 'intent', intent: route.id });
      // Retrying after a failure, customers cut down rather than add (persona-realism.md §4.2: "rephrase shorter").
      const n = retry > 0 ? 0 : drawCount(opening ? p.initiative.opening : p.initiative.answer);
      for (const v of volunteer(n, null)) {
        acts.push({ act: 'inform', slot: v.slot, value: v.value });
        slots[v.slot] = v.value;
      }
    } else {
      const value = valueFor(a.slot, a.entity, a.prompt);
      if (persona === 'impatient' && given.has(a.slot) && retry === 0 && rng.chance(0.5)) acts.push({ act: 'complain' });
      acts.push({ act: 'inform', slot: a.slot, value });
      slots[a.slot] = value;
      const n = retry > 0 ? 0 : drawCount(p.initiative.answer);
      for (const v of volunteer(n, a.slot)) {
        acts.push({ act: 'inform', slot: v.slot, value: v.value });
        slots[v.slot] = v.value;
      }
      if (PERSONAL.has(a.entity.type)) gavePersonalData = true;
    }

    // Framing acts: greeting, thanks, complaints, reassurance (persona-realism.md §4.1, §4.2).
    const social = register === 'social';
    if (obs.turn === 0) {
      const greet = persona === 'elderly' ? (social ? p.social.greeting : 0.3) : persona === 'non-native' ? 0.3 : persona === 'typo-prone' ? 0.1 : 0;
      if (rng.chance(greet)) acts.unshift({ act: 'greet' });
    } else if (progressed && !fellBack) {
      const thank = persona === 'elderly' ? (social ? p.social.thanks : 0.2) : persona === 'non-native' ? 0.15 : persona === 'typo-prone' ? 0.05 : 0;
      if (rng.chance(thank)) acts.unshift({ act: 'thank' });
    }
    if (fellBack && rng.chance(p.complainAfterFailure)) acts.unshift({ act: 'complain' });
    if (justGavePersonal && rng.chance(p.reassurance)) acts.push({ act: 'reassure_request' });

    for (const s of Object.keys(slots)) given.add(s);
    taskTurns++;
    lastKind = 'task';
    return { ...base, acts, slots, ...(intent !== undefined ? { intent } : {}) };
  };

  return { decide };
}
