/**
 * The command line's memory against the number of conversations (issue 11): `flowstress run --json` over
 * 1,000, 10,000 and 100,000 conversations, the full report (transcripts included) piped to /dev/null.
 * Each size runs in its own process under /usr/bin/time, which reports the peak resident set (threads
 * included). Flat means the peak does not grow with the number of conversations.
 *
 *   npx tsx test/bench/cli-memory.bench.ts [--sizes 1000,10000,100000]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const FLOW = resolve(ROOT, 'demo/flows/order-tracking-fixed.json');

export interface CliMemoryRow {
  conversations: number;
  seconds: number;
  peakRssMB: number;
  perSecond: number;
  exitCode: number | null;
}

export function benchCliMemory(sizes = [1_000, 10_000, 100_000], persona = 'impatient'): CliMemoryRow[] {
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time is needed to read the peak memory (apt-get install time)');
  const rows: CliMemoryRow[] = [];
  for (const n of sizes) {
    const cmd = `/usr/bin/time -f '%M %e' node --import tsx src/cli/main.ts run ${JSON.stringify(FLOW)} --persona ${persona} --n ${n} --seed 1 --json > /dev/null`;
    const r = spawnSync('bash', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
    const last = r.stderr.trim().split('\n').at(-1) ?? '';
    const [kb, secs] = last.split(' ').map(Number);
    rows.push({ conversations: n, seconds: secs, peakRssMB: Math.round(kb / 1024), perSecond: Math.round(n / secs), exitCode: r.status });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--sizes');
  const sizes = i > 0 ? process.argv[i + 1].split(',').map(Number) : undefined;
  console.table(benchCliMemory(sizes));
}
