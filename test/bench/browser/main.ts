/**
 * The browser bench page: driven by test/bench/browser-bench.ts through `window.flowstressBench`. Every
 * figure is measured here, in the page, with `performance.now()`; the driver only sequences the steps.
 */
import type { FlowDocument } from '../../../src/core/flow/types.ts';
import type { PersonaId } from '../../../src/core/personas/types.ts';
import { comparePaired } from '../../../src/core/score/compare.ts';
import { runConfirm } from '../../../src/store/confirm.ts';
import { createStressClient } from '../../../src/worker/create-stress-client.ts';
import type { StressClient } from '../../../src/worker/types.ts';
import { miniFlow } from '../../fixtures/mini-flow.ts';

export interface BenchPageOptions {
  poolSize?: number;
  persona?: PersonaId;
}

export interface Stats {
  samples: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export interface LongTaskStats {
  count: number;
  longestMs: number;
}

// Globs resolve at build time and give {} when nothing matches, so a missing example flow or history bench
// is a fallback, not a broken page.
const demoFlows = import.meta.glob<FlowDocument>('../../../demo/flows/*.json', { eager: true, import: 'default' });
const historyBench = import.meta.glob<(factory?: IDBFactory) => Promise<unknown>>('../history.bench.ts', { import: 'benchHistory' });

/** The Confirm's "after": the fixed example when present (a real fix of the draft), else the same flow. */
function pickFixedFlow(fallback: FlowDocument): { name: string; flow: FlowDocument } {
  const entry = Object.entries(demoFlows).find(([path]) => path.endsWith('/order-tracking-fixed.json'));
  return entry ? { name: entry[0].replace(/^.*\//, ''), flow: entry[1] } : { name: 'same flow', flow: fallback };
}

function pickFlow(): { name: string; flow: FlowDocument } {
  const entries = Object.entries(demoFlows).sort(([a], [b]) => a.localeCompare(b));
  const preferred = entries.find(([path]) => path.endsWith('/order-tracking-draft.json')) ?? entries[0];
  if (preferred) return { name: preferred[0].replace(/^.*\//, ''), flow: preferred[1] };
  return { name: 'test/fixtures/mini-flow.ts', flow: miniFlow() };
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank percentiles: with 20 samples p95 is the 19th value.
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  const round = (x: number) => Math.round(x * 10) / 10;
  return { samples: sorted.length, median: round(rank(0.5)), p95: round(rank(0.95)), min: round(sorted[0]), max: round(sorted[sorted.length - 1]) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function createBench() {
  const { name: flowName, flow } = pickFlow();
  const longTasks: { start: number; end: number }[] = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: reported as count -1 below.
  }
  const longTasksBetween = (t0: number, t1: number): LongTaskStats => {
    const hits = longTasks.filter((t) => t.start < t1 && t.end > t0);
    return { count: hits.length, longestMs: Math.round(Math.max(0, ...hits.map((t) => t.end - t.start))) };
  };
  let client: StressClient | undefined;
  let options: BenchPageOptions = {};
  const persona = (): PersonaId => options.persona ?? 'typo-prone';

  async function timed50(c: StressClient, seed: number): Promise<number> {
    const t0 = performance.now();
    const reply = await c.runBatch({ flow, personas: [persona()], n: 50, seed });
    const ms = performance.now() - t0;
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    if (reply.result.results[0].conversations.length !== 50) throw new Error('incomplete batch');
    return ms;
  }

  return {
    flowName,
    flowNodes: flow.nodes.length,
    hardwareConcurrency: navigator.hardwareConcurrency,

    configure(next: BenchPageOptions) {
      options = next;
    },

    /** One small batch so the dev server has transformed every module the worker needs. */
    async prime() {
      const c = createStressClient({ poolSize: options.poolSize });
      await timed50(c, 0);
      c.dispose();
    },

    /** First run of a fresh client in this page: worker start, flow load and the batch. Then reps of new clients. */
    async cold(reps: number) {
      const first = createStressClient({ poolSize: options.poolSize });
      const t0 = performance.now();
      const firstMs = await timed50(first, 0);
      const lt = longTasksBetween(t0, performance.now());
      first.dispose();
      const samples: number[] = [];
      const startup: number[] = [];
      for (let i = 0; i < reps; i++) {
        await sleep(50);
        const c = createStressClient({ poolSize: options.poolSize });
        samples.push(await timed50(c, i + 1));
        c.dispose();
        await sleep(50);
        const w = createStressClient({ poolSize: options.poolSize });
        const s0 = performance.now();
        await w.warm();
        startup.push(performance.now() - s0);
        w.dispose();
      }
      return { firstInPageMs: Math.round(firstMs), newClient: stats(samples), workerReady: stats(startup), longTasks: lt };
    },

    /** 50 conversations on warm workers, `reps` times, request to scored result. */
    async warm(reps: number) {
      client?.dispose();
      client = createStressClient({ poolSize: options.poolSize });
      await client.warm();
      await timed50(client, 999); // loads the flow into every worker
      await sleep(100);
      const t0 = performance.now();
      const samples: number[] = [];
      for (let i = 0; i < reps; i++) {
        samples.push(await timed50(client, 1000 + i));
        // A user does not click twice in the same frame; let the page breathe between runs like a real one.
        await sleep(20);
      }
      return { ...stats(samples), longTasks: longTasksBetween(t0, performance.now()) };
    },

    /** `n` conversations on the warm pool: total time and time to the first result. */
    async big(n: number, reps: number) {
      if (!client) throw new Error('run warm() first');
      const totals: number[] = [];
      const firsts: number[] = [];
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) {
        let first = 0;
        const s = performance.now();
        const reply = await client.runBatch(
          { flow, personas: [persona()], n, seed: 5000 + i },
          { onProgress: () => (first ||= performance.now() - s) },
        );
        totals.push(performance.now() - s);
        firsts.push(first);
        if (!reply.ok || reply.result.results[0].conversations.length !== n) throw new Error('incomplete big batch');
        await sleep(100);
      }
      return { n, total: stats(totals), firstResult: stats(firsts), longTasks: longTasksBetween(t0, performance.now()) };
    },

    /**
     * A Confirm of `customers` paired customers, as the panel runs it (runConfirm: the pilot of 100 on both
     * drafts, then the rest, lean results, the paired verdicts): the draft against the fixed example, click
     * to verdicts. `reps` times on the warm pool.
     */
    async confirm(customers: number, reps: number, allCores = true) {
      if (!client) throw new Error('run warm() first');
      const after = pickFixedFlow(flow);
      const totals: number[] = [];
      const t0 = performance.now();
      let verdict = '';
      for (let i = 0; i < reps; i++) {
        const s = performance.now();
        const result = await runConfirm({ client, before: flow, after: after.flow, persona: persona(), seed: 9000 + i, comparePaired, customers, allCores });
        totals.push(performance.now() - s);
        if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
        if (result.customers !== customers) throw new Error('the Confirm did not run the customers asked for');
        verdict = `completion ${result.metrics.completion.verdict}, fallback rate ${result.metrics.fallbackRate.verdict}`;
        await sleep(100);
      }
      return {
        customers,
        conversations: 2 * customers,
        allCores,
        after: after.name,
        verdict,
        total: stats(totals),
        // The first includes starting the extra worker (all cores) and loading the fixed flow into the pool.
        runs: totals.map((t) => Math.round(t)),
        longTasks: longTasksBetween(t0, performance.now()),
      };
    },

    /** Abort a 1,000-conversation run after `afterMs`: how long until runBatch resolves, and until the next run can start. */
    async cancel(afterMs: number, reps: number) {
      if (!client) throw new Error('run warm() first');
      const acks: number[] = [];
      const nextRun: number[] = [];
      for (let i = 0; i < reps; i++) {
        const controller = new AbortController();
        const pending = client.runBatch({ flow, personas: [persona()], n: 1000, seed: 7000 + i }, { signal: controller.signal });
        await sleep(afterMs);
        const a = performance.now();
        controller.abort();
        const reply = await pending;
        acks.push(performance.now() - a);
        if (!reply.ok || reply.result.status !== 'cancelled') throw new Error('cancel did not cancel');
        nextRun.push(await timed50(client, 8000 + i));
        await sleep(50);
      }
      return { ack: stats(acks), next50AfterCancel: stats(nextRun) };
    },

    /** Blocks the main thread for 80 ms once: proves the long-task observer sees tasks, so "0 long tasks" means none. */
    async probeLongTasks() {
      const t0 = performance.now();
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          const end = performance.now() + 80;
          while (performance.now() < end) {
            // Deliberately busy.
          }
          resolve();
        }),
      );
      await sleep(200);
      return longTasksBetween(t0, performance.now());
    },

    /** Real-IndexedDB figures from test/bench/history.bench.ts, when that bench exists. */
    async history() {
      const load = historyBench['../history.bench.ts'];
      if (!load) return { skipped: 'test/bench/history.bench.ts not found' };
      const benchHistory = await load();
      return benchHistory(indexedDB);
    },

    dispose() {
      client?.dispose();
      client = undefined;
    },
  };
}

export type BenchPage = ReturnType<typeof createBench>;

declare global {
  interface Window {
    flowstressBench?: BenchPage;
  }
}

window.flowstressBench = createBench();
document.getElementById('status')!.textContent = 'ready';
