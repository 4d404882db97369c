import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import type { FlowDocument, FlowSettings, Intent, NodeKind } from 'flowstress';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { fromFlowDocument, type BuilderNode, type Draft } from './builder-types.ts';
import { EXAMPLE_FLOWS } from './example-flows.ts';
import { DRAFTS_STORAGE_KEY, draftStorage, restoreDrafts, toPersisted, type PersistedDrafts } from './draft-persistence.ts';
import { defaultData, edgePortId, getPorts } from './node-kinds.ts';

export interface FlowSource {
  key: string;
  label: string;
  /** Where "Reset to example" goes back to. */
  original: FlowDocument;
}

export type SidebarTab = 'node' | 'flow' | 'intents';

export interface BuilderState {
  sources: FlowSource[];
  activeKey: string | null;
  /**
   * One draft per source, so switching flows keeps edits. Edited drafts (and imported files) are kept in
   * this browser's localStorage, so a reload keeps them, as History keeps their runs; the stress test runs
   * against exactly this draft. "Reset to example" discards the edits.
   */
  drafts: Record<string, Draft>;
  dirty: Record<string, boolean>;
  sidebarTab: SidebarTab;
  /** The inspector folds away to give the canvas room while the Stress-test drawer is open. */
  inspectorOpen: boolean;

  openFlow(key: string): void;
  importFlow(doc: FlowDocument, fileName: string): void;
  resetToExample(): void;
  setSidebarTab(tab: SidebarTab): void;
  setInspectorOpen(open: boolean): void;
  onNodesChange(changes: NodeChange<BuilderNode>[]): void;
  onEdgesChange(changes: EdgeChange[]): void;
  connect(connection: Connection): void;
  addNode(kind: NodeKind, position: XYPosition): string;
  updateNodeData(id: string, update: (data: Record<string, unknown>) => Record<string, unknown>): void;
  deleteNode(id: string): void;
  selectNode(id: string | null): void;
  renameFlow(name: string): void;
  updateSettings(update: (settings: FlowSettings) => FlowSettings): void;
  updateIntents(update: (intents: Intent[]) => Intent[]): void;
}

/** Selection and measurement are view state; they must not flag the draft as edited. */
const VIEW_ONLY_CHANGES = new Set(['select', 'dimensions']);

/** After a node's routes change, edges leaving from handles that no longer exist would dangle. */
function pruneEdges(draft: Draft, nodeId: string): Draft['edges'] {
  const node = draft.nodes.find((n) => n.id === nodeId);
  if (!node) return draft.edges.filter((e) => e.source !== nodeId && e.target !== nodeId);
  const ports = getPorts(node, draft.intents);
  if (ports.length === 1 && ports[0].id === null) return draft.edges;
  const ids = new Set(ports.map((p) => p.id));
  return draft.edges.filter((e) => e.source !== nodeId || ids.has(edgePortId(e.sourceHandle, ports)));
}

function uniqueNodeId(kind: NodeKind, nodes: BuilderNode[]): string {
  const taken = new Set(nodes.map((n) => n.id));
  let i = nodes.filter((n) => n.type === kind).length + 1;
  while (taken.has(`${kind}_${i}`)) i++;
  return `${kind}_${i}`;
}

const initialSources: FlowSource[] = EXAMPLE_FLOWS.map((f) => ({ key: f.key, label: f.doc.name, original: f.doc }));

