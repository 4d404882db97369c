// Screenshots of the Stress-test panel (420 px) in the built demo, with real workers and IndexedDB:
// all personas on the draft, the fix, a Confirm, imported customer messages, a single persona.
// Run `npx vite build` first, then: node test/ui/preview/shoot-demo.mjs  (PNGs in test/ui/preview/shots/)
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

process.chdir(fileURLToPath(new URL('../../..', import.meta.url)));
const server = await preview({ logLevel: 'warn', preview: { host: '127.0.0.1', port: 5391, strictPort: false } });
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
const out = fileURLToPath(new URL('./shots/', import.meta.url));
mkdirSync(out, { recursive: true });
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.locator('.react-flow__node').first().waitFor();
  await page.getByRole('button', { name: 'Stress-test', exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'Stress-test' });
  await panel.getByRole('button', { name: 'Run stress-test' }).waitFor();
  await page.waitForTimeout(600);
  await panel.screenshot({ path: `${out}01-open.png` });
  await panel.getByRole('radio', { name: 'All personas' }).check();
  await panel.getByRole('radio', { name: '50', exact: true }).check();
  await panel.getByRole('button', { name: 'Run stress-test' }).click();
  await panel.getByRole('table', { name: 'Scores by persona' }).waitFor();
  await page.waitForTimeout(800);
  await panel.screenshot({ path: `${out}02-all-draft.png` });
  // the fix
  const picker = page.getByLabel('Flow', { exact: true });
  await picker.selectOption('order-tracking-fixed');
  await page.waitForTimeout(300);
  await panel.getByRole('button', { name: 'Run stress-test' }).click();
  await page.waitForTimeout(1500);
  await panel.screenshot({ path: `${out}03-all-fixed.png` });
  await panel.getByRole('button', { name: 'Confirm', exact: true }).click();
  await panel.getByText(/Confirmed on/).waitFor({ timeout: 20000 });
  await page.waitForTimeout(300);
  await panel.getByText(/Confirmed on/).scrollIntoViewIfNeeded();
  await panel.screenshot({ path: `${out}04-confirmed.png` });
  await panel.getByRole('radio', { name: 'Elderly' }).check();
  await panel.getByRole('radio', { name: '10', exact: true }).check();
  await panel.locator('.fs-panel__body').evaluate((el) => (el.scrollTop = 0));
  await panel.getByLabel('Customer messages file (CSV or JSON)').setInputFiles({ name: 'chats.csv', mimeType: 'text/csv', buffer: Buffer.from('text,intent\n"where is my parcel it was due monday",track_order\n"I need my money back for the shoes",refund\n"hello?? my order",track_order\n"card lost",card_lost\n') });
  await page.waitForTimeout(400);
  await panel.getByText('By intent').click();
  await page.waitForTimeout(200);
  await panel.screenshot({ path: `${out}05-messages.png` });
  await panel.getByRole('button', { name: 'Run stress-test' }).click();
  await page.waitForTimeout(1500);
  await panel.screenshot({ path: `${out}06-single.png` });
  await page.screenshot({ path: `${out}07-page.png` });
} finally {
  await browser.close();
  await server.close();
}
console.log(errors.length ? errors.join('\n') : 'no page errors');
