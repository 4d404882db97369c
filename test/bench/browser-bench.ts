/**
 * Browser benchmark: real module workers and real IndexedDB in headless Chromium, driven by playwright-core.
 * Serves the bench page in test/bench/browser/ (Vite dev server by default, or a production build with
 * `--preview`) and measures, in the page:
 * - 50 conversations on warm workers, request to scored result (median, p95 over ~20 runs);
 * - cold: the first run in a fresh page including worker start, and new clients after that;
 * - the longest main-thread task during the runs (PerformanceObserver 'longtask');
 * - 1,000 conversations: total time and time to the first result;
 * - a Confirm of 1,000 paired customers (2,000 conversations: the draft and its fix), click to verdicts;
 * - cancel: time from abort() to the settled promise;
 * - history save/list on real IndexedDB when test/bench/history.bench.ts exists.
 * Targets: ../shared/design/product.md §9. Figures are measurements, never assertions.
 *
 * Run: `npx tsx test/bench/browser-bench.ts [--preview] [--pool N] [--reps N]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build, createServer, preview, type InlineConfig } from 'vite';
import type { BenchPage, BenchPageOptions } from './browser/main.ts';

export interface BrowserBenchOptions {
  /** `dev`: Vite dev server (unbundled modules; cold figures are pessimistic). `preview`: production build. */
  server?: 'dev' | 'preview';
  /** Pin the pool size (default: the client's own, from hardwareConcurrency). */
  poolSize?: number;
  /** Warm 50-conversation repetitions (default 20). */
  reps?: number;
  /** Print the table (default true). */
  print?: boolean;
}

const repo = resolve(import.meta.dirname, '../..');
const pageRoot = resolve(import.meta.dirname, 'browser');
const chromiumArgs = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

type Step<K extends keyof BenchPage> = BenchPage[K] extends (...args: infer A) => infer R ? { args: A; result: Awaited<R> } : never;

async function call<K extends keyof BenchPage>(page: Page, name: K, ...args: Step<K>['args']): Promise<Step<K>['result']> {
  return page.evaluate(
    ([n, a]) => {
      const bench = window.flowstressBench as unknown as Record<string, (...x: unknown[]) => unknown>;
      return bench[n as string](...(a as unknown[]));
    },
    [name, args] as const,
  ) as Promise<Step<K>['result']>;
}

