/**
 * `npm run bench`: engine throughput (node, one core), history save/list (fake IndexedDB in node), and the
 * browser part (real Chromium: warm/cold 50-conversation batches, longest main-thread task, 1,000
 * conversations, real IndexedDB). Prints tables and writes test/bench/out/results.json.
 * Targets: ../shared/design/product.md §9. Figures are measurements, never assertions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchEngine } from './engine.bench.ts';

const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };

console.log('\n## Engine (node, single core): conversations per second');
const engine = benchEngine();
console.table(engine);
const slowest = Math.min(...engine.map((r) => r.perSecond));
console.log(`slowest flow/persona: ${slowest} conversations/s per core (target: thousands)`);
results.engine = engine;

try {
  const { benchHistory } = await import('./history.bench.ts');
  console.log('\n## History (fake-indexeddb in node; see the browser part for real IndexedDB)');
  const h = await benchHistory();
  console.table(h);
  results.historyNode = h;
} catch (e) {
  console.log(`history bench unavailable: ${(e as Error).message}`);
}

if (process.argv.includes('--no-cli')) {
  console.log('\n(CLI memory part skipped: --no-cli)');
} else {
  const { benchCliMemory } = await import('./cli-memory.bench.ts');
  console.log('\n## CLI memory: flowstress run --json, full report to /dev/null, peak resident set per process');
  const rows = benchCliMemory();
  console.table(rows);
  const peaks = rows.map((r) => r.peakRssMB);
  console.log(`peak memory ${Math.min(...peaks)}-${Math.max(...peaks)} MB from ${rows[0].conversations} to ${rows.at(-1)!.conversations} conversations (flat: it must not grow with the count)`);
  results.cliMemory = rows;
}

if (process.argv.includes('--no-browser')) {
  console.log('\n(browser part skipped: --no-browser)');
} else {
  const { runBrowserBench } = await import('./browser-bench.ts');
  console.log('\n## Browser (headless Chromium, real workers and IndexedDB)');
  // The production build is what hosts ship; the dev server serves the worker unbundled and starts slower.
  results.browser = await runBrowserBench({ server: 'preview' });
}

const out = resolve(import.meta.dirname, 'out');
mkdirSync(out, { recursive: true });
writeFileSync(resolve(out, 'results.json'), JSON.stringify(results, null, 2));
console.log(`\nwritten: ${resolve(out, 'results.json')}`);
