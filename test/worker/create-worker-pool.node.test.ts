import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../src/core/flow/types.ts';
import type { ConversationResult } from '../../src/core/simulate/types.ts';
import { createWorkerPool, type WorkerPool, type WorkerPoolOptions } from '../../src/worker/create-worker-pool.ts';
import type { WorkerJob, WorkerResult } from '../../src/worker/types.ts';

// The pool's bookkeeping (dispatch limits, retries, watchdog, cancel, healing) against fake workers over
// MessageChannels: fast and deterministic. The same behaviours with real workers and the real engine are
// covered in stress-client.browser.test.ts.

type Behaviour = 'ok' | 'hang' | 'crash' | 'slow';

/** A Worker look-alike: comlink over a MessageChannel, `error` events on demand, terminate() closes the ports. */
class FakeWorker extends EventTarget {
  readonly port: MessagePort;
  terminated = false;
  /** Most runs started and not yet answered at once. */
  peak = 0;
  runs: number[] = [];
  private active = 0;
  private readonly inner: MessagePort;

  constructor(behaviour: (job: WorkerJob) => Behaviour) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.inner = port1;
    this.port = port2;
    const api = {
      ping: () => 'pong' as const,
      load: (flow: FlowDocument): WorkerResult<{ hash: string }> => ({ ok: true, value: { hash: flow.id } }),
      run: (job: WorkerJob): Promise<WorkerResult<ConversationResult>> | WorkerResult<ConversationResult> => {
        this.runs.push(job.index);
        const b = behaviour(job);
        if (b === 'hang') return new Promise(() => undefined);
        if (b === 'crash') {
          setTimeout(() => this.dispatchEvent(new Event('error', { cancelable: true })), 1);
          return new Promise(() => undefined);
        }
        const reply = { ok: true as const, value: fakeResult(job) };
        if (b !== 'slow') return reply;
        this.peak = Math.max(this.peak, ++this.active);
        return new Promise((r) => setTimeout(() => (this.active--, r(reply)), 20));
      },
    };
    Comlink.expose(api, port1 as unknown as Comlink.Endpoint);
    port2.addEventListener('message', (e) => {
      this.dispatchEvent(new MessageEvent('message', { data: (e as MessageEvent).data }));
    });
    port2.start();
  }

  postMessage(data: unknown, transfer?: Transferable[]): void {
    if (this.terminated) return;
    this.port.postMessage(data, transfer ?? []);
  }

  terminate(): void {
    this.terminated = true;
    this.port.close();
    this.inner.close();
  }
}

function fakeResult(job: WorkerJob): ConversationResult {
  return {
    index: job.index, persona: job.persona, seed: job.seed, outcome: 'completed', lastNodeId: 'end', goal: null,
    turns: [], customerTurns: 1, fallbacks: 0, digressions: [], recovered: null, path: ['start', 'end'],
  };
}

const flow = { id: 'flow-1' } as FlowDocument;
const jobs = (n: number): WorkerJob[] => Array.from({ length: n }, (_, index) => ({ flowHash: 'flow-1', persona: 'impatient', seed: 1, index }));

const pools: WorkerPool[] = [];
function pool(plan: (k: number) => (job: WorkerJob) => Behaviour, options: WorkerPoolOptions = {}) {
  const workers: FakeWorker[] = [];
  const p = createWorkerPool({
    size: 1,
    conversationTimeoutMs: 100,
    ...options,
    createWorker: () => {
      const w = new FakeWorker(plan(workers.length));
      workers.push(w);
      return w as unknown as Worker;
    },
  });
  pools.push(p);
  return { pool: p, workers };
}
afterEach(() => {
  for (const p of pools.splice(0)) p.dispose();
});

async function runAll(p: WorkerPool, n: number) {
  const results: ConversationResult[] = [];
  await p.submit({ flow, flowHash: 'flow-1', jobs: jobs(n), onResult: (r) => results.push(r) }).done;
  return results.sort((a, b) => a.index - b.index);
}

