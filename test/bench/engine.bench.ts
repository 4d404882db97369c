import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseFlow } from '../../src/core/flow/index.ts';
import type { FlowDocument } from '../../src/core/flow/types.ts';
import { PERSONA_IDS, type PersonaId } from '../../src/core/personas/types.ts';
import { compileFlow } from '../../src/core/runtime/compile.ts';
import { summarizeRun } from '../../src/core/score/summarize.ts';
import { simulateConversation } from '../../src/core/simulate/conversation.ts';

export interface EngineBenchRow {
  flow: string;
  persona: PersonaId;
  conversations: number;
  /** Conversations per second on one core (this process is single-threaded). */
  perSecond: number;
  /** Mean customer turns per conversation. */
  turns: number;
  /** Heap growth per 1,000 conversations kept in memory (transcripts included), MB; strings are shared. */
  heapMBPer1000: number;
  /** Serialized transcript size (what crosses postMessage and goes to IndexedDB), kB per conversation. */
  jsonKB: number;
}

const flowsDir = resolve(import.meta.dirname, '../../demo/flows');

export function loadExampleFlows(): { file: string; doc: FlowDocument }[] {
  return readdirSync(flowsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const r = parseFlow(JSON.parse(readFileSync(resolve(flowsDir, file), 'utf8')));
      if (!r.ok) throw new Error(`${file}: ${r.findings.map((x) => x.message).join('; ')}`);
      return { file: file.replace(/\.json$/, ''), doc: r.flow };
    });
}

/** Engine throughput per persona and flow, in-process on one core. */
export function benchEngine(conversations = 2000): EngineBenchRow[] {
  const rows: EngineBenchRow[] = [];
  for (const { file, doc } of loadExampleFlows()) {
    const flow = compileFlow(doc);
    for (const persona of PERSONA_IDS) {
      for (let i = 0; i < 50; i++) simulateConversation(flow, persona, 99, i); // warm the JIT
      // Run with --expose-gc (npm run bench does): the heap figure is then retained memory, not GC noise.
      globalThis.gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      const kept = [];
      let turns = 0;
      for (let i = 0; i < conversations; i++) {
        const c = simulateConversation(flow, persona, 1, i);
        turns += c.customerTurns;
        kept.push(c);
      }
      summarizeRun(persona, conversations, 1, kept);
      const ms = performance.now() - t0;
      globalThis.gc?.();
      const heapMB = (process.memoryUsage().heapUsed - heap0) / 1e6;
      rows.push({
        flow: file,
        persona,
        // Read after the measurement so the transcripts are still alive (retained) when the heap is read.
        conversations: kept.length,
        perSecond: Math.round((conversations / ms) * 1000),
        turns: +(turns / conversations).toFixed(1),
        heapMBPer1000: +((heapMB / conversations) * 1000).toFixed(1),
        jsonKB: +(JSON.stringify(kept.slice(0, 200)).length / 200 / 1024).toFixed(1),
      });
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(benchEngine());
}
