import { ReactFlow, ReactFlowProvider, useReactFlow, Background } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createMemoryHistory } from '../../../src/history/create-memory-history.ts';
import { StressHeatmapLayer } from '../../../src/ui/StressHeatmapLayer.tsx';
import { StressTestButton } from '../../../src/ui/StressTestButton.tsx';
import { StressTestPanel } from '../../../src/ui/StressTestPanel.tsx';
import { StressTestProvider } from '../../../src/ui/StressTestProvider.tsx';
import { createFakeClient, hostGraph, miniFlow } from '../fakes.ts';

const params = new URLSearchParams(location.search);
const broken = params.has('broken');
const flow = miniFlow();
if (broken) flow.edges = flow.edges.filter((e) => !(e.source === 'menu' && e.sourceHandle === 'track'));
const graph = hostGraph(flow);
const nodes = graph.nodes.map((n) => ({ ...n, type: 'default', data: { ...n.data, label: (n.data as { label?: string }).label ?? n.id } }));
const client = createFakeClient({ quality: (_p, call) => [0.3, 0.55, 0.9][Math.min(call, 2)]!, customerText: params.get('text') ?? undefined, now: Date.now, pauseAfter: params.has('pause') ? 18 : undefined });

function App() {
  const [open, setOpen] = useState(true);
  const rf = useReactFlow();
  return (
    <StressTestProvider
      client={client}
      createHistory={() => createMemoryHistory()}
      getNodes={() => graph.nodes}
      getEdges={() => graph.edges}
      flow={graph.meta}
    >
      <div className="host">
        <div className="topbar">
          <strong>Support bot builder</strong>
          <StressTestButton open={open} onOpenChange={setOpen} panelId="fs-panel" />
        </div>
        <div className="main">
          <div className="canvas">
            <ReactFlow nodes={nodes} edges={graph.edges} fitView>
              <Background />
              <StressHeatmapLayer />
            </ReactFlow>
          </div>
          <StressTestPanel id="fs-panel" open={open} onClose={() => setOpen(false)} onSelectNode={(id) => rf.fitView({ nodes: [{ id }], duration: 200 })} />
        </div>
      </div>
    </StressTestProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ReactFlowProvider>
      <App />
    </ReactFlowProvider>
  </StrictMode>,
);
