/**
 * A flow that cycles without waiting for the customer is refused before it reaches a worker (FS007 → FS104).
 * Should one get there anyway (a host driving the pool directly), the engine's step budget ends each
 * conversation as `loop_detected` within milliseconds: the watchdog never has to kill a worker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flowHash } from '../../src/core/flow/hash.ts';
import type { FlowDocument } from '../../src/core/flow/types.ts';
import type { ConversationResult } from '../../src/core/simulate/types.ts';
import { createStressClient } from '../../src/worker/create-stress-client.ts';
import { createWorkerPool, type WorkerPool } from '../../src/worker/create-worker-pool.ts';
import type { StressClient } from '../../src/worker/types.ts';
import { miniFlow } from '../fixtures/mini-flow.ts';

/**
 * The mini shop flow whose order lookup fails half the time (seeded) and whose error edge enters a
 * message-to-message cycle: customers aim for the end through the success edge, and half of them loop.
 */
function loopingFlow(): FlowDocument {
  const doc = miniFlow();
  const lookup = doc.nodes.find((n) => n.id === 'lookup')!;
  lookup.data = { tool: 'lookupOrder', args: ['order'], mock: { mode: 'error_rate', rate: 0.5, result: { status: 'shipped' } } };
  doc.nodes.push(
    { id: 'm1', type: 'message', position: { x: 0, y: 0 }, data: { text: 'Let me try that again.' } },
    { id: 'm2', type: 'message', position: { x: 0, y: 0 }, data: { text: 'Still trying.' } },
  );
  doc.edges = doc.edges.filter((e) => !(e.source === 'lookup' && e.sourceHandle === 'error'));
  doc.edges.push(
    { id: 'into-loop', source: 'lookup', target: 'm1', sourceHandle: 'error' },
    { id: 'l1', source: 'm1', target: 'm2' },
    { id: 'l2', source: 'm2', target: 'm1' },
  );
  return doc;
}

let pool: WorkerPool | undefined;
let client: StressClient | undefined;
afterEach(() => {
  pool?.dispose();
  client?.dispose();
  pool = client = undefined;
});

describe('looping flows', () => {
  it('are refused by the client before any worker runs them', async () => {
    client = createStressClient({ createWorker: () => { throw new Error('no worker should start'); } });
    const r = await client.runBatch({ flow: loopingFlow(), personas: ['impatient'], n: 5, seed: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('FS104');
      expect(r.error.message).toMatch(/FS007/);
    }
  });

  it('end as loop_detected by the step budget in the worker, long before the watchdog', async () => {
    // A watchdog far longer than the test: if the engine did not stop the loop, the test would time out.
    pool = createWorkerPool({ size: 1, conversationTimeoutMs: 60_000 });
    const flow = loopingFlow();
    const results: ConversationResult[] = [];
    const started = performance.now();
    const batch = pool.submit({
      flow,
      flowHash: flowHash(flow),
      jobs: Array.from({ length: 40 }, (_, index) => ({ flowHash: flowHash(flow), persona: 'typo-prone' as const, seed: 3, index })),
      onResult: (c) => results.push(c),
    });
    await batch.done;
    expect(results).toHaveLength(40);
    const outcomes = new Set(results.map((c) => c.outcome));
    expect(outcomes.has('loop_detected')).toBe(true);
    expect(outcomes.has('error')).toBe(false);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
