/**
 * A batch that asks for every core (a Confirm the designer waits on) grows the pool past its usual size for
 * as long as it has work, and the extra workers retire afterwards, so ordinary runs keep the half-the-cores
 * policy. Real module workers in Chromium.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flowHash } from '../../src/core/flow/hash.ts';
import { parseFlow } from '../../src/core/flow/index.ts';
import type { FlowDocument } from '../../src/core/flow/types.ts';
import { compileFlow } from '../../src/core/runtime/compile.ts';
import { simulateConversation } from '../../src/core/simulate/conversation.ts';
import { createWorkerPool, type WorkerPool } from '../../src/worker/create-worker-pool.ts';
import { createStressClient } from '../../src/worker/create-stress-client.ts';
import type { StressClient } from '../../src/worker/types.ts';
import { miniFlow } from '../fixtures/mini-flow.ts';

const flow: FlowDocument = (() => {
  const parsed = parseFlow(miniFlow());
  if (!parsed.ok) throw new Error('fixture flow does not parse');
  return parsed.flow;
})();

let pool: WorkerPool | undefined;
let client: StressClient | undefined;
afterEach(() => {
  pool?.dispose();
  client?.dispose();
  pool = client = undefined;
});

const jobs = (n: number) => Array.from({ length: n }, (_, index) => ({ flowHash: flowHash(flow), persona: 'elderly' as const, seed: 1, index, lean: true }));

describe('pool bursts for batches that ask for every core', () => {
  it('uses up to maxSize workers while such a batch has work, then goes back to its size', async () => {
    pool = createWorkerPool({ size: 1, maxSize: 2, retireIdleMs: 300 });
    await pool.warm();
    expect(pool.workerCount).toBe(1);
    let peak = 0;
    const p = pool;
    const batch = p.submit({ flow, flowHash: flowHash(flow), jobs: jobs(200), workers: 8, onResult: () => (peak = Math.max(peak, p.workerCount)) });
    await batch.done;
    expect(peak).toBe(2);
    // The extra worker stays a moment for the next burst (a Confirm's second step reuses it), then goes.
    expect(p.workerCount).toBe(2);
    await new Promise((r) => setTimeout(r, 500));
    expect(p.workerCount).toBe(1);

    // An ordinary batch stays on the pool's size.
    peak = 0;
    await p.submit({ flow, flowHash: flowHash(flow), jobs: jobs(60), onResult: () => (peak = Math.max(peak, p.workerCount)) }).done;
    expect(peak).toBe(1);
  });

  it('gives the same customers through the client with allCores, lean, from a start index', async () => {
    client = createStressClient({ poolSize: 1, maxPoolSize: 2 });
    const reply = await client.runBatch({ flow, personas: ['typo-prone'], n: 40, seed: 6, startIndex: 5, transcripts: false, allCores: true });
    if (!reply.ok) throw new Error(reply.error.message);
    const compiled = compileFlow(flow, flowHash(flow));
    const expected = Array.from({ length: 40 }, (_, i) => ({ ...simulateConversation(compiled, 'typo-prone', 6, 5 + i), turns: [] }));
    expect(JSON.stringify(reply.result.results[0].conversations)).toBe(JSON.stringify(expected));
  });
});