describe('createWorkerPool', () => {
  it('starts workers lazily, up to the size, and reuses them across batches', async () => {
    const { pool: p, workers } = pool(() => () => 'ok', { size: 3 });
    expect(workers).toHaveLength(0);
    expect(await runAll(p, 2)).toHaveLength(2);
    expect(workers).toHaveLength(1); // two jobs fit in one worker's two slots
    expect(await runAll(p, 40)).toHaveLength(40);
    expect(workers).toHaveLength(3);
    expect(await runAll(p, 40)).toHaveLength(40);
    expect(workers).toHaveLength(3);
  });

  it('keeps at most two conversations in flight per worker', async () => {
    const { pool: p, workers } = pool(() => () => 'slow', { size: 2 });
    const results = await runAll(p, 20);
    expect(results.map((r) => r.index)).toEqual(jobs(20).map((j) => j.index));
    expect(workers).toHaveLength(2);
    for (const w of workers) expect(w.peak).toBe(2);
  });

  it('warm() starts every worker and resolves when they answer', async () => {
    const { pool: p, workers } = pool(() => () => 'ok', { size: 2 });
    await p.warm();
    expect(workers).toHaveLength(2);
    expect(p.workerCount).toBe(2);
  });

  it('retries the conversations of a crashed worker once, on a fresh worker', async () => {
    const { pool: p, workers } = pool((k) => (job) => (k === 0 && job.index === 3 ? 'crash' : 'ok'));
    const results = await runAll(p, 10);
    expect(results.map((r) => r.outcome)).toEqual(Array(10).fill('completed'));
    expect(workers[0].terminated).toBe(true);
    expect(workers.length).toBe(2);
  });

  it('records FS251 when the retry crashes too, and blames only the culprit', async () => {
    const { pool: p } = pool(() => (job) => (job.index === 3 ? 'crash' : 'ok'));
    const results = await runAll(p, 10);
    expect(results.filter((r) => r.outcome === 'error').map((r) => [r.index, r.error?.code])).toEqual([[3, 'FS251']]);
  });

  it('terminates a hung worker (FS252) and keeps the others going', async () => {
    const { pool: p, workers } = pool(() => (job) => (job.index === 5 ? 'hang' : 'ok'), { size: 2 });
    const results = await runAll(p, 30);
    expect(results).toHaveLength(30);
    expect(results.filter((r) => r.outcome === 'error').map((r) => [r.index, r.error?.code])).toEqual([[5, 'FS252']]);
    expect(workers.filter((w) => w.terminated).length).toBe(2);
    expect(p.workerCount).toBe(2); // healed
  });

  it('cancel resolves at once, dispatches nothing more and replaces a worker that stays busy', async () => {
    const { pool: p, workers } = pool((k) => (job) => (k === 0 && job.index === 4 ? 'hang' : 'ok'), { conversationTimeoutMs: 10_000, cancelGraceMs: 30 });
    let count = 0;
    const batch = p.submit({ flow, flowHash: 'flow-1', jobs: jobs(100), onResult: () => count++ });
    await new Promise((r) => setTimeout(r, 30));
    const runsBefore = workers[0].runs.length;
    batch.cancel();
    await batch.done;
    const seen = count;
    await new Promise((r) => setTimeout(r, 80));
    expect(count).toBe(seen);
    expect(workers[0].runs.length).toBeLessThanOrEqual(runsBefore + 1);
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(await runAll(p, 5)).toHaveLength(5);
  });

  it('dispose settles pending batches and terminates every worker', async () => {
    const { pool: p, workers } = pool(() => () => 'hang', { conversationTimeoutMs: 10_000 });
    const batch = p.submit({ flow, flowHash: 'flow-1', jobs: jobs(4), onResult: () => undefined });
    await new Promise((r) => setTimeout(r, 20));
    p.dispose();
    await batch.done;
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('a failing worker start fails the queued work with FS250 instead of respawning forever', async () => {
    const workers: EventTarget[] = [];
    const p = createWorkerPool({
      size: 1,
      createWorker: () => {
        const w = Object.assign(new EventTarget(), { postMessage: () => undefined, terminate: () => undefined });
        setTimeout(() => w.dispatchEvent(new Event('error', { cancelable: true })), 1);
        workers.push(w);
        return w as unknown as Worker;
      },
    });
    pools.push(p);
    const codes: string[] = [];
    await p.submit({ flow, flowHash: 'flow-1', jobs: jobs(3), onResult: (r) => codes.push(r.error?.code ?? '') }).done;
    expect(codes).toEqual(['FS250', 'FS250', 'FS250']);
    expect(workers.length).toBe(2);
  });
});
