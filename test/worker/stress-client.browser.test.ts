import { afterEach, describe, expect, it } from 'vitest';
import { flowHash } from '../../src/core/flow/hash.ts';
import { parseFlow } from '../../src/core/flow/index.ts';
import type { FlowDocument } from '../../src/core/flow/types.ts';
import type { PersonaId } from '../../src/core/personas/types.ts';
import { compileFlow } from '../../src/core/runtime/compile.ts';
import { summarizeRun } from '../../src/core/score/summarize.ts';
import { simulateConversation } from '../../src/core/simulate/conversation.ts';
import type { ConversationResult } from '../../src/core/simulate/types.ts';
import { createStressClient, type StressClientOptions } from '../../src/worker/create-stress-client.ts';
import type { BatchProgress, StressClient } from '../../src/worker/types.ts';
import { miniFlow } from '../fixtures/mini-flow.ts';
import type { FaultConfig } from './faulty.worker.ts';

// Real module workers in real Chromium. Timing bounds here are liveness checks (every promise settles,
// cancel answers at once), not performance targets: those are measured by test/bench/browser-bench.ts.

const flow: FlowDocument = (() => {
  const parsed = parseFlow(miniFlow());
  if (!parsed.ok) throw new Error('fixture flow does not parse');
  return parsed.flow;
})();
const compiled = compileFlow(flow, flowHash(flow));

/** The in-process reference: the same engine in a plain loop. */
function reference(persona: PersonaId, n: number, seed: number): ConversationResult[] {
  return Array.from({ length: n }, (_, i) => simulateConversation(compiled, persona, seed, i));
}

