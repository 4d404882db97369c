import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FlowDocument } from '../../src/core/flow/types.ts';
import { createMemoryHistory } from '../../src/history/create-memory-history.ts';
import type { HistoryRepository } from '../../src/history/types.ts';
import { detectableSentence } from '../../src/ui/ConfirmPanel.tsx';
import { StressTestPanel, type StressTestPanelProps } from '../../src/ui/StressTestPanel.tsx';
import './dom-matchers.ts';
import { createFakeClient, hostGraph, miniFlow, type FakeClientOptions } from './fakes.ts';

afterEach(cleanup);

/** The draft has typo tolerance off; turning it on is the fix. The fake's customers complete 30% / 60%. */
const byTypoTolerance: FakeClientOptions['quality'] = (_p, _call, flow) => (flow.settings.matcher.typoTolerance ? 0.6 : 0.3);
function draft(): FlowDocument {
  const f = miniFlow();
  f.settings = { ...f.settings, matcher: { ...f.settings.matcher, typoTolerance: false } };
  return f;
}

function renderPanel(opts: { client?: FakeClientOptions; history?: HistoryRepository; flow?: FlowDocument } = {}) {
  const client = createFakeClient({ quality: byTypoTolerance, ...opts.client });
  const history = opts.history ?? createMemoryHistory();
  let graph = hostGraph(opts.flow ?? draft());
  const props = (): StressTestPanelProps => ({
    open: true,
    onClose: () => {},
    client,
    history,
    getNodes: () => graph.nodes,
    getEdges: () => graph.edges,
    flow: graph.meta,
  });
  const utils = render(<StressTestPanel {...props()} />);
  return {
    ...utils,
    client,
    history,
    setFlow(f: FlowDocument) {
      graph = hostGraph(f);
      utils.rerender(<StressTestPanel {...props()} />);
    },
  };
}

const radio = (group: string, name: string) => within(screen.getByRole('radiogroup', { name: group })).getByRole('radio', { name });
const runButton = () => screen.getByRole('button', { name: 'Run stress-test' });
async function runAndWait(rows?: number) {
  fireEvent.click(runButton());
  await waitFor(() => expect(runButton()).toBeEnabled());
  if (rows !== undefined) await waitFor(() => expect(within(screen.getByRole('table', { name: 'History' })).getAllByRole('row')).toHaveLength(rows + 1));
}

describe('batch sizes', () => {
  it('keeps the Conversations choice and adds 100, 200 and 500', async () => {
    // The request is what matters here (rendering 500 fake transcripts in jsdom only costs time).
    const { client } = renderPanel({ client: { fail: { code: 'FS250', message: 'FS250: no workers in this test' } } });
    const names = within(screen.getByRole('radiogroup', { name: 'Conversations' }))
      .getAllByRole('radio')
      .map((r) => r.closest('label')!.textContent);
    expect(names).toEqual(['10', '25', '50', '100', '200', '500']);
    fireEvent.click(radio('Conversations', '500'));
    expect(screen.getByText('500 Impatient customers')).toBeInTheDocument();
    await runAndWait();
    expect(client.calls[0]).toMatchObject({ n: 500 });
  });
});

describe('verdict at a glance', () => {
  it('shows a headline naming the worst score and persona, and a persona x score grid with values and band words', async () => {
    renderPanel();
    fireEvent.click(radio('Persona', 'All personas'));
    fireEvent.click(radio('Conversations', '50'));
    await runAndWait();
    const grid = await screen.findByRole('table', { name: 'Scores by persona' });
    const [head, ...rows] = within(grid).getAllByRole('row');
    expect(within(head!).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Persona', 'Completion', 'Fallback rate', 'Off-topic recovery']);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Impatient', 'Typo-prone', 'Non-native', 'Elderly']);
    for (const row of rows) {
      for (const cell of within(row).getAllByRole('cell')) expect(cell.textContent).toMatch(/^\d+% (good|fair|poor)/);
    }
    // 30% complete in the fake's draft: poor everywhere; the headline names one cell, in red, never green.
    const headline = grid.getAttribute('aria-describedby')!;
    const text = document.getElementById(headline)!;
    expect(text.textContent).toMatch(/^✕Not ready: Impatient (completion|fallback rate) \d+%, poor$/);
    expect(text).toHaveClass('fs-headline--red');
    expect(within(grid).getByText('(the worst score)')).toBeInTheDocument();
    // Screen readers hear the verdict when the run ends.
    expect(screen.getByText(/^Done\. Not ready: Impatient .+, poor\. Impatient: completion \d+%, poor\.$/)).toHaveAttribute('role', 'status');
    // A row selects that persona's run.
    fireEvent.click(within(rows[3]!).getByRole('button', { name: 'Elderly' }));
    expect(within(screen.getByRole('table', { name: 'Scores by persona' })).getByRole('button', { name: 'Elderly' })).toHaveAttribute('aria-current', 'true');
  });

  it('says Ready in green when every score is good', async () => {
    const client = createFakeClient({ quality: () => 1 });
    const real = client.runBatch;
    client.runBatch = async (req, o) => {
      const res = await real(req, o);
      // Every customer completes without a fallback and recovers: all scores good.
      if (res.ok) for (const r of res.result.results) r.summary.scores.fallbackRate = { ...r.summary.scores.fallbackRate, value: 0.04, band: 'green' };
      return res;
    };
    render(<StressTestPanel open onClose={() => {}} client={client} history={createMemoryHistory()} getNodes={() => hostGraph().nodes} getEdges={() => hostGraph().edges} flow={hostGraph().meta} />);
    await runAndWait();
    const grid = await screen.findByRole('table', { name: 'Scores by persona' });
    const headline = document.getElementById(grid.getAttribute('aria-describedby')!)!;
    expect(headline.textContent).toBe('✓Ready: every score is good for Impatient');
    expect(headline).toHaveClass('fs-headline--green');
    expect(within(grid).getAllByRole('row')).toHaveLength(2);
  });
});

