/**
 * Issue 12, point 7, in real Chromium: after a run the panel's visually hidden text (score labels, the live
 * region, the History table's hidden headers and file input) sits at the bottom of the panel's scrolled body.
 * With no containing block inside the panel it extended the page, and a wheel over the host's top bar
 * scrolled the whole app off-screen. The host layout is the README's: a top bar, then canvas and panel in a
 * row as tall as the window.
 */
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFlow } from '../../src/core/flow/index.ts';
import { createMemoryHistory } from '../../src/history/index.ts';
import { StressTestPanel } from '../../src/ui/StressTestPanel.tsx';
import { createStressClient } from '../../src/worker/create-stress-client.ts';
import draft from '../../demo/flows/order-tracking-draft.json';

const parsed = parseFlow(draft);
if (!parsed.ok) throw new Error('the draft flow does not parse');
const flow = parsed.flow;

let root: Root | undefined;
let host: HTMLElement | undefined;
afterEach(() => {
  root?.unmount();
  host?.remove();
  document.body.style.margin = '';
});

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the page never grows past the window (visually hidden text stays inside the panel)', () => {
  it('after a run, the document is no taller than the window and the window cannot scroll', async () => {
    document.body.style.margin = '0';
    host = document.createElement('div');
    host.style.cssText = 'display:flex;flex-direction:column;height:100vh';
    document.body.append(host);
    const client = createStressClient();
    root = createRoot(host);
    root.render(
        <>
          <header style={{ height: 48, flex: 'none' }} data-testid="top-bar">
            top bar
          </header>
          <div style={{ display: 'flex', flex: 1, minHeight: 0 }}>
            <div style={{ flex: 1, minWidth: 0 }} />
            <StressTestPanel
              open
              onClose={() => {}}
              client={client}
              history={createMemoryHistory()}
              getNodes={() => flow.nodes}
              getEdges={() => flow.edges}
              flow={{ id: flow.id, name: flow.name, intents: flow.intents, settings: flow.settings }}
            />
          </div>
        </>,
    );
    await until(() => Boolean(host!.querySelector('.fs-panel')));
    const panel = host.querySelector<HTMLElement>('.fs-panel')!;
    const byText = (sel: string, text: string) => [...panel.querySelectorAll<HTMLElement>(sel)].find((e) => e.textContent?.trim() === text);
    await until(() => Boolean(byText('button', 'Run stress-test')));
    const radio = (label: string) => [...panel.querySelectorAll<HTMLInputElement>('input[type=radio]')].find((i) => i.labels?.[0]?.textContent?.trim() === label)!;
    radio('Typo-prone').click();
    radio('50').click();
    byText('button', 'Run stress-test')!.click();
    await until(() => (panel.querySelector('table')?.querySelectorAll('tbody tr').length ?? 0) >= 1);

    // The hidden text really is far below the window: the case that used to grow the page.
    const hidden = [...panel.querySelectorAll<HTMLElement>('.fs-visually-hidden')];
    expect(hidden.length).toBeGreaterThan(0);
    expect(Math.max(...hidden.map((e) => e.getBoundingClientRect().bottom))).toBeGreaterThan(window.innerHeight);

    expect(document.documentElement.scrollHeight).toBeLessThanOrEqual(window.innerHeight);
    window.scrollTo(0, 10_000);
    expect(window.scrollY).toBe(0);
    client.dispose();
  }, 40_000);
});