/** Fails the test instead of hanging it when a promise never settles. */
async function settles<T>(promise: Promise<T>, ms = 15_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`promise still pending after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Workers from the fault-injecting script; `plan(k)` configures the k-th worker created (undefined: healthy). */
function faultyWorkers(plan: (k: number) => FaultConfig | undefined) {
  const created: Worker[] = [];
  const createWorker = (): Worker => {
    const worker = new Worker(new URL('./faulty.worker.ts', import.meta.url), { type: 'module' });
    const faultConfig = plan(created.length);
    if (faultConfig) worker.postMessage({ faultConfig });
    created.push(worker);
    return worker;
  };
  return { createWorker, created };
}

const clients: StressClient[] = [];
function client(options: StressClientOptions = {}): StressClient {
  const c = createStressClient(options);
  clients.push(c);
  return c;
}
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
});

function ok<T extends { ok: boolean }>(reply: T): Extract<T, { ok: true }> {
  if (!reply.ok) throw new Error(`expected ok, got ${JSON.stringify(reply)}`);
  return reply as Extract<T, { ok: true }>;
}

describe('createStressClient with real workers', () => {
  it('runs 50 conversations byte-identical to the in-process engine, streaming one progress per conversation', async () => {
    const c = client({ poolSize: 2 });
    const progress: BatchProgress[] = [];
    const reply = ok(await settles(c.runBatch({ flow, personas: ['typo-prone'], n: 50, seed: 7 }, { onProgress: (p) => progress.push(p) })));
    const { result } = reply;
    expect(result.status).toBe('completed');
    expect(result.flowHash).toBe(flowHash(flow));
    expect(result.results).toHaveLength(1);
    const expected = reference('typo-prone', 50, 7);
    expect(JSON.stringify(result.results[0].conversations)).toBe(JSON.stringify(expected));
    expect(JSON.stringify(result.results[0].summary)).toBe(JSON.stringify(summarizeRun('typo-prone', 50, 7, expected, { flow })));
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(progress.every((p) => p.total === 50)).toBe(true);
    expect(result.finishedAt).toBeGreaterThanOrEqual(result.startedAt);
  });

  it('runs several personas through the packaged worker and reuses warm workers across batches', async () => {
    const c = client({ poolSize: 2 });
    await settles(c.warm());
    for (const seed of [1, 2]) {
      const { result } = ok(await settles(c.runBatch({ flow, personas: ['impatient', 'elderly'], n: 10, seed })));
      expect(result.results.map((r) => r.persona)).toEqual(['impatient', 'elderly']);
      for (const r of result.results) expect(JSON.stringify(r.conversations)).toBe(JSON.stringify(reference(r.persona, 10, seed)));
    }
  });

  it.each(Object.entries(import.meta.glob<FlowDocument>('../../demo/flows/*.json', { eager: true, import: 'default' })))(
    'matches the in-process engine on %s for all four personas',
    async (_path, raw) => {
      const parsed = parseFlow(raw);
      if (!parsed.ok) throw new Error('demo flow does not parse');
      const demo = compileFlow(parsed.flow, flowHash(parsed.flow));
      const personas: PersonaId[] = ['impatient', 'typo-prone', 'non-native', 'elderly'];
      const { result } = ok(await settles(client({ poolSize: 2 }).runBatch({ flow: raw, personas, n: 12, seed: 21 })));
      expect(result.flowHash).toBe(flowHash(parsed.flow));
      for (const r of result.results) {
        const expected = Array.from({ length: 12 }, (_, i) => simulateConversation(demo, r.persona, 21, i));
        expect(JSON.stringify(r.conversations)).toBe(JSON.stringify(expected));
      }
    },
  );

  it('runs customers from startIndex on, and without transcripts when asked: the same customers as a full batch', async () => {
    const c = client({ poolSize: 2 });
    const { result } = ok(await settles(c.runBatch({ flow, personas: ['elderly'], n: 15, seed: 4, startIndex: 10, transcripts: false })));
    const conversations = result.results[0].conversations;
    expect(conversations.map((x) => x.index)).toEqual(Array.from({ length: 15 }, (_, i) => 10 + i));
    const expected = Array.from({ length: 15 }, (_, i) => simulateConversation(compiled, 'elderly', 4, 10 + i));
    expect(conversations.every((x) => x.turns.length === 0)).toBe(true);
    expect(JSON.stringify(conversations)).toBe(JSON.stringify(expected.map((x) => ({ ...x, turns: [] }))));
    const bad = await c.runBatch({ flow, personas: ['elderly'], n: 5, seed: 4, startIndex: -1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'FS154' } });
  });

  it('runs the customers of imported messages on a warm worker that ran the same flow without them', async () => {
    const c = client({ poolSize: 1 });
    const plain = ok(await settles(c.runBatch({ flow, personas: ['impatient'], n: 8, seed: 2 })));
    const withMessages: FlowDocument = {
      ...flow,
      customerMessages: [
        { text: 'my parcel never showed up, where is it now', intent: 'track' },
        { text: 'please stop the order I placed yesterday', intent: 'cancel' },
      ],
    };
    const imported = ok(await settles(c.runBatch({ flow: withMessages, personas: ['impatient'], n: 8, seed: 2 })));
    // Same flow version in the history, different customers in the worker.
    expect(imported.result.flowHash).toBe(plain.result.flowHash);
    const compiledWith = compileFlow(withMessages, flowHash(withMessages));
    const expected = Array.from({ length: 8 }, (_, i) => simulateConversation(compiledWith, 'impatient', 2, i));
    expect(JSON.stringify(imported.result.results[0].conversations)).toBe(JSON.stringify(expected));
    // The messages are used: some customer words differ from the run without them.
    expect(JSON.stringify(imported.result.results[0].conversations)).not.toBe(JSON.stringify(plain.result.results[0].conversations));
  });

  it('rejects an invalid flow or request as data before any worker runs', async () => {
    const c = client({ createWorker: () => { throw new Error('no worker should start'); } });
    const broken = { ...flow, nodes: flow.nodes.filter((n) => n.type !== 'start') };
    const reply = await settles(c.runBatch({ flow: broken, personas: ['impatient'], n: 10, seed: 1 }));
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('FS104');
      expect(reply.error.message).toContain('FS001');
    }
    const badN = await settles(c.runBatch({ flow, personas: ['impatient'], n: 0, seed: 1 }));
    expect(!badN.ok && badN.error.code).toBe('FS154');
    const badPersona = await settles(c.runBatch({ flow, personas: ['grumpy' as PersonaId], n: 1, seed: 1 }));
    expect(!badPersona.ok && badPersona.error.code).toBe('FS152');
  });

  it('cancels mid-run: resolves at once with the finished conversations, then runs the next batch', async () => {
    const { createWorker } = faultyWorkers((k) => (k === 0 ? { fault: 'slow', delayMs: 25 } : undefined));
    const c = client({ poolSize: 1, createWorker });
    const controller = new AbortController();
    let progressCalls = 0;
    let abortedAt = 0;
    const pending = c.runBatch(
      { flow, personas: ['impatient'], n: 50, seed: 3 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          progressCalls++;
          if (p.done === 4) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      },
    );
    const { result } = ok(await settles(pending));
    const ackMs = performance.now() - abortedAt;
    expect(ackMs).toBeLessThan(100);
    expect(result.status).toBe('cancelled');
    const done = result.results[0].conversations;
    expect(done.length).toBe(4);
    const expected = reference('impatient', 50, 3);
    for (const conv of done) expect(JSON.stringify(conv)).toBe(JSON.stringify(expected[conv.index]));
    expect(result.results[0].summary.scores.scored).toBe(4);
    await sleep(150);
    expect(progressCalls).toBe(4); // nothing reported after the cancel
    // The slow worker finishes its two in-flight calls within the grace and is kept.
    const next = ok(await settles(c.runBatch({ flow, personas: ['impatient'], n: 10, seed: 3 })));
    expect(JSON.stringify(next.result.results[0].conversations)).toBe(JSON.stringify(expected.slice(0, 10)));
  });

  it('cancel terminates and replaces a worker that stays busy', async () => {
    const { createWorker, created } = faultyWorkers((k) => (k === 0 ? { fault: 'spin', indices: [5] } : undefined));
    const c = client({ poolSize: 1, createWorker, cancelGraceMs: 100 });
    const controller = new AbortController();
    const pending = c.runBatch({ flow, personas: ['elderly'], n: 20, seed: 9 }, { signal: controller.signal, onProgress: (p) => p.done === 5 && controller.abort() });
    const { result } = ok(await settles(pending));
    expect(result.status).toBe('cancelled');
    expect(result.results[0].conversations.map((x) => x.index)).toEqual([0, 1, 2, 3, 4]);
    await sleep(300);
    expect(created.length).toBe(2); // the spinning worker was replaced
    const next = ok(await settles(c.runBatch({ flow, personas: ['elderly'], n: 20, seed: 9 })));
    expect(JSON.stringify(next.result.results[0].conversations)).toBe(JSON.stringify(reference('elderly', 20, 9)));
  });

  it('an already aborted signal resolves cancelled with nothing run', async () => {
    const c = client({ createWorker: () => { throw new Error('no worker should start'); } });
    const { result } = ok(await settles(c.runBatch({ flow, personas: ['impatient'], n: 5, seed: 1 }, { signal: AbortSignal.abort() })));
    expect(result.status).toBe('cancelled');
    expect(result.results[0].conversations).toEqual([]);
  });

  it('dispose settles a running batch as cancelled, and later calls fail with FS256', async () => {
    const { createWorker } = faultyWorkers(() => ({ fault: 'slow', delayMs: 50 }));
    const c = client({ poolSize: 1, createWorker });
    const pending = c.runBatch({ flow, personas: ['impatient'], n: 20, seed: 1 });
    await sleep(120);
    c.dispose();
    const { result } = ok(await settles(pending, 1000));
    expect(result.status).toBe('cancelled');
    const after = await settles(c.runBatch({ flow, personas: ['impatient'], n: 1, seed: 1 }));
    expect(!after.ok && after.error.code).toBe('FS256');
  });
});

describe('crash and hang recovery', () => {
  const expected = reference('non-native', 30, 11);

  it.each([
    ['throw', 'an uncaught error in the worker'],
    ['close', 'the worker closing itself'],
    ['hang', 'a call that never answers'],
    ['spin', 'a busy loop'],
  ] as const)('retries on a fresh worker after %s (%s) and still matches the engine', async (fault, _why) => {
    const { createWorker, created } = faultyWorkers((k) => (k === 0 ? { fault, indices: [3] } : undefined));
    const c = client({ poolSize: 1, createWorker, conversationTimeoutMs: 300 });
    const { result } = ok(await settles(c.runBatch({ flow, personas: ['non-native'], n: 30, seed: 11 })));
    expect(result.status).toBe('completed');
    expect(JSON.stringify(result.results[0].conversations)).toBe(JSON.stringify(expected));
    expect(created.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['throw', 'FS251'],
    ['close', 'FS252'],
    ['hang', 'FS252'],
    ['spin', 'FS252'],
  ] as const)('records an error outcome when the retry fails too (%s -> %s), excluded from the scores', async (fault, code) => {
    const { createWorker } = faultyWorkers(() => ({ fault, indices: [3] }));
    const c = client({ poolSize: 2, createWorker, conversationTimeoutMs: 300 });
    const { result } = ok(await settles(c.runBatch({ flow, personas: ['non-native'], n: 30, seed: 11 })));
    expect(result.status).toBe('completed_with_errors');
    const conversations = result.results[0].conversations;
    expect(conversations).toHaveLength(30);
    expect(conversations[3].outcome).toBe('error');
    expect(conversations[3].error?.code).toBe(code);
    // Only the culprit fails: retries run alone, so bystanders come back clean.
    const others = conversations.filter((x) => x.index !== 3);
    expect(JSON.stringify(others)).toBe(JSON.stringify(expected.filter((x) => x.index !== 3)));
    expect(result.results[0].summary.scores.errors).toBe(1);
    // Out-of-scope customers are reported apart from the three scores, like harness errors.
    expect(result.results[0].summary.scores.scored).toBe(expected.filter((x) => x.index !== 3 && !x.outOfScope).length);
  });

  it('does not count loading a flow against the first conversation: a slow load is not a hang', async () => {
    const { createWorker, created } = faultyWorkers(() => ({ fault: 'slow-load', delayMs: 700 }));
    const c = client({ poolSize: 1, createWorker, conversationTimeoutMs: 300 });
    const { result } = ok(await settles(c.runBatch({ flow, personas: ['non-native'], n: 10, seed: 11 })));
    expect(result.status).toBe('completed');
    expect(JSON.stringify(result.results[0].conversations)).toBe(JSON.stringify(expected.slice(0, 10)));
    expect(created.length).toBe(1);
  });

  it('keeps working after a crash: the pool heals for the next batch', async () => {
    const { createWorker, created } = faultyWorkers((k) => (k === 0 ? { fault: 'throw', indices: [0] } : undefined));
    const c = client({ poolSize: 1, createWorker });
    await settles(c.warm());
    ok(await settles(c.runBatch({ flow, personas: ['non-native'], n: 5, seed: 11 })));
    expect(created.length).toBe(2);
    const { result } = ok(await settles(c.runBatch({ flow, personas: ['non-native'], n: 30, seed: 11 })));
    expect(JSON.stringify(result.results[0].conversations)).toBe(JSON.stringify(expected));
    expect(created.length).toBe(2); // reused, not restarted
  });

  it('a worker script that fails to start gives FS250 as data, without spawning forever', async () => {
    let spawned = 0;
    const c = client({
      poolSize: 2,
      createWorker: () => {
        spawned++;
        return new Worker(new URL('./broken.worker.ts', import.meta.url), { type: 'module' });
      },
    });
    const reply = await settles(c.runBatch({ flow, personas: ['impatient'], n: 20, seed: 1 }));
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.code).toBe('FS250');
    expect(spawned).toBeLessThanOrEqual(3);
  });

  it('a worker factory that throws gives FS250 as data', async () => {
    const c = client({ createWorker: () => { throw new Error('CSP forbids workers'); } });
    const reply = await settles(c.runBatch({ flow, personas: ['impatient'], n: 3, seed: 1 }));
    expect(!reply.ok && reply.error.code).toBe('FS250');
    expect(!reply.ok && reply.error.message).toContain('CSP forbids workers');
  });
});