describe('enough customers to answer', () => {
  it('says next to the scores which change the batch size may miss, computed for the size', async () => {
    renderPanel();
    await runAndWait();
    expect(screen.getByText(detectableSentence(25))).toBeInTheDocument();
    expect(detectableSentence(25)).toMatch(/^With 25 customers a change smaller than ~\d+ points may go unnoticed\.$/);
    fireEvent.click(radio('Conversations', '200'));
    await runAndWait();
    expect(screen.getByText(detectableSentence(200))).toBeInTheDocument();
    expect(detectableSentence(200)).not.toBe(detectableSentence(25));
  });

  it('offers Confirm once there is an earlier version, and shows its paired verdicts', async () => {
    const { setFlow, client } = renderPanel();
    await runAndWait(1);
    expect(screen.queryByRole('button', { name: 'Confirm' })).toBeNull();
    expect(screen.getByText(/Confirm compares with an earlier version/)).toBeInTheDocument();

    setFlow(miniFlow());
    await runAndWait(2);
    const confirm = screen.getByRole('button', { name: 'Confirm' });
    expect(document.getElementById(confirm.getAttribute('aria-describedby')!)).toHaveTextContent(
      'Re-runs these Impatient customers on the current draft and on v1, as many as a 10-point change needs (up to 1,000).',
    );
    const calls = client.calls.length;
    fireEvent.click(confirm);
    const result = await screen.findByRole('heading', { name: /^Confirmed on \d+ customers: current draft vs v1$/ }, { timeout: 5000 });
    const box = result.closest('section')!;
    expect(within(box).getByText('Completion').closest('li')).toHaveTextContent(/^Completion 3\d% → 6\d% \(\+\d+ pts\) ▲ improved$/);
    expect(client.calls.length).toBe(calls + 4);
    expect(screen.getByRole('button', { name: 'Confirm' })).toBeEnabled();
  });

  it('cancels a Confirm', async () => {
    const { setFlow, client } = renderPanel();
    await runAndWait(1);
    setFlow(miniFlow());
    await runAndWait(2);
    const paused = createFakeClient({ quality: byTypoTolerance, pauseAfter: 10 });
    client.runBatch = paused.runBatch;
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    const bar = await screen.findByRole('progressbar', { name: 'Customers confirmed' });
    // Both versions pause after 10 customers each.
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '20'));
    expect(runButton()).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel confirm' }));
    expect(await screen.findByText('Confirm cancelled.')).toBeInTheDocument();
    expect(runButton()).toBeEnabled();
  });
});

describe('Import customer messages', () => {
  const file = (text: string, name: string) => new File([text], name, { type: name.endsWith('.csv') ? 'text/csv' : 'application/json' });

  it('reads a CSV, shows how many messages are loaded for which intents, and runs with them', async () => {
    const { client, history } = renderPanel();
    expect(screen.getByRole('button', { name: 'Import customer messages' })).toBeInTheDocument();
    const input = screen.getByLabelText('Customer messages file (CSV or JSON)');
    fireEvent.change(input, { target: { files: [file('text,intent\n"my parcel never came",track\n"stop my order",cancel\n"cancel it now",cancel\n', 'chats.csv')] } });
    const region = screen.getByRole('region', { name: 'Customer messages' });
    await waitFor(() => expect(within(region).getByRole('status')).toHaveTextContent('3 real messages for 2 intents (chats.csv): customers word their requests with them; the router never sees them.'), {
      timeout: 5000,
    });
    const list = within(region).getByRole('list');
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['cancel 2', 'track 1']);
    expect(await history.getCustomerMessages('mini')).toHaveLength(3);
    await runAndWait();
    expect(client.calls.at(-1)!.flow.customerMessages).toHaveLength(3);

    fireEvent.click(within(region).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(within(region).getByRole('status')).toHaveTextContent(/built-in wording/));
    expect(await history.getCustomerMessages('mini')).toEqual([]);
  });

  it('shows FS105 on a bad file and keeps nothing', async () => {
    const { history } = renderPanel();
    fireEvent.change(screen.getByLabelText('Customer messages file (CSV or JSON)'), { target: { files: [file('{"messages": 3}', 'export.json')] } });
    const alert = await screen.findByRole('alert', {}, { timeout: 5000 });
    expect(alert).toHaveTextContent('FS105');
    expect(alert).toHaveTextContent('export.json:');
    expect(alert).toHaveTextContent('Nothing was imported.');
    expect(await history.getCustomerMessages('mini')).toEqual([]);
    expect(within(screen.getByRole('region', { name: 'Customer messages' })).getByRole('status')).toHaveTextContent(/built-in wording/);
  });

  it('marks messages for intents the flow does not define', async () => {
    renderPanel();
    fireEvent.change(screen.getByLabelText('Customer messages file (CSV or JSON)'), {
      target: { files: [file('[{"text":"lost my card","intent":"card_lost"},{"text":"where is it","intent":"track"}]', 'm.json')] },
    });
    const region = screen.getByRole('region', { name: 'Customer messages' });
    await waitFor(() => expect(within(region).getByRole('status')).toHaveTextContent('1 real message for 1 intent (m.json)'), { timeout: 5000 });
    expect(within(region).getByRole('status')).toHaveTextContent('1 more names an intent this flow does not define and is not used.');
    expect(within(region).getByText('not in this flow')).toBeInTheDocument();
    expect(await screen.findByText(/FS058/)).toBeInTheDocument();
  });
});

vi.setConfig({ testTimeout: 20_000 });
