import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ReactFlow } from '@xyflow/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NodeStats } from '../../src/core/score/types.ts';
import { summarizeRun } from '../../src/core/score/summarize.ts';
import { whatGotWorse } from '../../src/core/score/regression.ts';
import type { ConversationResult } from '../../src/core/simulate/types.ts';
import { createMemoryHistory } from '../../src/history/create-memory-history.ts';
import { createPanelStore } from '../../src/store/create-panel-store.ts';
import { PanelStoreProvider } from '../../src/store/panel-context.tsx';
import { getNodeHeat, heatBadgeText } from '../../src/ui/heatmap.ts';
import { StressHeatmapLayer } from '../../src/ui/StressHeatmapLayer.tsx';
import { StressTestPanel } from '../../src/ui/StressTestPanel.tsx';
import { TranscriptViewer } from '../../src/ui/TranscriptViewer.tsx';
import './dom-matchers.ts';
import { createFakeClient, hostGraph, makeConversation, miniFlow, type FakeClient } from './fakes.ts';

afterEach(cleanup);

const stats = (visits: number, started: number, extra: Partial<NodeStats> = {}): NodeStats => ({ visits, fallbacks: 0, stuck: 0, abandoned: 0, hijacks: 0, reached: visits, started, misroutes: 0, offTopic: 0, offTopicRecovered: 0, ...extra });

describe('getNodeHeat ranks like why this score', () => {
  it('a question where 17 of 20 went wrong is hotter and ranked above a menu with 40 of 600', () => {
    const heat = getNodeHeat({ menu: stats(600, 40, { fallbacks: 90, misroutes: 12 }), ask_date: stats(20, 17, { fallbacks: 30, offTopic: 6, offTopicRecovered: 1 }), ok: stats(580, 0) });
    expect(heat.ask_date).toMatchObject({ rank: 1, started: 17, reached: 20 });
    expect(heat.menu).toMatchObject({ rank: 2, misroutes: 12 });
    expect(heat.ask_date!.level).toBeGreaterThan(0.6);
    expect(heat.menu!.level).toBeLessThan(0.15);
    expect(heatBadgeText(heat.ask_date!)).toBe('#1 · 17/20 went wrong');
    expect(heat.ask_date!.label).toBe('17 of 20 went wrong here (85%) · 30 fallbacks · off-topic recovered 1 of 6');
    expect(heat.menu!.label).toBe('40 of 600 went wrong here (7%) · 12 misrouted · 90 fallbacks');
    expect(heat.ok).toMatchObject({ level: 0, label: '' });
  });

  it('a node id __proto__ is an ordinary key of the heat record', () => {
    const nodes = JSON.parse('{"__proto__": {"visits": 3, "fallbacks": 3, "stuck": 0, "abandoned": 0, "hijacks": 0, "reached": 3, "started": 2}}');
    const heat = getNodeHeat(nodes);
    expect(Object.keys(heat)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(heat, '__proto__')?.value).toMatchObject({ started: 2, rank: 1 });
    expect(({} as Record<string, unknown>).started).toBeUndefined();
  });

  it('marks the node whose started failures rose most since the previous run', () => {
    const prev = Array.from({ length: 20 }, (_, i) => makeConversation(i, 'elderly', 1, 0.9));
    const now = Array.from({ length: 20 }, (_, i) => makeConversation(i, 'elderly', 1, 0.3));
    const regression = whatGotWorse(prev, now);
    const heat = getNodeHeat(summarizeRun('elderly', 20, 1, now), { regression });
    const failing = (q: number) => Array.from({ length: 20 }, (_, i) => makeConversation(i, 'elderly', 1, q)).filter((c) => c.outcome !== 'completed').length;
    expect(heat.ask_order!.worse).toMatchObject({ before: failing(0.9), after: failing(0.3), delta: failing(0.3) - failing(0.9) });
    expect(heat.ask_order!.worse!.delta).toBeGreaterThan(5);
    expect(heat.menu?.worse).toBeUndefined();
  });
});

/** A client whose second batch is worse at the order-number question (same seed: the same customers). */
function worseningClient(): FakeClient {
  return createFakeClient({ quality: (_p, call) => (call === 0 ? 0.9 : 0.3) });
}

/** Adds misroutes at the menu to every third conversation, as a router that confused track and cancel would. */
function withMisroutes(client: FakeClient): FakeClient {
  const real = client.runBatch.bind(client);
  client.runBatch = async (req, opts) => {
    const res = await real(req, opts);
    if (!res.ok) return res;
    for (const r of res.result.results) {
      r.conversations = r.conversations.map((c): ConversationResult => (c.index % 3 === 0 ? { ...c, outcome: 'wrong_end', misroutes: [{ turn: 1, nodeId: 'menu', wanted: 'cancel', got: 'track' }] } : c));
      r.summary = summarizeRun(r.persona, req.n, req.seed, r.conversations, { flow: req.flow });
    }
    return res;
  };
  return client;
}

function renderPanel(client: FakeClient) {
  const g = hostGraph();
  return render(<StressTestPanel open onClose={() => {}} client={client} history={createMemoryHistory()} getNodes={() => g.nodes} getEdges={() => g.edges} flow={g.meta} />);
}

