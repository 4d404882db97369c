/**
 * Prints the README's before/after table: the first-draft and the fixed order-tracking flows on the same
 * customers (same seed), per persona, with the paired verdict and the node the draft report blames most.
 *   npx tsx test/tools/before-after.ts [n] [seed]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseFlow } from '../../src/core/flow/index.ts';
import { PERSONA_IDS, PERSONA_LABELS } from '../../src/core/personas/types.ts';
import { compileFlow } from '../../src/core/runtime/compile.ts';
import { comparePaired } from '../../src/core/score/compare.ts';
import { summarizeRun } from '../../src/core/score/summarize.ts';
import type { Rate } from '../../src/core/score/types.ts';
import { simulateBatch } from '../../src/core/simulate/batch.ts';

const n = Number(process.argv[2] ?? 200);
const seed = Number(process.argv[3] ?? 1);
const load = (name: string) => {
  const r = parseFlow(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../demo/flows', `${name}.json`), 'utf8')));
  if (!r.ok) throw new Error(`${name} does not parse`);
  return r.flow;
};
const draftDoc = load('order-tracking-draft');
const fixedDoc = load('order-tracking-fixed');
const draft = compileFlow(draftDoc);
const fixed = compileFlow(fixedDoc);
const pct = (r: Rate | null) => (r ? `${Math.round(r.value * 100)}%` : 'n/a');
const verdict = { improved: 'improved', worse: 'worse', no_significant_change: 'no sig. change' } as const;

console.log(`n = ${n} conversations per persona and flow, seed ${seed}\n`);
console.log('| Persona | Completion | Fallback rate | Off-topic recovery | Draft outcomes (not completed) | Blamed first in the draft report |');
console.log('|---|---|---|---|---|---|');
for (const p of PERSONA_IDS) {
  const b = simulateBatch(draft, p, n, seed);
  const a = simulateBatch(fixed, p, n, seed);
  const sb = summarizeRun(p, n, seed, b, { flow: draftDoc });
  const sa = summarizeRun(p, n, seed, a, { flow: fixedDoc });
  const cell = (m: 'completion' | 'fallbackRate' | 'offTopicRecovery') => {
    const before = m === 'offTopicRecovery' ? sb.scores.offTopicRecovery : sb.scores[m];
    const after = m === 'offTopicRecovery' ? sa.scores.offTopicRecovery : sa.scores[m];
    return `${pct(before)} → **${pct(after)}** (${verdict[comparePaired(b, a, m).verdict]})`;
  };
  const failed = Object.entries(sb.outcomes).filter(([o, k]) => o !== 'completed' && k > 0).map(([o, k]) => `${o} ${k}`).join(', ');
  const top = sb.clusters[0];
  console.log(`| ${PERSONA_LABELS[p]} | ${cell('completion')} | ${cell('fallbackRate')} | ${cell('offTopicRecovery')} | ${failed || 'none'} | ${top ? `\`${top.nodeId}\` (${top.count} ${top.outcome})` : 'none'} |`);
}