async function openBenchPage(browser: Awaited<ReturnType<typeof chromium.launch>>, url: string, options: BenchPageOptions): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`[bench page] ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[bench page] ${m.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => window.flowstressBench !== undefined, undefined, { timeout: 60_000 });
  await call(page, 'configure', options);
  return page;
}

/** Starts the server for the bench page; returns its URL and a stop function. */
async function serve(mode: 'dev' | 'preview'): Promise<{ url: string; stop: () => Promise<void> }> {
  const base: InlineConfig = {
    configFile: false,
    root: pageRoot,
    // Its own optimizer cache, so the bench never invalidates the one vitest uses.
    cacheDir: resolve(repo, 'node_modules/.vite-bench'),
    logLevel: 'warn',
    // Pre-bundle up front: a dependency first seen inside the worker would otherwise reload the page mid-run.
    optimizeDeps: { include: ['comlink', 'idb'] },
    worker: { format: 'es' },
    server: { host: '127.0.0.1', port: 5199, strictPort: false, hmr: false, fs: { allow: [repo] } },
    preview: { host: '127.0.0.1', port: 5198, strictPort: false },
  };
  if (mode === 'dev') {
    const server = await createServer(base);
    await server.listen();
    return { url: server.resolvedUrls!.local[0], stop: () => server.close() };
  }
  const outDir = mkdtempSync(resolve(tmpdir(), 'flowstress-bench-'));
  await build({ ...base, build: { outDir, emptyOutDir: true, reportCompressedSize: false } });
  const server = await preview({ ...base, build: { outDir } });
  return {
    url: server.resolvedUrls!.local[0],
    stop: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export interface BrowserBenchResult {
  server: 'dev' | 'preview';
  chromium: string;
  hardwareConcurrency: number;
  poolSize: number | 'default';
  flow: { name: string; nodes: number };
  warm50: Step<'warm'>['result'];
  cold50: Step<'cold'>['result'];
  big1000: Step<'big'>['result'];
  confirm1000: Step<'confirm'>['result'];
  /** The same on the pool's usual size (one worker on 2 cores), to show what every core buys. */
  confirm1000OnePool: Step<'confirm'>['result'];
  cancel: Step<'cancel'>['result'];
  history: unknown;
  /** An 80 ms busy task injected on purpose: the observer must report it, or "0 long tasks" means nothing. */
  longTaskProbe: Step<'probeLongTasks'>['result'];
}

/** Runs the browser benchmark and returns the figures (milliseconds). */
export async function runBrowserBench(options: BrowserBenchOptions = {}): Promise<BrowserBenchResult> {
  const mode = options.server ?? 'dev';
  const reps = options.reps ?? 20;
  const pageOptions: BenchPageOptions = { poolSize: options.poolSize };
  const { url, stop } = await serve(mode);
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    // A throwaway page first: in dev mode it makes Vite transform every module, so "cold" below measures the
    // browser starting workers, not the dev server compiling TypeScript for the first time.
    const primer = await openBenchPage(browser, url, pageOptions);
    await call(primer, 'prime');
    await primer.close();

    const page = await openBenchPage(browser, url, pageOptions);
    const info = await page.evaluate(() => ({
      flowName: window.flowstressBench!.flowName,
      flowNodes: window.flowstressBench!.flowNodes,
      hardwareConcurrency: window.flowstressBench!.hardwareConcurrency,
    }));
    const cold50 = await call(page, 'cold', 5);
    const warm50 = await call(page, 'warm', reps);
    const big1000 = await call(page, 'big', 1000, 3);
    // The usual pool size first: afterwards a burst's extra worker lingers a few seconds and would join in.
    const confirm1000OnePool = await call(page, 'confirm', 1000, 3, false);
    const confirm1000 = await call(page, 'confirm', 1000, 5, true);
    const cancel = await call(page, 'cancel', 150, 5);
    const history = await call(page, 'history');
    const probe = await call(page, 'probeLongTasks');
    await call(page, 'dispose');
    await page.close();

    const result: BrowserBenchResult = {
      server: mode,
      chromium: browser.version(),
      hardwareConcurrency: info.hardwareConcurrency,
      poolSize: options.poolSize ?? 'default',
      flow: { name: info.flowName, nodes: info.flowNodes },
      warm50,
      cold50,
      big1000,
      confirm1000,
      confirm1000OnePool,
      cancel,
      history,
      longTaskProbe: probe,
    };
    if (options.print !== false) printResult(result);
    return result;
  } finally {
    await browser.close();
    await stop();
  }
}

function printResult(r: BrowserBenchResult): void {
  const longest = Math.max(r.warm50.longTasks.longestMs, r.cold50.longTasks.longestMs, r.big1000.longTasks.longestMs, r.confirm1000.longTasks.longestMs);
  const rows: [string, string, string, boolean | null][] = [
    ['50 conv, warm: median', `${r.warm50.median} ms`, '<= 400 ms (stretch 200)', r.warm50.median <= 400],
    ['50 conv, warm: p95', `${r.warm50.p95} ms`, '<= 1000 ms', r.warm50.p95 <= 1000],
    ['50 conv, cold: first run in a fresh page', `${r.cold50.firstInPageMs} ms`, '<= 1500 ms', r.cold50.firstInPageMs <= 1500],
    ['50 conv, cold: new client (median / max)', `${r.cold50.newClient.median} / ${r.cold50.newClient.max} ms`, '<= 1500 ms', r.cold50.newClient.max <= 1500],
    ['worker pool ready (median / max)', `${r.cold50.workerReady.median} / ${r.cold50.workerReady.max} ms`, '<= 150 ms p95 (G2)', r.cold50.workerReady.max <= 150],
    ['longest main-thread task during runs', `${longest} ms (${r.warm50.longTasks.count + r.big1000.longTasks.count + r.cold50.longTasks.count + r.confirm1000.longTasks.count} long tasks)`, '<= 50 ms', longest <= 50],
    ['1,000 conv: total (median of 3)', `${r.big1000.total.median} ms`, '<= 10000 ms', r.big1000.total.median <= 10_000],
    ['1,000 conv: first result (median of 3)', `${r.big1000.firstResult.median} ms`, '<= 1000 ms', r.big1000.firstResult.median <= 1000],
    [`Confirm, 1,000 paired customers (median / max of ${r.confirm1000.total.samples})`, `${r.confirm1000.total.median} / ${r.confirm1000.total.max} ms`, '<= 1500 ms', r.confirm1000.total.max <= 1500],
    ['  each run, the first with a cold extra worker', `${r.confirm1000.runs.join(', ')} ms`, '-', null],
    ['  the same on the usual pool size (each run)', `${r.confirm1000OnePool.runs.join(', ')} ms`, '-', null],
    ['cancel: abort() to settled (max of 5)', `${r.cancel.ack.max} ms`, '<= 100 ms', r.cancel.ack.max <= 100],
    ['50 conv right after a cancel (median)', `${r.cancel.next50AfterCancel.median} ms`, '-', null],
  ];
  console.log(`\nflowstress browser bench (${r.server} server, Chromium ${r.chromium}, hardwareConcurrency ${r.hardwareConcurrency}, pool ${r.poolSize}, flow ${r.flow.name} with ${r.flow.nodes} nodes)`);
  const w = [Math.max(...rows.map((x) => x[0].length)), Math.max(...rows.map((x) => x[1].length)), Math.max(...rows.map((x) => x[2].length))];
  const line = (a: string, b: string, c: string, d: string) => `${a.padEnd(w[0])} | ${b.padStart(w[1])} | ${c.padEnd(w[2])} | ${d}`;
  console.log(line('metric', 'value', 'target', 'ok'));
  console.log(line('-'.repeat(w[0]), '-'.repeat(w[1]), '-'.repeat(w[2]), '--'));
  for (const [a, b, c, ok] of rows) console.log(line(a, b, c, ok === null ? '' : ok ? 'yes' : 'NO'));
  console.log(`(long-task observer check: an injected 80 ms task was seen as ${r.longTaskProbe.longestMs} ms)`);
  console.log('\nhistory on real IndexedDB:');
  if (Array.isArray(r.history)) console.table(r.history);
  else console.log(JSON.stringify(r.history, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const arg = (flag: string) => {
    const i = process.argv.indexOf(flag);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const pool = arg('--pool');
  const reps = arg('--reps');
  await runBrowserBench({
    server: process.argv.includes('--preview') ? 'preview' : 'dev',
    poolSize: pool ? Number(pool) : undefined,
    reps: reps ? Number(reps) : undefined,
  });
}
