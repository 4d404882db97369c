// The host matrix (issue 12): flowstress installed from its packed tarball into four real host apps, as a
// user would, each built and driven in real Chromium: Stress-test, Typo-prone, 50, Run, three scores,
// reload, a History row.
//
//   npm run hosts                       all hosts
//   npm run hosts -- next16 webpack-react19
//   npm run hosts -- --update-locks     also write each host's package-lock.json back (after a version bump)
//
// Each host is copied to a fresh temporary folder with the README's integration blocks written into it
// (StressTestedBuilder.tsx and App.tsx, so the hosts run the README as written), installed with `npm ci`
// from its committed lockfile (exact versions), given the tarball with `npm install <tarball>`, built with
// its own bundler, served, and driven with playwright-core. Screenshots land in test/hosts/out/.
// Prints one line per host with its timings, then "hosts: N passed, N failed"; exits 1 if any failed.

import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';

const here = import.meta.dirname;
const root = resolve(here, '../..');
const outDir = join(here, 'out');
const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const SCORE_NAMES = ['Completion', 'Fallback rate', 'Off-topic recovery'];
const VIEWPORT = { width: 1280, height: 720 };

/**
 * The four hosts: where the README blocks go, how each is built and served. Next.js is built twice, with
 * Turbopack (its default) and with webpack, from one install (`reuses`).
 */
const HOSTS = {
  'vite-react19': { srcDir: 'src', build: 'build', serve: { static: 'dist' }, reactFlow: 12 },
  'vite-react18-reactflow11': { srcDir: 'src', build: 'build', serve: { static: 'dist' }, reactFlow: 11 },
  'webpack-react19': { srcDir: 'src', build: 'build', serve: { static: 'dist' }, reactFlow: 12 },
  next16: { srcDir: 'app', build: 'build', serve: { next: true }, reactFlow: 12 },
  'next16-webpack': { reuses: 'next16', srcDir: 'app', build: 'build:webpack', serve: { next: true }, reactFlow: 12 },
};