const runAndWait = async () => {
  fireEvent.click(screen.getByRole('button', { name: 'Run stress-test' }));
  await waitFor(() => expect(screen.getByRole('button', { name: 'Run stress-test' })).toBeEnabled());
};

describe('RunDetails: blame, misroutes, off-topic by node, what got worse', () => {
  it('why this score lists where failures started with their rate, and the misroutes per router', async () => {
    renderPanel(withMisroutes(createFakeClient({ quality: () => 0.6 })));
    await runAndWait();
    const why = (await screen.findByRole('heading', { name: 'Why this score' })).parentElement!;
    const items = within(why).getAllByRole('listitem').map((li) => li.textContent);
    // 9 of 25 misrouted at the menu (36%), the order-number question fails its stuck customers.
    expect(items[0]).toMatch(/^36%9 of 25 conversations went wrong at "How can I help\?" \(router menu\), 36% of the 25 customers who reached it: 9 reached the wrong end; after it routed them to something they did not ask for\./);
    expect(items[1]).toMatch(/went wrong at "What is your order number\?" \(question ask_order\), \d+% of the \d+ customers who reached it: \d+ got stuck; after the bot did not understand them there\./);
    expect(why.textContent).toMatch(/Misunderstood requests/);
    expect(why.textContent).toContain('“How can I help?” routed 9 requests somewhere the customer did not ask to go: wanted “cancel” → “track” ×9');
    fireEvent.click(within(why).getByRole('button', { name: '“How can I help?”' }));
    expect(await screen.findByText(/Trouble at “How can I help\?”/)).toBeInTheDocument();
  });

  it('shows off-topic recovery per listening node', async () => {
    renderPanel(createFakeClient());
    await runAndWait();
    const table = await screen.findByRole('table', { name: /Off-topic recovery by node/ });
    const row = within(table).getByRole('row', { name: /What is your order number\?/ });
    // Every fifth fake customer digresses at the order-number question and the bot brings them back.
    expect(row.textContent).toMatch(/^What is your order number\?100% \(5 of 5, good\)0$/);
  });

  it('after a re-run on the same customers, says what got worse and where, with an example', async () => {
    renderPanel(worseningClient());
    await runAndWait();
    await runAndWait();
    const note = await screen.findByRole('note', { name: 'What got worse' });
    await waitFor(() => expect(note.textContent).toMatch(/Since v1: Completion fell from 88% to 28% \(worse\)\. Failures starting at "What is your order number\?" rose from 3 to 18\. 15 conversations that completed before fail now\./));
    fireEvent.click(within(note).getByRole('button', { name: /Example: conversation #\d+/ }));
    expect(await screen.findByRole('heading', { name: /Conversation #\d+/ })).toBeInTheDocument();
  });
});

describe('the heatmap badge shows what got worse', () => {
  it('marks the node whose failures rose since the previous run', async () => {
    const flow = miniFlow();
    const store = createPanelStore({ client: worseningClient(), history: createMemoryHistory(), getFlow: () => flow, flowId: flow.id });
    await store.getState().run();
    await store.getState().run();
    render(
      <PanelStoreProvider store={store}>
        <div style={{ width: 800, height: 600 }}>
          <ReactFlow nodes={flow.nodes.map((n) => ({ id: n.id, position: n.position, data: { label: n.id } }))} edges={[]}>
            <StressHeatmapLayer />
          </ReactFlow>
        </div>
      </PanelStoreProvider>,
    );
    const badge = await screen.findByRole('button', { name: /^“What is your order number\?”: 18 of 25 went wrong here \(72%\) · 18 stuck · \d+ fallbacks · off-topic recovered 5 of 5\. Failures starting here rose from 3 to 18 since v1\./ });
    expect(badge.textContent).toBe('#1 · 18/25 went wrong▲ +15 since v1');
  });
});

describe('TranscriptViewer marks misroutes and where the conversation went wrong', () => {
  it('tags the misrouted turn and names the origin', () => {
    const base = makeConversation(3, 'elderly', 1, 0);
    const c: ConversationResult = { ...base, outcome: 'wrong_end', lastNodeId: 'bye', misroutes: [{ turn: 1, nodeId: 'menu', wanted: 'cancel', got: 'track' }] };
    const onSelectNode = vi.fn();
    render(<TranscriptViewer conversation={c} nodeLabel={(id) => `Node ${id}`} nodeTag={(id) => id} onBack={() => {}} onSelectNode={onSelectNode} />);
    expect(screen.getByText('Misunderstood at menu: meant “cancel”, routed as “track”')).toBeInTheDocument();
    expect(screen.getByText(/Went wrong at/).textContent).toBe('Went wrong at “Node menu”: the router sent them somewhere they did not ask to go, and they never got past it.');
    const marked = screen.getByText('Went wrong here').closest('li.fs-turn')!;
    expect(marked).toHaveClass('fs-turn--origin');
    expect(marked.textContent).toContain('where is my parcel');
    fireEvent.click(screen.getByRole('button', { name: '“Node menu”' }));
    expect(onSelectNode).toHaveBeenCalledWith('menu');
  });
});
