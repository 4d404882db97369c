/**
 * Defect report (issue 10): for each defect flow in test/fixtures/defect-flows, whether the expected score got
 * significantly worse for the personas the defect should hurt (paired McNemar on the same customers), and
 * whether the top-blamed node ("why this score", the heatmap's #1) is the defective node. Prints markdown.
 *   npx tsx test/tools/defect-report.ts [n=400] [seed=1]
 */
import { PERSONA_LABELS } from '../../src/core/personas/types.ts';
import type { Rate } from '../../src/core/score/types.ts';
import { defectCases } from '../fixtures/defect-flows/index.ts';
import { measureDefect } from '../fixtures/defect-flows/measure.ts';

const n = Number(process.argv[2] ?? 400);
const seed = Number(process.argv[3] ?? 1);
const METRIC_NAMES = { completion: 'Completion', fallbackRate: 'Fallback rate', offTopicRecovery: 'Off-topic recovery' } as const;
const pct = (r: Rate | null) => (r ? `${Math.round(r.value * 100)}%` : 'n/a');
const p = (x: number) => (x < 0.001 ? 'p<0.001' : `p=${x.toFixed(3)}`);
const yes = (b: boolean | null) => (b === null ? 'n/a' : b ? 'yes' : '**no**');

const t0 = performance.now();
console.log(`Defect flows: ${n} conversations per persona and flow, seed ${seed}, clean vs defective on the same customers.\n`);
console.log('| Defect | Expected score | Persona | Clean → defective | Moved? | Completion | Top-blamed node | Localised? | Worse at (vs clean) |');
console.log('|---|---|---|---|---|---|---|---|---|');
let detectedAll = 0;
let detectedAny = 0;
let localisedAll = 0;
let worseLocalisedAll = 0;
let localisable = 0;
const cases = defectCases();
for (const c of cases) {
  const rows = measureDefect(c, n, seed);
  rows.forEach((r, i) => {
    const first = i === 0;
    console.log(
      `| ${first ? `**${c.id}**: ${c.defect}` : ''} | ${first ? METRIC_NAMES[c.metric] : ''} | ${PERSONA_LABELS[r.persona]} | ${pct(r.clean)} → ${pct(r.defective)} (${r.paired.better}↑ ${r.paired.worse}↓, ${p(r.paired.pValue)}) | ${r.moved ? 'yes' : '**no**'} | ${c.metric === 'completion' ? 'same' : `${pct(r.completion.clean)} → ${pct(r.completion.defective)} (${p(r.completion.paired.pValue)})`} | \`${r.topBlamed ?? '-'}\` | ${yes(r.localised)} | \`${r.worseAt ?? '-'}\` ${r.worseLocalised === null ? '' : r.worseLocalised ? '(yes)' : '(no)'} |`,
    );
  });
  if (rows.every((r) => r.moved)) detectedAll++;
  if (rows.some((r) => r.moved)) detectedAny++;
  if (c.blame !== null) {
    localisable++;
    if (rows.every((r) => r.localised)) localisedAll++;
    if (rows.every((r) => r.worseLocalised)) worseLocalisedAll++;
  }
  if (c.blameNote) console.log(`| | | | | | | _${c.blameNote}_ | | |`);
}
console.log('');
console.log(`- Detected (expected score significantly worse) for every persona it should hurt: **${detectedAll} of ${cases.length}**; for at least one: ${detectedAny} of ${cases.length}.`);
console.log(`- Localised (top-blamed node is the defective node) for every persona: **${localisedAll} of ${localisable}** localisable defects; by "what got worse" against the clean run: ${worseLocalisedAll} of ${localisable}.`);
console.log(`- ${Math.round(performance.now() - t0)} ms.`);
