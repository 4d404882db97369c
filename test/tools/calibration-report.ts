/**
 * Prints the calibration curves: first-turn router error of the real customer messages and of each persona at
 * 2 / 5 / 15 training phrases, pooled over the tuning domains, the held-out domains and all, plus per domain.
 * Usage: npx tsx test/tools/calibration-report.ts [conversations per flow, default 240]
 */
import { HELD_OUT, measure, pooled, TUNING, type CalibrationRow } from '../calibration/calibration.ts';
import { PERSONA_IDS } from '../../src/core/personas/types.ts';
import { understandFlow } from '../../src/core/language/understand.ts';
import { compileFlow } from '../../src/core/runtime/compile.ts';
import { calibrationFlow, DOMAINS } from '../calibration/calibration.ts';

const n = Number(process.argv[2] ?? 240);
const pct = (x: number) => `${Math.round(x * 100)}%`;

function table(title: string, rows: CalibrationRow[]): void {
  console.log(`\n${title}\n`);
  console.log(`| phrases | real customers | ${PERSONA_IDS.join(' | ')} | out-of-scope accepted |`);
  console.log(`|---|---|${PERSONA_IDS.map(() => '---').join('|')}|---|`);
  for (const [k, p] of pooled(rows)) {
    console.log(`| ${k} | ${pct(p.real.rate)} | ${PERSONA_IDS.map((id) => `${pct(p.personas[id].rate)}`).join(' | ')} | ${pct(p.oos.rate)} |`);
  }
}

if (process.argv.includes('--mapping')) {
  for (const d of DOMAINS) for (const k of [2, 5, 15]) {
    const lang = understandFlow(compileFlow(calibrationFlow(d, k)));
    console.log(`${d} @${k} domain=${lang.domain} (${lang.domainSource})`);
    for (const i of lang.intents.values()) console.log(`  ${i.intent.padEnd(26)} ${i.source.padEnd(9)} ${(i.meaning ? `${i.meaning.domain}/${i.meaning.id}` : '').padEnd(44)} ${i.confidence}`);
  }
} else {
  const rows = measure([...TUNING, ...HELD_OUT], n);
  table(`Tuning domains (${TUNING.join(', ')})`, rows.filter((r) => TUNING.includes(r.domain)));
  table(`Held-out domains, never tuned to (${HELD_OUT.join(', ')})`, rows.filter((r) => HELD_OUT.includes(r.domain)));
  table('All domains', rows);
  console.log('\nPer domain (real / impatient / typo-prone / non-native / elderly; intents worded by hold-out)\n');
  for (const r of rows) {
    console.log(`${r.domain.padEnd(16)} @${String(r.phrases).padEnd(2)} ${pct(r.real.rate).padStart(4)} / ${PERSONA_IDS.map((p) => pct(r.personas[p].rate).padStart(4)).join(' / ')}  held-out intents: ${r.estimated}`);
  }
}
