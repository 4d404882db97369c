// Screenshots of the preview page in headless Chromium: node test/ui/preview/shoot.mjs
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const out = new URL('./shots/', import.meta.url).pathname;
const server = await createServer({ configFile: new URL('./vite.preview.config.ts', import.meta.url).pathname });
await server.listen();
const base = 'http://127.0.0.1:5188/';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(base);
  await page.locator('.react-flow__node').first().waitFor();
  await page.screenshot({ path: `${out}01-open.png` });
  await page.getByRole('radio', { name: '50' }).check({ force: true });
  await page.getByRole('button', { name: 'Run stress-test' }).click();
  await page.getByRole('heading', { name: 'Completion' }).waitFor();
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${out}02-first-run.png` });
  await page.getByRole('button', { name: 'Run stress-test' }).click();
  await page.waitForTimeout(300);
  await page.getByRole('button', { name: 'Run stress-test' }).click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}03-third-run.png` });
  await page.locator('.fs-panel__body').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await page.screenshot({ path: `${out}04-history.png` });
  await page.locator('.fs-panel__body').evaluate((el) => (el.scrollTop = 0));
  await page.getByRole('radio', { name: 'All personas' }).check({ force: true });
  await page.getByRole('button', { name: 'Run stress-test' }).click();
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}05-all.png` });
  await page.locator('.fs-conversation').first().waitFor();
  await page.locator('.fs-conversation:has(.fs-outcome--stuck)').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}06-conversations.png` });
  await page.locator('.fs-conversation:has(.fs-outcome--stuck)').first().click();
  await page.locator('.fs-transcript').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}07-transcript.png` });
  await page.locator('.fs-heat-badge').first().click();
  await page.waitForTimeout(100);
  await page.screenshot({ path: `${out}08-heat-click.png` });

  await page.getByRole('button', { name: 'Close stress-test panel' }).click();
  await page.screenshot({ path: `${out}12-closed.png` });

  const p2 = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await p2.goto(`${base}?broken`);
  await p2.locator('.react-flow__node').first().waitFor();
  await p2.getByRole('button', { name: 'Run stress-test' }).click();
  await p2.waitForTimeout(200);
  await p2.screenshot({ path: `${out}09-blocked.png` });

  const p4 = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await p4.goto(`${base}?pause`);
  await p4.getByRole('radio', { name: '50' }).check({ force: true });
  await p4.getByRole('button', { name: 'Run stress-test' }).click();
  await p4.getByRole('progressbar').waitFor();
  await p4.waitForTimeout(150);
  await p4.locator('.fs-panel').screenshot({ path: `${out}11-running.png` });

  const p3 = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await p3.goto(`${base}?text=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
  await p3.getByRole('button', { name: 'Run stress-test' }).click();
  await p3.locator('.fs-conversation').first().click();
  await p3.waitForTimeout(100);
  await p3.locator('.fs-transcript').screenshot({ path: `${out}10-markup-as-text.png` });
} finally {
  await browser.close();
  await server.close();
}
console.log(errors.length ? `page errors:\n${errors.join('\n')}` : 'no page errors');