export const useBuilderStore = create<BuilderState>()(
  persist((set, get) => {
  /** Applies an edit to the active draft and marks it edited (unless told it is view-only). */
  const edit = (fn: (draft: Draft) => Draft, markDirty = true) => {
    const { activeKey, drafts, dirty } = get();
    if (!activeKey || !drafts[activeKey]) return;
    set({
      drafts: { ...drafts, [activeKey]: fn(drafts[activeKey]) },
      dirty: markDirty ? { ...dirty, [activeKey]: true } : dirty,
    });
  };

  return {
    sources: initialSources,
    activeKey: initialSources[0]?.key ?? null,
    drafts: initialSources[0] ? { [initialSources[0].key]: fromFlowDocument(initialSources[0].original) } : {},
    dirty: {},
    sidebarTab: 'flow',
    inspectorOpen: true,

    openFlow(key) {
      const { sources, drafts } = get();
      const source = sources.find((s) => s.key === key);
      if (!source) return;
      set({
        activeKey: key,
        drafts: drafts[key] ? drafts : { ...drafts, [key]: fromFlowDocument(source.original) },
      });
    },

    importFlow(doc, fileName) {
      const key = `file:${fileName}`;
      const { sources, drafts, dirty } = get();
      const source: FlowSource = { key, label: `${doc.name || fileName} (${fileName})`, original: doc };
      set({
        sources: [...sources.filter((s) => s.key !== key), source],
        activeKey: key,
        drafts: { ...drafts, [key]: fromFlowDocument(doc) },
        dirty: { ...dirty, [key]: false },
      });
    },

    resetToExample() {
      const { activeKey, sources, drafts, dirty } = get();
      const source = sources.find((s) => s.key === activeKey);
      if (!source || !activeKey) return;
      set({ drafts: { ...drafts, [activeKey]: fromFlowDocument(source.original) }, dirty: { ...dirty, [activeKey]: false } });
    },

    setSidebarTab(tab) {
      set({ sidebarTab: tab });
    },

    setInspectorOpen(open) {
      set({ inspectorOpen: open });
    },

    onNodesChange(changes) {
      const markDirty = changes.some((c) => !VIEW_ONLY_CHANGES.has(c.type));
      edit((d) => {
        const nodes = applyNodeChanges(changes, d.nodes);
        const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
        // React Flow removes connected edges itself via onEdgesChange; this guards programmatic removals.
        const edges = removed.length ? d.edges.filter((e) => !removed.includes(e.source) && !removed.includes(e.target)) : d.edges;
        return { ...d, nodes, edges };
      }, markDirty);
    },

    onEdgesChange(changes) {
      const markDirty = changes.some((c) => !VIEW_ONLY_CHANGES.has(c.type));
      edit((d) => ({ ...d, edges: applyEdgeChanges(changes, d.edges) }), markDirty);
    },

    connect(connection) {
      edit((d) => {
        const source = d.nodes.find((n) => n.id === connection.source);
        if (!source) return d;
        const ports = getPorts(source, d.intents);
        const port = edgePortId(connection.sourceHandle, ports);
        // One edge per output: the runtime follows a single edge per handle, so a new connection replaces the old one.
        const edges = d.edges.filter((e) => !(e.source === connection.source && edgePortId(e.sourceHandle, ports) === port));
        const id = `e_${connection.source}_${port ?? 'next'}_${connection.target}`;
        return { ...d, edges: addEdge({ ...connection, id }, edges) };
      });
    },

    addNode(kind, position) {
      const draft = get().activeKey ? get().drafts[get().activeKey!] : undefined;
      const id = uniqueNodeId(kind, draft?.nodes ?? []);
      const node: BuilderNode = {
        id,
        type: kind,
        position,
        selected: true,
        data: defaultData(kind, id.split('_').pop() ?? '1') as unknown as Record<string, unknown>,
      };
      edit((d) => ({ ...d, nodes: [...d.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] }));
      return id;
    },

    updateNodeData(id, update) {
      edit((d) => {
        const next = { ...d, nodes: d.nodes.map((n) => (n.id === id ? { ...n, data: update(n.data) } : n)) };
        return { ...next, edges: pruneEdges(next, id) };
      });
    },

    deleteNode(id) {
      edit((d) => ({
        ...d,
        nodes: d.nodes.filter((n) => n.id !== id),
        edges: d.edges.filter((e) => e.source !== id && e.target !== id),
      }));
    },

    selectNode(id) {
      edit(
        (d) => ({
          ...d,
          nodes: d.nodes.map((n) => ((n.id === id) !== !!n.selected ? { ...n, selected: n.id === id } : n)),
          edges: d.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        }),
        false,
      );
      if (id) set({ sidebarTab: 'node', inspectorOpen: true });
    },

    renameFlow(name) {
      edit((d) => ({ ...d, name }));
    },

    updateSettings(update) {
      edit((d) => ({ ...d, settings: update(d.settings) }));
    },

    updateIntents(update) {
      edit((d) => ({ ...d, intents: update(d.intents) }));
    },
  };
  }, {
    name: DRAFTS_STORAGE_KEY,
    version: 1,
    storage: draftStorage(),
    partialize: (s): PersistedDrafts => toPersisted(s),
    merge: (persisted, current) => ({ ...current, ...restoreDrafts(persisted, current) }),
  }),
);

/** The draft being edited (undefined only when no example flow is bundled). */
export function useActiveDraft(): Draft | undefined {
  return useBuilderStore((s) => (s.activeKey ? s.drafts[s.activeKey] : undefined));
}
