import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { fromReactFlow, type FlowMapping } from '../adapters/react-flow.ts';
import type { PartialFlowSettings } from '../core/flow/parse.ts';
import type { Intent } from '../core/flow/types.ts';
import type { HistoryRepository } from '../history/types.ts';
import { createPanelStore, type PanelStoreApi } from '../store/create-panel-store.ts';
import { PanelStoreProvider } from '../store/panel-context.tsx';
import { resolvePanelServices, type PanelServices } from '../store/services.ts';
import type { FlowSource } from '../store/types.ts';
import type { StressClient } from '../worker/types.ts';

/** Flow-level data that sits beside the host's nodes and edges. */
export interface StressTestFlowMeta {
  id: string;
  name: string;
  intents: Intent[];
  /** Missing fields take the defaults. */
  settings?: PartialFlowSettings;
}

export interface StressTestSetupProps {
  /** A stress client owned by the host (it disposes it). */
  client?: StressClient;
  /** Or a factory: called on the first run, disposed when the panel unmounts. */
  createClient?: () => StressClient;
  /** A history repository owned by the host (it closes it). */
  history?: HistoryRepository;
  /** Or a factory, opened when the panel mounts; without either, runs are kept for the session only. */
  createHistory?: () => HistoryRepository | Promise<HistoryRepository>;
  /** Reads the host's current nodes. Called only when a run starts, never on render or drag. */
  getNodes: () => unknown[];
  /** Reads the host's current edges. Called only when a run starts. */
  getEdges: () => unknown[];
  flow: StressTestFlowMeta;
  /** How the host's node types and data map to flowstress's kinds (see `fromReactFlow`). */
  mapping?: FlowMapping;
}

/**
 * Creates one panel store and shares it with everything below: the panel and the canvas heatmap layer.
 * Use it when the heatmap sits inside the host's `<ReactFlow>` and the panel beside it; a lone
 * `<StressTestPanel>` creates its own.
 *
 * @example
 * <StressTestProvider createClient={createStressClient} createHistory={createHistory}
 *   getNodes={() => rf.getNodes()} getEdges={() => rf.getEdges()} flow={meta}>
 *   <ReactFlow nodes={nodes} edges={edges}><StressHeatmapLayer /></ReactFlow>
 *   <StressTestPanel open={open} onClose={() => setOpen(false)} onSelectNode={focusNode} />
 * </StressTestProvider>
 */
export function StressTestProvider({ children, ...setup }: StressTestSetupProps & { children?: ReactNode }) {
  const store = useStressTestStore(setup);
  return <PanelStoreProvider store={store}>{children}</PanelStoreProvider>;
}

/**
 * Creates the panel's store once per component instance, connects it to the history while mounted and
 * reads the host's graph through the latest props when a run starts.
 * @internal
 */
export function useStressTestStore(setup: StressTestSetupProps): PanelStoreApi {
  const latest = useRef(setup);
  useLayoutEffect(() => {
    latest.current = setup;
  });

  // Created once and kept in a ref: StrictMode's second render reuses it, and creating it has no side
  // effects (the client and history are lazy until the effect below connects them).
  const instance = useRef<{ store: PanelStoreApi; services: PanelServices } | null>(null);
  if (!instance.current) {
    const services = resolvePanelServices(setup);
    const store = createPanelStore({
      client: services.client,
      history: services.history,
      flowId: setup.flow.id,
      flowName: setup.flow.name,
      getFlow: (): FlowSource => {
        const s = latest.current;
        return fromReactFlow(
          { nodes: s.getNodes(), edges: s.getEdges(), id: s.flow.id, name: s.flow.name, intents: s.flow.intents, settings: s.flow.settings },
          s.mapping,
        );
      },
    });
    instance.current = { store, services };
  }
  const { store, services } = instance.current;

  useEffect(() => {
    const disconnect = store.getState().connect();
    return () => {
      disconnect();
      services.release();
    };
  }, [store, services]);

  const { id, name } = setup.flow;
  useEffect(() => {
    store.getState().setFlowMeta({ id, name });
  }, [store, id, name]);

  return store;
}
