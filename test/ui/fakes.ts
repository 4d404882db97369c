/**
 * Fakes for store and panel tests: a StressClient that returns canned but realistic batches (summaries
 * computed by the real scorer), and host-shaped React Flow nodes for the mini shop flow.
 */
import type { FlowDocument } from '../../src/core/flow/types.ts';
import { flowHash } from '../../src/core/flow/hash.ts';
import type { PersonaId } from '../../src/core/personas/types.ts';
import type { RuntimeEvent } from '../../src/core/runtime/types.ts';
import { summarizeRun } from '../../src/core/score/summarize.ts';
import type { ConversationResult, Turn } from '../../src/core/simulate/types.ts';
import type { BatchRequest, BatchResult, StressClient } from '../../src/worker/types.ts';
import { miniFlow } from '../fixtures/mini-flow.ts';

export { miniFlow };

const truth = (clean: string, extra: Partial<NonNullable<Turn['truth']>> = {}): NonNullable<Turn['truth']> => ({
  acts: [],
  slots: {},
  clean,
  perturbations: [],
  verbatimTrainingPhrase: false,
  ...extra,
});

const bot = (nodeId: string, text: string, events: RuntimeEvent[] = []): Turn => ({ speaker: 'bot', text, nodeId, events: [{ type: 'bot_message', nodeId, text }, ...events] });
const customer = (nodeId: string, text: string, t = truth(text)): Turn => ({ speaker: 'customer', text, nodeId, events: [], truth: t });

/** Deterministic per index: the same "customer" behaves the same in every run (paired runs). */
function difficulty(index: number, seed: number): number {
  return ((index * 37 + seed * 11) % 100) / 100;
}

/**
 * One conversation in the mini shop flow. Customers whose difficulty is under `quality` complete; the
 * others get stuck at the order-number question after three invalid answers. Every fifth customer asks
 * about the weather at that question (a digression); `customerText` overrides the first customer turn.
 */
export function makeConversation(index: number, persona: PersonaId, seed: number, quality: number, customerText?: string): ConversationResult {
  const completes = difficulty(index, seed) < quality;
  const digresses = index % 5 === 0;
  const turns: Turn[] = [
    bot('menu', 'Hi, this is the shop assistant. How can I help?', [{ type: 'awaiting', nodeId: 'menu', kind: 'router' }]),
    customer('menu', customerText ?? 'where is my parcel', truth('where is my parcel', { intent: 'track' })),
    bot('ask_order', 'What is your order number?', [
      { type: 'intent_matched', nodeId: 'menu', intent: 'track', score: 0.71 },
      { type: 'awaiting', nodeId: 'ask_order', kind: 'question' },
    ]),
  ];
  const digressions: ConversationResult['digressions'] = [];
  if (digresses) {
    turns.push(customer('ask_order', 'is it going to rain tomorrow?', truth('is it going to rain tomorrow?', { digression: 'slot_lookalike' })));
    turns.push(bot('ask_order', "Sorry, I didn't understand that. What is your order number?", [{ type: 'fallback', nodeId: 'ask_order', reason: 'invalid_slot_value', attempt: 1, consecutive: 1 }]));
    digressions.push({ turn: turns.length - 2, kind: 'slot_lookalike', nodeId: 'ask_order', hijacked: false, returned: true, contextKept: true, recovered: true });
  }
  let fallbacks = digresses ? 1 : 0;
  if (completes) {
    turns.push(customer('ask_order', 'AB123456'));
    turns.push(bot('say_shipped', 'Order AB123456 has shipped.', [{ type: 'slot_filled', nodeId: 'ask_order', slot: 'order', value: 'AB123456', source: 'answer' }]));
    turns.push(bot('bye', 'Anything else? Bye!', [{ type: 'end', nodeId: 'bye', outcome: 'completed', reason: 'end_node' }]));
  } else {
    for (let a = 1; a <= 3; a++) {
      turns.push(customer('ask_order', `it's 12-34${a}`, truth(`its 12-34${a}`)));
      fallbacks++;
      turns.push(
        bot('ask_order', a < 3 ? 'Order numbers look like AB123456.' : "Sorry, I can't help with that.", [
          { type: 'fallback', nodeId: 'ask_order', reason: 'invalid_slot_value', attempt: a, consecutive: a },
          ...(a === 3 ? ([{ type: 'end', nodeId: 'ask_order', outcome: 'stuck', reason: 'give_up' }] as RuntimeEvent[]) : []),
        ]),
      );
    }
  }
  return {
    index,
    persona,
    seed,
    outcome: completes ? 'completed' : 'stuck',
    lastNodeId: completes ? 'bye' : 'ask_order',
    goal: { targetNodeId: 'bye', routes: { menu: 'track' }, facts: { order: 'AB123456' }, path: ['start', 'menu', 'ask_order', 'lookup', 'shipped?', 'say_shipped', 'bye'] },
    turns,
    customerTurns: turns.filter((t) => t.speaker === 'customer').length,
    fallbacks,
    digressions,
    recovered: digresses ? completes : null,
    path: completes ? ['start', 'menu', 'ask_order', 'ask_order', 'lookup', 'shipped?', 'say_shipped', 'bye'] : ['start', 'menu', 'ask_order'],
  };
}

