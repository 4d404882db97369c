import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import {
  createHistory,
  createStressClient,
  StressHeatmapLayer,
  StressTestButton,
  StressTestPanel,
  StressTestProvider,
  type StressClient,
  type StressTestFlowMeta,
} from 'flowstress';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useActiveDraft, useBuilderStore } from './builder-store.ts';
import type { BuilderEdge, BuilderNode, Draft } from './builder-types.ts';
import { FIT_VIEW, FlowCanvas } from './components/flow-canvas.tsx';
import { Sidebar } from './components/sidebar.tsx';
import { TopBar } from './components/top-bar.tsx';

const PANEL_ID = 'fb-stress-panel';
/** From this width the canvas keeps enough room with both the inspector and the drawer open. */
const WIDE_SCREEN = 1600;

/** The demo's own database, so trying the demo never mixes with another app's runs on the same origin. */
const openHistory = () => createHistory({ name: 'flowstress-demo-history' });

/**
 * The worker client, owned by the host so it can be warmed when the drawer opens (the first run then
 * skips worker start-up). Created in an effect, not a state initialiser: StrictMode would build two.
 */
function useStressClient(): StressClient | null {
  const [client, setClient] = useState<StressClient | null>(null);
  useEffect(() => {
    const c = createStressClient();
    setClient(c);
    return () => c.dispose();
  }, []);
  return client;
}

function Builder({ draft, flowKey, client }: { draft: Draft; flowKey: string; client: StressClient }) {
  const rf = useReactFlow<BuilderNode, BuilderEdge>();
  const selectNode = useBuilderStore((s) => s.selectNode);
  const [open, setOpen] = useState(false);

  const setInspectorOpen = useBuilderStore((s) => s.setInspectorOpen);

  useEffect(() => {
    if (open) void client.warm();
  }, [open, client]);

  const toggleDrawer = useCallback(
    (next: boolean) => {
      setOpen(next);
      // Canvas, inspector and a 420px drawer do not fit side by side on a laptop screen: fold the inspector
      // (selecting a node unfolds it again, for the fix-and-rerun loop).
      if (next && window.innerWidth < WIDE_SCREEN) setInspectorOpen(false);
    },
    [setInspectorOpen],
  );

  // The canvas changes width when the drawer opens or closes; frame the flow again once the layout has
  // settled (two frames: React Flow learns its new size from a ResizeObserver after the first).
  useEffect(() => {
    let inner = 0;
    const outer = requestAnimationFrame(() => {
      inner = requestAnimationFrame(() => void rf.fitView({ ...FIT_VIEW, duration: 250 }));
    });
    return () => {
      cancelAnimationFrame(outer);
      cancelAnimationFrame(inner);
    };
  }, [open, rf]);

  // Flow-level data travels beside the graph; the panel reads all of it only when a run starts.
  const flow = useMemo<StressTestFlowMeta>(
    () => ({ id: draft.id, name: draft.name, intents: draft.intents, settings: draft.settings }),
    [draft.id, draft.name, draft.intents, draft.settings],
  );
  const getNodes = useCallback(() => rf.getNodes(), [rf]);
  const getEdges = useCallback(() => rf.getEdges(), [rf]);

  /** A finding, a transcript step or a heatmap badge points at a node: select it and bring it into view. */
  const revealNode = useCallback(
    (id: string) => {
      const node = rf.getInternalNode(id);
      if (!node) return;
      selectNode(id);
      const { x, y } = node.internals.positionAbsolute;
      const w = node.measured.width ?? 280;
      const h = node.measured.height ?? 120;
      // Selecting may unfold the inspector and narrow the canvas: centre after that layout change.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => void rf.setCenter(x + w / 2, y + h / 2, { zoom: Math.max(rf.getZoom(), 0.9), duration: 400 })),
      );
    },
    [rf, selectNode],
  );

  return (
    <StressTestProvider client={client} createHistory={openHistory} getNodes={getNodes} getEdges={getEdges} flow={flow}>
      <TopBar draft={draft} actions={<StressTestButton open={open} onOpenChange={toggleDrawer} panelId={PANEL_ID} />} />
      <main className="fb-main">
        <FlowCanvas draft={draft} flowKey={flowKey}>
          <StressHeatmapLayer onNodeClick={revealNode} />
        </FlowCanvas>
        <Sidebar draft={draft} />
        {/* Kept mounted while closed: the panel keeps its results and history between openings. */}
        <div className={`fb-drawer${open ? ' is-open' : ''}`}>
          <StressTestPanel id={PANEL_ID} open={open} onClose={() => setOpen(false)} onSelectNode={revealNode} />
        </div>
      </main>
    </StressTestProvider>
  );
}

function Shell() {
  const draft = useActiveDraft();
  const activeKey = useBuilderStore((s) => s.activeKey);
  const client = useStressClient();
  if (!draft || !activeKey) {
    return (
      <>
        <TopBar draft={undefined} />
        <main className="fb-main">
          <div className="fb-placeholder fb-placeholder--page">
            <p>No example flows are bundled (demo/flows/*.json).</p>
            <p className="fb-muted">Open a flow document with “Open”.</p>
          </div>
        </main>
      </>
    );
  }
  // One frame without a client (before the effect runs) rather than a panel bound to a missing one.
  if (!client) return <TopBar draft={draft} />;
  return <Builder draft={draft} flowKey={activeKey} client={client} />;
}

export function App() {
  return (
    // The provider sits above the top bar and the drawer so the panel reads the graph through useReactFlow().
    <ReactFlowProvider>
      <div className="fb-app">
        <Shell />
      </div>
    </ReactFlowProvider>
  );
}
