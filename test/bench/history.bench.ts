/**
 * History benchmark: saving a realistic 50-conversation run (one readwrite transaction, ~12 turns per
 * conversation), listing a flow with 1,000 runs (with version labels), and its first page of 50.
 * Targets: perf-reliability.md G6 (save W50 <= 50 ms p95; a page of the list <= 100 ms). Figures are
 * measurements, never assertions.
 *
 * Standalone in node (fake-indexeddb, so it measures our code and idb, not a browser's disk):
 *   npx tsx test/bench/history.bench.ts
 * In a real-Chromium page: `await benchHistory(indexedDB)`.
 */
import { createHistory } from '../../src/history/create-history.ts';
import type { HistoryExport, HistoryRepository, RunRecord } from '../../src/history/types.ts';
import type { PersonaId } from '../../src/core/personas/types.ts';
import { createRunFactory } from '../fixtures/history/make-run.ts';

export interface Timing {
  median: number;
  p95: number;
}

const SAVE_ITERATIONS = 30;
const LIST_ITERATIONS = 20;
const WARMUP = 3;
const PERSONAS: PersonaId[] = ['impatient', 'typo-prone', 'non-native', 'elderly'];

function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest-rank percentiles.
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const round = (v: number) => Math.round(v * 100) / 100;
  return { median: round(at(0.5)), p95: round(at(0.95)) };
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
  await new Promise<void>((resolve) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/**
 * Measures save and list on `factory` (default the global `indexedDB`; in node without one,
 * fake-indexeddb is loaded). Uses throwaway databases and deletes them afterwards.
 */
export async function benchHistory(factory?: IDBFactory): Promise<{ save50Ms: Timing; list1000Ms: Timing; page50Of1000Ms: Timing }> {
  if (!factory && typeof indexedDB === 'undefined') {
    // Through a variable: browsers always have indexedDB, so bundlers must not pull the fake into a page.
    const fake = 'fake-indexeddb/auto';
    await import(/* @vite-ignore */ fake);
  }
  const idb = factory ?? indexedDB;
  const make = createRunFactory();
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const names = [`flowstress-bench-save-${stamp}`, `flowstress-bench-list-${stamp}`];
  const open = async (name: string): Promise<HistoryRepository> => {
    const history = await createHistory({ name, indexedDB: idb });
    if (history.mode !== 'indexeddb') throw new Error(`benchHistory: IndexedDB unavailable (mode ${history.mode})`);
    return history;
  };

  // Save: a fresh run id each time, 50 conversations of 12 turns (~4 KB each), one transaction.
  const saveSamples: number[] = [];
  const saver = await open(names[0]);
  try {
    for (let i = 0; i < WARMUP + SAVE_ITERATIONS; i++) {
      const run = make.run({ persona: PERSONAS[i % 4] });
      const transcripts = make.transcripts(50, { persona: run.persona, turns: 12, seed: run.seed });
      const ms = await time(() => saver.saveRun(run, transcripts));
      if (i >= WARMUP) saveSamples.push(ms);
    }
  } finally {
    saver.close();
  }

  // List: 1,000 runs of one flow (4 personas, a new flow version every 25 runs), written by one import.
  const listSamples: number[] = [];
  const pageSamples: number[] = [];
  const lister = await open(names[1]);
  try {
    const runs: RunRecord[] = [];
    for (let i = 0; i < 1000; i++) runs.push(make.run({ persona: PERSONAS[i % 4], flowHash: `hash-${Math.floor(i / 25)}`, hasTranscripts: false }));
    const file: HistoryExport = { format: 'flowstress-history', version: 1, exportedAt: Date.now(), runs, transcripts: {} };
    await lister.importAll(file);
    for (let i = 0; i < WARMUP + LIST_ITERATIONS; i++) {
      let count = 0;
      const ms = await time(async () => {
        count = (await lister.listRuns('flow-a')).length;
      });
      if (count !== 1000) throw new Error(`benchHistory: listed ${count} runs, expected 1000`);
      if (i >= WARMUP) listSamples.push(ms);
    }
    // The history table's first page: 50 newest runs, labels still computed over all 1,000.
    for (let i = 0; i < WARMUP + LIST_ITERATIONS; i++) {
      const ms = await time(() => lister.listRuns('flow-a', { limit: 50 }));
      if (i >= WARMUP) pageSamples.push(ms);
    }
  } finally {
    lister.close();
  }

  for (const name of names) await deleteDatabase(idb, name);
  return { save50Ms: summarize(saveSamples), list1000Ms: summarize(listSamples), page50Of1000Ms: summarize(pageSamples) };
}

// Standalone: `npx tsx test/bench/history.bench.ts` (not when imported by run.ts or a browser page).
const argv = (globalThis as { process?: { argv?: string[] } }).process?.argv;
if (argv?.[1]?.replace(/\\/g, '/').endsWith('test/bench/history.bench.ts')) {
  const result = await benchHistory();
  console.log('History (fake-indexeddb in node), ms:');
  console.table(result);
}