const log = (m) => console.log(`[hosts] ${m}`);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function run(cmd, args, cwd, env = {}) {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok(out) : fail(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${out.slice(-4000)}`))));
  });
}

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

// ---------- the README blocks, as the hosts get them ----------

function readmeBlocks() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Use it in your builder');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```tsx\n([\s\S]*?)```/g)].map((m) => m[1]);
  const [imports, css] = [...section.matchAll(/`(import [^`]*from 'reactflow';|import 'reactflow\/dist\/style\.css';)`/g)].map((m) => m[1]);
  if (blocks.length !== 2 || !imports || !css) throw new Error('README "Use it in your builder" must hold two tsx blocks and the two reactflow 11 lines');
  const v11 = blocks[0].replace(/^import \{[^\n]*\} from '@xyflow\/react';$/m, imports).replace("import '@xyflow/react/dist/style.css';", css);
  return { builder: { 12: blocks[0], 11: v11 }, app: blocks[1] };
}

// ---------- serving ----------

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain', '.map': 'application/json' };

async function serveStatic(dir) {
  const port = await freePort();
  const server = createHttpServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') return void res.writeHead(204).end(); // the hosts have none; no 404 noise
    let file = resolve(dir, '.' + path);
    if (!file.startsWith(dir + sep) && file !== dir) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

async function serveNext(dir) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(dir, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}/`;
  const close = async () => {
    if (child.exitCode !== null) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    await new Promise((ok) => { child.once('close', ok); setTimeout(ok, 5000); });
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(url);
      if (res.ok) return { url, close };
    } catch { /* not listening yet */ }
    await new Promise((ok) => setTimeout(ok, 250));
  }
  await close();
  throw new Error(`next start did not answer within 60 s:\n${out}`);
}

// ---------- the designer's short run, in Chromium ----------

async function drive(browser, name, url) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // A host without a favicon gets a 404 for it from its server: not the package's concern.
    if (m.type() === 'error' && !/\/favicon\.ico$/.test(m.location().url)) errors.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.setDefaultTimeout(20_000);
  try {
    await page.goto(url);
    await page.locator('.react-flow__node').first().waitFor();
    const panel = await openPanel(page);

    // Styled as documented: 420 px wide beside the canvas, not over it.
    const panelBox = await panel.boundingBox();
    const canvasBox = await page.locator('.react-flow').first().boundingBox();
    if (!panelBox || Math.abs(panelBox.width - 420) > 2) throw new Error(`the panel is ${panelBox?.width} px wide; expected 420 (is flowstress/style.css loaded?)`);
    if (!canvasBox || canvasBox.x + canvasBox.width > panelBox.x + 1) throw new Error(`the panel (x ${panelBox.x}) overlaps the canvas (right edge ${canvasBox && canvasBox.x + canvasBox.width})`);

    await panel.getByRole('radio', { name: 'Typo-prone', exact: true }).check();
    await panel.getByRole('radio', { name: '50', exact: true }).check();
    await panel.getByRole('button', { name: 'Run stress-test' }).click();
    await historyRows(panel, 1, 30_000);
    const scores = {};
    for (const s of SCORE_NAMES) {
      const card = panel.getByRole('heading', { name: s, exact: true }).locator('xpath=..');
      const text = (await card.innerText()).replace(/\s+/g, ' ');
      const value = text.match(/(\d+(?:\.\d+)?\s*%|n\/a)/i)?.[1];
      if (!value) throw new Error(`the "${s}" score shows no value ("${text}")`);
      scores[s] = value.replace(/\s+/g, '');
    }
    // The page itself never scrolls: the panel's hidden helpers must not make it taller (issue 12, point 7).
    const scroll = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, vh: innerHeight }));
    if (scroll.h > scroll.vh) throw new Error(`after a run the page is ${scroll.h} px tall in a ${scroll.vh} px window`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, `${name}.png`) });

    await page.reload();
    await page.locator('.react-flow__node').first().waitFor();
    const again = await openPanel(page);
    const rows = await historyRows(again, 1, 10_000);
    await page.screenshot({ path: join(outDir, `${name}-after-reload.png`) });
    if (errors.length) throw new Error(errors.join('\n'));
    return `${SCORE_NAMES.map((s) => `${s} ${scores[s]}`).join(', ')}; ${rows} History row(s) after reload`;
  } catch (e) {
    await page.screenshot({ path: join(outDir, `${name}-failure.png`) }).catch(() => {});
    if (errors.length) e.message += `\n${errors.join('\n')}`;
    throw e;
  } finally {
    await context.close();
  }
}

async function openPanel(page) {
  await page.getByRole('button', { name: 'Stress-test', exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'Stress-test' });
  await panel.getByRole('button', { name: 'Run stress-test' }).waitFor();
  return panel;
}

async function historyRows(panel, atLeast, timeout) {
  const deadline = Date.now() + timeout;
  let rows = 0;
  while (Date.now() < deadline) {
    const table = panel.getByRole('table', { name: 'History' });
    rows = (await table.count()) ? await table.locator('tbody tr').count() : 0;
    if (rows >= atLeast) return rows;
    await panel.page().waitForTimeout(100);
  }
  throw new Error(`the History table shows ${rows} rows; expected at least ${atLeast}`);
}

// ---------- main ----------

async function main() {
  const args = process.argv.slice(2);
  const updateLocks = args.includes('--update-locks');
  const names = args.filter((a) => !a.startsWith('--'));
  for (const n of names) if (!HOSTS[n]) throw new Error(`unknown host "${n}"; hosts: ${Object.keys(HOSTS).join(', ')}`);
  const selected = names.length ? names : Object.keys(HOSTS);
  for (const n of selected) if (HOSTS[n].reuses && !selected.includes(HOSTS[n].reuses)) throw new Error(`host "${n}" needs "${HOSTS[n].reuses}" in the same run`);
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium, or set CHROME_PATH`);

  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'flowstress-hosts-'));
  const started = Date.now();
  const results = [];
  let browser;
  try {
    // The package as it would be published: `npm pack` runs prepack (the library build).
    let t = Date.now();
    const packed = (await run('npm', ['pack', '--silent', '--pack-destination', work], root)).trim().split('\n').pop();
    const tarball = join(work, packed);
    log(`packed ${packed} (${(statSync(tarball).size / 1024).toFixed(0)} kB) in ${secs(Date.now() - t)}`);

    const { builder, app } = readmeBlocks();
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });

    for (const name of selected) {
      const host = HOSTS[name];
      const dir = join(work, host.reuses ?? name);
      const times = { install: 0 };
      try {
        if (host.reuses) {
          if (!existsSync(join(dir, 'node_modules'))) throw new Error(`run it with ${host.reuses}, whose install it reuses`);
        } else {
          cpSync(join(here, name), dir, { recursive: true, filter: (p) => !/[\\/](node_modules|dist|\.next)([\\/]|$)/.test(p.slice(here.length)) });
          writeFileSync(join(dir, host.srcDir, 'StressTestedBuilder.tsx'), builder[host.reactFlow]);
          writeFileSync(join(dir, host.srcDir, 'App.tsx'), app);
          copyFileSync(join(root, 'demo/flows/order-tracking-draft.json'), join(dir, host.srcDir, 'support-bot.json'));

          t = Date.now();
          const hasLock = existsSync(join(dir, 'package-lock.json'));
          await run('npm', [hasLock ? 'ci' : 'install', '--no-audit', '--no-fund'], dir);
          if (updateLocks || !hasLock) copyFileSync(join(dir, 'package-lock.json'), join(here, name, 'package-lock.json'));
          await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', tarball], dir);
          times.install = Date.now() - t;
        }

        t = Date.now();
        await run('npm', ['run', host.build], dir, { NEXT_TELEMETRY_DISABLED: '1' });
        times.build = Date.now() - t;

        t = Date.now();
        const server = host.serve.next ? await serveNext(dir) : await serveStatic(join(dir, host.serve.static));
        let summary;
        try {
          summary = await drive(browser, name, server.url);
        } finally {
          await server.close();
        }
        times.browser = Date.now() - t;
        results.push({ name, ok: true });
        log(`PASS ${name}: ${summary} (install ${secs(times.install)}, build ${secs(times.build)}, browser ${secs(times.browser)})`);
      } catch (e) {
        results.push({ name, ok: false });
        log(`FAIL ${name}: ${e.message}`);
      }
    }
  } finally {
    await browser?.close().catch(() => {});
    if (!process.env.FLOWSTRESS_HOSTS_KEEP) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }
  const passed = results.filter((r) => r.ok).length;
  log(`screenshots in ${outDir}; total ${secs(Date.now() - started)}`);
  console.log(`hosts: ${passed} passed, ${results.length - passed} failed`);
  if (passed !== results.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(`[hosts] ${e.stack ?? e}`);
  console.log('hosts: 0 passed, 1 failed');
  process.exitCode = 1;
});
