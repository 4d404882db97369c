// Screenshots of the panel's issue-11 states (damaged runs, a crash caught, a run that failed to run).
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const out = new URL('./shots/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const server = await createServer({ configFile: new URL('./vite.config.ts', import.meta.url).pathname });
await server.listen();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('http://127.0.0.1:5191/?case=damaged');
  await page.getByText(/damaged runs left out/).waitFor();
  await page.screenshot({ path: `${out}damaged.png` });
  await page.getByRole('button', { name: 'Delete damaged runs' }).click();
  await page.getByText('Deleted 2 damaged runs.').waitFor();
  await page.screenshot({ path: `${out}damaged-deleted.png` });
  await page.goto('http://127.0.0.1:5191/?case=crash');
  await page.getByText(/stopped after an error/).waitFor();
  await page.screenshot({ path: `${out}crash.png` });
  await page.goto('http://127.0.0.1:5191/?case=failed');
  await page.getByRole('button', { name: 'Run stress-test' }).click();
  await page.getByText(/Failed to run/).waitFor();
  await page.screenshot({ path: `${out}failed.png` });
} finally {
  await browser.close();
  await server.close();
}
console.log(errors.length ? `page errors:\n${errors.join('\n')}` : 'no page errors', `\nshots in ${out}`);
