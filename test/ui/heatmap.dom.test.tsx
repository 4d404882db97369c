import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ReactFlow as ReactFlow12 } from '@xyflow/react';
import ReactFlow11 from 'reactflow';
import type { ComponentType, ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { summarizeRun } from '../../src/core/score/summarize.ts';
import { createMemoryHistory } from '../../src/history/create-memory-history.ts';
import { createPanelStore } from '../../src/store/create-panel-store.ts';
import { PanelStoreProvider } from '../../src/store/panel-context.tsx';
import { getNodeHeat, type NodeHeat } from '../../src/ui/heatmap.ts';
import { StressHeatmapLayer } from '../../src/ui/StressHeatmapLayer.tsx';
import './dom-matchers.ts';
import { createFakeClient, makeConversation, miniFlow } from './fakes.ts';

afterEach(cleanup);

describe('getNodeHeat', () => {
  it('rates each node by the worse of its end share and its fallbacks per visit', () => {
    const conversations = Array.from({ length: 10 }, (_, i) => makeConversation(i, 'impatient', 1, 0.5));
    const summary = summarizeRun('impatient', 10, 1, conversations);
    const heat = getNodeHeat(summary);
    const ask = heat.ask_order!;
    const stuck = conversations.filter((c) => c.outcome === 'stuck').length;
    expect(ask.stuck).toBe(stuck);
    expect(ask.fallbacks).toBe(summary.nodes.ask_order!.fallbacks);
    expect(ask.level).toBeGreaterThan(0);
    expect(ask.level).toBeLessThanOrEqual(1);
    expect(ask.label).toContain(`${stuck} stuck`);
    expect(heat.menu?.level ?? 0).toBe(0);
  });

  it('accepts bare node stats', () => {
    const heat = getNodeHeat({ a: { visits: 4, fallbacks: 2, stuck: 0, abandoned: 1, hijacks: 0 }, b: { visits: 4, fallbacks: 0, stuck: 0, abandoned: 0, hijacks: 0 } });
    expect(heat.a).toMatchObject({ level: 0.5, label: '1 abandoned · 2 fallbacks' });
    expect(heat.b).toMatchObject({ level: 0, label: '' });
  });
});

const nodes = [
  { id: 'menu', position: { x: 0, y: 0 }, data: { label: 'Menu' } },
  { id: 'ask_order', position: { x: 0, y: 120 }, data: { label: 'Ask order' } },
];
const heat: Record<string, NodeHeat> = {
  menu: { level: 0, visits: 10, fallbacks: 0, stuck: 0, abandoned: 0, hijacks: 0, label: '' },
  ask_order: { level: 0.6, visits: 10, fallbacks: 6, stuck: 4, abandoned: 0, hijacks: 0, label: '4 stuck · 6 fallbacks' },
};

const hosts: [string, ComponentType<{ nodes: typeof nodes; edges: never[]; children?: ReactNode }>][] = [
  ['reactflow 11', ReactFlow11 as unknown as ComponentType<{ nodes: typeof nodes; edges: never[]; children?: ReactNode }>],
  ['@xyflow/react 12', ReactFlow12 as unknown as ComponentType<{ nodes: typeof nodes; edges: never[]; children?: ReactNode }>],
];

/** jsdom has no layout: give the host's node elements a box, as a browser would. */
function placeNode(id: string, box: { left: number; top: number; width: number; height: number }) {
  const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`)!;
  el.getBoundingClientRect = () => ({ ...box, right: box.left + box.width, bottom: box.top + box.height, x: box.left, y: box.top, toJSON: () => ({}) }) as DOMRect;
}

describe.each(hosts)('StressHeatmapLayer in a %s host', (_name, Flow) => {
  it('badges the troubled nodes only and reports clicks', async () => {
    const onNodeClick = vi.fn();
    render(
      <div style={{ width: 800, height: 600 }}>
        <Flow nodes={nodes} edges={[]}>
          <StressHeatmapLayer heat={heat} onNodeClick={onNodeClick} />
        </Flow>
      </div>,
    );
    const badge = await screen.findByRole('button', { name: /4 stuck · 6 fallbacks/ });
    expect(badge).toHaveTextContent('4 stuck');
    expect(badge.getAttribute('data-node-id')).toBe('ask_order');
    // The overlay sits inside the host's own container, not in a store or a portal elsewhere.
    expect(badge.closest('.react-flow')).not.toBeNull();
    expect(document.querySelectorAll('.fs-heat-badge')).toHaveLength(1);
    fireEvent.click(badge);
    expect(onNodeClick).toHaveBeenCalledWith('ask_order');
  });

  it('follows the node when the viewport pans', async () => {
    render(
      <div style={{ width: 800, height: 600 }}>
        <Flow nodes={nodes} edges={[]}>
          <StressHeatmapLayer heat={heat} />
        </Flow>
      </div>,
    );
    await waitFor(() => expect(document.querySelector('.react-flow__node[data-id="ask_order"]')).not.toBeNull());
    placeNode('ask_order', { left: 100, top: 200, width: 150, height: 40 });
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    await act(async () => {
      viewport.style.transform = 'translate(10px, 10px) scale(1)';
      await new Promise((r) => setTimeout(r, 120));
    });
    const badge = await screen.findByRole('button', { name: /4 stuck/ });
    await waitFor(() => expect(badge.style.left).toBe('250px'));
    expect(badge.style.top).toBe('200px');

    placeNode('ask_order', { left: 300, top: 50, width: 150, height: 40 });
    await act(async () => {
      viewport.style.transform = 'translate(210px, -140px) scale(1)';
      await new Promise((r) => setTimeout(r, 120));
    });
    await waitFor(() => expect(badge.style.left).toBe('450px'));
    expect(badge.style.top).toBe('50px');
  });

  it('takes its data from the panel store and filters the conversations to the clicked node', async () => {
    const flow = miniFlow();
    const store = createPanelStore({ client: createFakeClient({ quality: () => 0.5 }), history: createMemoryHistory(), getFlow: () => flow, flowId: flow.id });
    await store.getState().run();
    render(
      <PanelStoreProvider store={store}>
        <div style={{ width: 800, height: 600 }}>
          <Flow nodes={flow.nodes.map((n) => ({ id: n.id, position: n.position, data: { label: n.id } }))} edges={[]}>
            <StressHeatmapLayer />
          </Flow>
        </div>
      </PanelStoreProvider>,
    );
    const badge = await screen.findByRole('button', { name: /“What is your order number\?”: \d+ of \d+ went wrong here \(\d+%\) · \d+ stuck/ });
    expect(badge).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(badge);
    expect(store.getState().nodeFilter).toBe('ask_order');
    await waitFor(() => expect(badge).toHaveAttribute('aria-pressed', 'true'));
  });
});
