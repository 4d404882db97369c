import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from '../../src/history/create-memory-history.ts';
import type { HistoryRepository } from '../../src/history/types.ts';
import { StressTestButton } from '../../src/ui/StressTestButton.tsx';
import { StressTestPanel, type StressTestPanelProps } from '../../src/ui/StressTestPanel.tsx';
import './dom-matchers.ts';
import { createFakeClient, hostGraph, miniFlow, type FakeClient, type FakeClientOptions } from './fakes.ts';

afterEach(cleanup);

function renderPanel(opts: { client?: FakeClient | FakeClientOptions; history?: HistoryRepository; graph?: ReturnType<typeof hostGraph>; props?: Partial<StressTestPanelProps> } = {}) {
  const client = opts.client && 'runBatch' in opts.client ? opts.client : createFakeClient(opts.client as FakeClientOptions | undefined);
  const history = opts.history ?? createMemoryHistory();
  let graph = opts.graph ?? hostGraph();
  const getNodes = vi.fn(() => graph.nodes);
  const getEdges = vi.fn(() => graph.edges);
  const onSelectNode = vi.fn();
  const props = (): StressTestPanelProps => ({ open: true, onClose: () => {}, client, history, getNodes, getEdges, flow: graph.meta, onSelectNode, ...opts.props });
  const utils = render(<StressTestPanel {...props()} />);
  return {
    ...utils,
    client,
    history,
    getNodes,
    onSelectNode,
    setGraph: (g: ReturnType<typeof hostGraph>) => (graph = g),
    rerenderPanel: () => utils.rerender(<StressTestPanel {...props()} />),
  };
}

const persona = (name: string) => within(screen.getByRole('radiogroup', { name: 'Persona' })).getByRole('radio', { name });
const size = (name: string) => within(screen.getByRole('radiogroup', { name: 'Conversations' })).getByRole('radio', { name });
const runButton = () => screen.getByRole('button', { name: 'Run stress-test' });
const historyRows = () => within(screen.getByRole('table', { name: 'History' })).getAllByRole('row').slice(1);

async function runAndWait() {
  fireEvent.click(runButton());
  await waitFor(() => expect(runButton()).toBeEnabled());
}

