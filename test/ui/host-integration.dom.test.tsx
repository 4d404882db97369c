/**
 * The whole data path inside a real host of each React Flow generation: the panel reads the host's live
 * nodes and edges through that version's `useReactFlow()` (with everything React Flow adds to them), the
 * adapter turns them into a flow document, the engine runs it, and the panel shows real scores.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ReactFlow as ReactFlow12, ReactFlowProvider as Provider12, useReactFlow as useReactFlow12 } from '@xyflow/react';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ReactFlow11, { ReactFlowProvider as Provider11, useReactFlow as useReactFlow11 } from 'reactflow';
import { useState, type ComponentType, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { flowHash } from '../../src/core/flow/hash.ts';
import { parseFlow } from '../../src/core/flow/parse.ts';
import type { FlowDocument } from '../../src/core/flow/types.ts';
import { compileFlow } from '../../src/core/runtime/compile.ts';
import { summarizeRun } from '../../src/core/score/summarize.ts';
import { simulateConversation } from '../../src/core/simulate/conversation.ts';
import { createMemoryHistory } from '../../src/history/create-memory-history.ts';
import { StressTestButton } from '../../src/ui/StressTestButton.tsx';
import { StressTestPanel } from '../../src/ui/StressTestPanel.tsx';
import type { BatchRequest, StressClient } from '../../src/worker/types.ts';
import './dom-matchers.ts';

afterEach(cleanup);

const parsed = parseFlow(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../demo/flows/order-tracking-draft.json'), 'utf8')));
if (!parsed.ok) throw new Error('example flow does not parse');
const example: FlowDocument = parsed.flow;

/** Runs the real engine in-process (the worker pool gives byte-identical results; see test/worker). */
function inProcessClient(seen: BatchRequest[]): StressClient {
  return {
    async runBatch(request, options) {
      seen.push(request);
      const flow = compileFlow(request.flow);
      const startedAt = Date.now();
      const results = request.personas.map((persona) => {
        const conversations = Array.from({ length: request.n }, (_, i) => simulateConversation(flow, persona, request.seed, i, request.options));
        conversations.forEach((c, i) => options?.onProgress?.({ done: i + 1, total: request.n * request.personas.length, conversation: c }));
        return { persona, conversations, summary: summarizeRun(persona, request.n, request.seed, conversations, { flow: request.flow }) };
      });
      return { ok: true, result: { status: 'completed', flowHash: flow.hash, startedAt, finishedAt: Date.now(), results } };
    },
    warm: async () => {},
    dispose: () => {},
  };
}

type Host = { name: string; Provider: ComponentType<{ children?: ReactNode }>; Flow: ComponentType<any>; useRF: () => { getNodes(): unknown[]; getEdges(): unknown[] } };
const hosts: Host[] = [
  { name: 'reactflow 11', Provider: Provider11 as ComponentType<{ children?: ReactNode }>, Flow: ReactFlow11 as ComponentType<any>, useRF: useReactFlow11 },
  { name: '@xyflow/react 12', Provider: Provider12 as ComponentType<{ children?: ReactNode }>, Flow: ReactFlow12 as ComponentType<any>, useRF: useReactFlow12 },
];

describe.each(hosts)('the panel in a $name host', ({ Provider, Flow, useRF }) => {
  function Builder({ client }: { client: StressClient }) {
    const rf = useRF();
    const [open, setOpen] = useState(false);
    // The host's own node shape: React Flow adds selection, measured sizes and more to these.
    const [nodes] = useState(() => example.nodes.map((n) => ({ ...n, selected: false, draggable: true })));
    return (
      <>
        <StressTestButton open={open} onOpenChange={setOpen} panelId="fs" />
        <div style={{ width: 800, height: 600 }}>
          <Flow nodes={nodes} edges={example.edges} />
        </div>
        <StressTestPanel id="fs" open={open} onClose={() => setOpen(false)} client={client} history={createMemoryHistory()}
          getNodes={() => rf.getNodes()} getEdges={() => rf.getEdges()}
          flow={{ id: example.id, name: example.name, intents: example.intents, settings: example.settings }} />
      </>
    );
  }

  it('runs the host\'s live graph through the real engine and shows the scores', async () => {
    const seen: BatchRequest[] = [];
    render(<Provider><Builder client={inProcessClient(seen)} /></Provider>);
    fireEvent.click(screen.getByRole('button', { name: 'Stress-test' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Elderly' }));
    fireEvent.click(screen.getByRole('radio', { name: '25' }));
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: 'Run stress-test' })); });
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Completion' })).toBeInTheDocument());
    expect(screen.getByRole('heading', { name: 'Fallback rate' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Off-topic recovery' })).toBeInTheDocument();
    // What reached the engine is the same flow as the document the host was built from.
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ personas: ['elderly'], n: 25 });
    expect(flowHash(seen[0].flow)).toBe(flowHash(example));
    expect(screen.getByRole('table', { name: 'History' })).toBeInTheDocument();
  });
});