export interface FakeClientOptions {
  /** Share of customers who complete, per persona, call number and flow run (default 0.6). */
  quality?: (persona: PersonaId, call: number, flow: FlowDocument) => number;
  /** Pause after this many conversations until `release()` or abort (to test progress and Cancel). */
  pauseAfter?: number;
  /** First customer turn text (to test rendering). */
  customerText?: string;
  /** Return this error instead of a batch. */
  fail?: { code: string; message: string };
  /** Clock for the batch timestamps (default: fixed times a minute apart). */
  now?: () => number;
}

export interface FakeClient extends StressClient {
  calls: BatchRequest[];
  /** Resumes a paused batch. */
  release(): void;
  disposed: number;
}

/** A StressClient that settles like the real one: progress per conversation, partial results on abort. */
export function createFakeClient(options: FakeClientOptions = {}): FakeClient {
  let resume: (() => void) | null = null;
  const client: FakeClient = {
    calls: [],
    disposed: 0,
    release() {
      resume?.();
    },
    async warm() {},
    dispose() {
      client.disposed++;
    },
    async runBatch(request, opts = {}) {
      const call = client.calls.push(request) - 1;
      if (options.fail) return { ok: false, error: options.fail };
      const startedAt = options.now ? options.now() : 1_760_000_000_000 + call * 60_000;
      const total = request.n * request.personas.length;
      const quality = options.quality ?? (() => 0.6);
      const results: BatchResult['results'] = [];
      let done = 0;
      let cancelled = false;
      for (const persona of request.personas) {
        const conversations: ConversationResult[] = [];
        const start = request.startIndex ?? 0;
        for (let i = start; i < start + request.n && !cancelled; i++) {
          if (options.pauseAfter !== undefined && done === options.pauseAfter) {
            await new Promise<void>((resolve) => {
              resume = resolve;
              opts.signal?.addEventListener('abort', () => resolve(), { once: true });
            });
          }
          if (opts.signal?.aborted) {
            cancelled = true;
            break;
          }
          const full = makeConversation(i, persona, request.seed, quality(persona, call, request.flow), i === 0 ? options.customerText : undefined);
          const c = request.transcripts === false ? { ...full, turns: [] } : full;
          conversations.push(c);
          done++;
          opts.onProgress?.({ done, total, conversation: c });
          await Promise.resolve();
        }
        results.push({ persona, summary: summarizeRun(persona, request.n, request.seed, conversations, { flow: request.flow }), conversations });
      }
      return {
        ok: true,
        result: { status: cancelled ? 'cancelled' : 'completed', flowHash: flowHash(request.flow), startedAt, finishedAt: startedAt + 300, results },
      };
    },
  };
  return client;
}

/** The mini flow as a React Flow host holds it (v11/v12 node objects with UI fields the adapter drops). */
export function hostGraph(flow: FlowDocument = miniFlow()) {
  return {
    nodes: flow.nodes.map((n, i) => ({ ...n, position: { x: (i % 4) * 220, y: Math.floor(i / 4) * 140 }, selected: false, width: 180, height: 60 })),
    edges: flow.edges.map((e) => ({ ...e })),
    meta: { id: flow.id, name: flow.name, intents: flow.intents, settings: flow.settings },
  };
}