describe('StressTestPanel', () => {
  it('runs the chosen persona and size with progress, then shows three scored cards', async () => {
    const { client } = renderPanel({ client: { pauseAfter: 20 } });
    fireEvent.click(persona('Elderly'));
    fireEvent.click(size('50'));
    expect(persona('Elderly')).toBeChecked();
    expect(size('50')).toBeChecked();
    fireEvent.click(runButton());

    const bar = await screen.findByRole('progressbar', { name: 'Conversations simulated' });
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '20'));
    expect(bar).toHaveAttribute('aria-valuemax', '50');
    expect(screen.getByText('20 / 50 conversations')).toBeInTheDocument();
    expect(runButton()).toBeDisabled();
    expect(client.calls[0]).toMatchObject({ personas: ['elderly'], n: 50 });

    act(() => client.release());
    const completion = await screen.findByRole('region', { name: 'Completion' });
    const fallback = screen.getByRole('region', { name: 'Fallback rate' });
    const recovery = screen.getByRole('region', { name: 'Off-topic recovery' });
    for (const card of [completion, fallback, recovery]) {
      expect(card.textContent).toMatch(/\d+%/);
      expect(card.textContent).toMatch(/Good|Fair|Poor/);
      expect(card.textContent).toMatch(/\d+–\d+%/);
    }
    // 60% of the customers complete in the fake: amber, and written as a word.
    expect(within(completion).getByText('60%')).toBeInTheDocument();
    expect(within(completion).getByText('Fair')).toHaveClass('fs-band--amber');
    expect(within(completion).getByText('30 of 50', { exact: false })).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows n/a for recovery when nobody digressed', async () => {
    const client = createFakeClient();
    const real = client.runBatch;
    client.runBatch = async (req, opts) => {
      const res = await real(req, opts);
      if (res.ok) for (const r of res.result.results) r.summary.scores.offTopicRecovery = null;
      return res;
    };
    renderPanel({ client });
    await runAndWait();
    const recovery = await screen.findByRole('region', { name: 'Off-topic recovery' });
    expect(within(recovery).getByText('n/a')).toBeInTheDocument();
    expect(within(recovery).getByText('No customer went off-topic')).toBeInTheDocument();
  });

  it('cancels a running batch', async () => {
    const { client } = renderPanel({ client: { pauseAfter: 5 } });
    fireEvent.click(size('50'));
    fireEvent.click(runButton());
    await waitFor(() => expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '5'));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(runButton()).toBeEnabled());
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(await screen.findByText('Cancelled after 5 of 50 conversations.')).toBeInTheDocument();
    expect(client.calls).toHaveLength(1);
  });

  it('blocks the run on validation errors and links the findings to their nodes', async () => {
    const broken = miniFlow();
    broken.edges = broken.edges.filter((e) => !(e.source === 'menu' && e.sourceHandle === 'track'));
    const { client, onSelectNode } = renderPanel({ graph: hostGraph(broken) });
    fireEvent.click(runButton());
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('1 error blocks the run');
    expect(alert).toHaveTextContent('FS004');
    expect(alert).toHaveFocus();
    fireEvent.click(within(alert).getByRole('button', { name: 'Show node “How can I help?”' }));
    expect(onSelectNode).toHaveBeenCalledWith('menu');
    expect(client.calls).toHaveLength(0);
    expect(screen.queryByRole('region', { name: 'Completion' })).toBeNull();
  });

  it('lists runs in the History table with version labels and paired deltas', async () => {
    const { setGraph, rerenderPanel } = renderPanel({ client: { quality: (_p, call) => (call === 0 ? 0.3 : 0.9) } });
    fireEvent.click(size('50'));
    await runAndWait();
    await waitFor(() => expect(historyRows()).toHaveLength(1));

    // The designer fixes the draft: a new content hash, so a new version label.
    const fixed = miniFlow();
    fixed.intents[0]!.phrases.push('where is my parcel');
    setGraph(hostGraph(fixed));
    rerenderPanel();
    await runAndWait();
    await waitFor(() => expect(historyRows()).toHaveLength(2));
    const [newest, oldest] = historyRows();
    expect(newest).toHaveTextContent('v2');
    expect(oldest).toHaveTextContent('v1');
    await waitFor(() => expect(within(newest!).getAllByText('improved').length).toBeGreaterThan(0));
    expect(newest).toHaveTextContent('+60');
    const completion = screen.getByRole('region', { name: 'Completion' });
    expect(completion).toHaveTextContent('+60 pts vs v1');
    expect(completion).toHaveTextContent('improved');
  });

  it('filters the history by persona and deletes a run', async () => {
    renderPanel();
    await runAndWait();
    fireEvent.click(persona('Typo-prone'));
    await runAndWait();
    await waitFor(() => expect(historyRows()).toHaveLength(2));

    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by persona' }), { target: { value: 'typo-prone' } });
    expect(historyRows()).toHaveLength(1);
    expect(historyRows()[0]).toHaveTextContent('Typo-prone');

    const del = within(historyRows()[0]!).getByRole('button', { name: /^Delete v1 Typo-prone/ });
    fireEvent.click(del);
    fireEvent.click(within(historyRows()[0]!).getByRole('button', { name: /^Confirm delete v1 Typo-prone/ }));
    await waitFor(() => expect(screen.queryByRole('table', { name: 'History' })).toBeNull());
    expect(screen.getByText('No runs of this persona yet.')).toBeInTheDocument();
    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by persona' }), { target: { value: 'all' } });
    expect(historyRows()).toHaveLength(1);
    expect(historyRows()[0]).toHaveTextContent('Impatient');
  });

  it('renders transcript text as text, never as HTML', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const { container } = renderPanel({ client: { customerText: evil } });
    await runAndWait();
    fireEvent.click(await screen.findByRole('button', { name: /^#1 / }));
    const transcript = await screen.findByRole('region', { name: 'Conversation #1' });
    expect(within(transcript).getByText(evil)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    expect(screen.getByRole('heading', { name: 'Conversation #1' })).toHaveFocus();

    // Fallback turns and digressions are marked in words.
    expect(within(transcript).getAllByText('Fallback: invalid answer').length).toBeGreaterThan(0);
    expect(within(transcript).getByText('Off-topic: slot look-alike')).toBeInTheDocument();

    fireEvent.click(within(transcript).getByRole('button', { name: /Conversations/ }));
    await waitFor(() => expect(screen.getByRole('button', { name: /^#1 / })).toHaveFocus());
  });

  it('reads the host graph only when Run is clicked', async () => {
    const { getNodes, rerenderPanel } = renderPanel();
    rerenderPanel();
    rerenderPanel();
    fireEvent.click(persona('Elderly'));
    expect(getNodes).not.toHaveBeenCalled();
    await runAndWait();
    expect(getNodes).toHaveBeenCalledTimes(1);
    rerenderPanel();
    expect(getNodes).toHaveBeenCalledTimes(1);
  });

  it('gives each panel its own store', async () => {
    const a = createFakeClient();
    const b = createFakeClient();
    const g = hostGraph();
    const common = { open: true, onClose: () => {}, getNodes: () => g.nodes, getEdges: () => g.edges, flow: g.meta };
    render(
      <>
        <div data-testid="a">
          <StressTestPanel {...common} client={a} history={createMemoryHistory()} />
        </div>
        <div data-testid="b">
          <StressTestPanel {...common} client={b} history={createMemoryHistory()} />
        </div>
      </>,
    );
    const pa = within(screen.getByTestId('a'));
    const pb = within(screen.getByTestId('b'));
    fireEvent.click(within(pa.getByRole('radiogroup', { name: 'Persona' })).getByRole('radio', { name: 'Elderly' }));
    expect(within(pb.getByRole('radiogroup', { name: 'Persona' })).getByRole('radio', { name: 'Impatient' })).toBeChecked();
    fireEvent.click(pa.getByRole('button', { name: 'Run stress-test' }));
    await pa.findByRole('region', { name: 'Completion' });
    expect(pb.queryByRole('region', { name: 'Completion' })).toBeNull();
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(0);
  });

  it('creates the client lazily, once, under StrictMode, and disposes it on unmount', async () => {
    const client = createFakeClient();
    const createClient = vi.fn(() => client);
    const g = hostGraph();
    const { unmount } = render(
      <StrictMode>
        <StressTestPanel open onClose={() => {}} createClient={createClient} getNodes={() => g.nodes} getEdges={() => g.edges} flow={g.meta} />
      </StrictMode>,
    );
    expect(createClient).not.toHaveBeenCalled();
    await runAndWait();
    expect(createClient).toHaveBeenCalledTimes(1);
    await screen.findByRole('region', { name: 'Completion' });
    unmount();
    expect(client.disposed).toBe(1);
  });

  it('is toggled by the Stress-test button and closes on Escape, returning focus', async () => {
    const g = hostGraph();
    function Host() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <StressTestButton open={open} onOpenChange={setOpen} panelId="p" />
          <StressTestPanel id="p" open={open} onClose={() => setOpen(false)} client={createFakeClient()} getNodes={() => g.nodes} getEdges={() => g.edges} flow={g.meta} />
        </>
      );
    }
    render(<Host />);
    const button = screen.getByRole('button', { name: 'Stress-test' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).toHaveAttribute('aria-controls', 'p');
    expect(screen.queryByRole('complementary')).toBeNull();
    button.focus();
    fireEvent.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const panel = screen.getByRole('complementary', { name: 'Stress-test' });
    expect(screen.getByRole('heading', { name: 'Stress-test' })).toHaveFocus();
    fireEvent.keyDown(panel, { key: 'Escape' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).toHaveFocus();
  });

  it('shows a storage notice and keeps the results when saving fails', async () => {
    const history = createMemoryHistory();
    history.saveRun = async () => {
      const { FlowstressError } = await import('../../src/core/errors.ts');
      throw new FlowstressError('FS201', 'Storage is full: the run is kept in memory; delete old runs or prune stored transcripts to free space.');
    };
    renderPanel({ history });
    await runAndWait();
    expect(await screen.findByRole('region', { name: 'Completion' })).toBeInTheDocument();
    expect(screen.getByText(/Not saved to the history/)).toBeInTheDocument();
    expect(screen.getByText('Not saved')).toBeInTheDocument();
  });

  it('filters conversations by outcome and by node', async () => {
    renderPanel({ client: { quality: () => 0.5 } });
    await runAndWait();
    const list = () => screen.getByRole('list', { name: 'Conversations' });
    const all = within(list()).getAllByRole('button').length;
    expect(all).toBe(25);
    fireEvent.change(screen.getByRole('combobox', { name: 'Outcome' }), { target: { value: 'stuck' } });
    const stuck = within(list()).getAllByRole('button');
    expect(stuck.length).toBeGreaterThan(0);
    expect(stuck.length).toBeLessThan(all);
    stuck.forEach((b) => expect(b).toHaveTextContent('Stuck'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Outcome' }), { target: { value: 'all' } });
    fireEvent.click(screen.getByRole('button', { name: /^All at “What is your order number\?”/ }));
    expect(screen.getByText('Trouble at “What is your order number?”')).toBeInTheDocument();
    // Every stuck customer plus every customer who wandered off at the order question.
    expect(within(list()).getAllByRole('button').length).toBeGreaterThanOrEqual(stuck.length);
    fireEvent.click(screen.getByRole('button', { name: 'Clear node filter' }));
    expect(within(list()).getAllByRole('button')).toHaveLength(25);
  });
});
