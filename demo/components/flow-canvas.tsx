import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type IsValidConnection,
} from '@xyflow/react';
import type { NodeKind } from 'flowstress';
import { useCallback, useEffect, useMemo, useRef, type DragEvent, type ReactNode } from 'react';
import { useBuilderStore } from '../builder-store.ts';
import type { BuilderEdge, BuilderNode, Draft } from '../builder-types.ts';
import { KIND_INFO, hasTargetHandle } from '../node-kinds.ts';
import { NODE_TYPES } from './flow-node.tsx';
import { KIND_DRAG_TYPE, NodePalette } from './node-palette.tsx';

/** Edges that carry a failure path (no-match, tool error) are drawn dashed so weak spots read at a glance. */
const FAILURE_HANDLES = new Set(['no_match', 'error']);
// The floating palette covers the canvas's left edge; frame the flow beside it.
export const FIT_VIEW = { padding: { top: '32px', right: '32px', bottom: '32px', left: '160px' }, maxZoom: 1 } as const;
const MARKER = { type: MarkerType.ArrowClosed, width: 16, height: 16 } as const;

function decorateEdges(edges: BuilderEdge[]): BuilderEdge[] {
  return edges.map((e) => {
    const failure = !!e.sourceHandle && FAILURE_HANDLES.has(e.sourceHandle);
    return { ...e, className: failure ? 'fb-edge fb-edge--failure' : 'fb-edge', markerEnd: MARKER };
  });
}

export function FlowCanvas({ draft, flowKey, children }: { draft: Draft; flowKey: string; children?: ReactNode }) {
  const onNodesChange = useBuilderStore((s) => s.onNodesChange);
  const onEdgesChange = useBuilderStore((s) => s.onEdgesChange);
  const connect = useBuilderStore((s) => s.connect);
  const addNode = useBuilderStore((s) => s.addNode);
  const { screenToFlowPosition, fitView, getInternalNode } = useReactFlow<BuilderNode, BuilderEdge>();
  const wrapper = useRef<HTMLDivElement>(null);

  // Frame each flow once all its nodes are measured. The `fitView` prop alone is not enough after a
  // switch: React Flow resolves it on the first measurement batch, which can hold only some new nodes.
  const nodesInitialized = useNodesInitialized();
  const framedKey = useRef<string | null>(null);
  useEffect(() => {
    if (!nodesInitialized || framedKey.current === flowKey) return;
    // The render that switched flows may still report the previous flow as initialised: check the new nodes.
    const measured = draft.nodes.every((n) => !!getInternalNode(n.id)?.measured.width);
    if (!measured) return;
    framedKey.current = flowKey;
    void fitView(FIT_VIEW);
  }, [nodesInitialized, flowKey, draft.nodes, fitView, getInternalNode]);

  const edges = useMemo(() => decorateEdges(draft.edges), [draft.edges]);

  const isValidConnection = useCallback<IsValidConnection>(
    (c) => {
      if (c.source === c.target) return false;
      const target = draft.nodes.find((n) => n.id === c.target);
      return !!target && hasTargetHandle(target.type);
    },
    [draft.nodes],
  );

  const addAtCentre = useCallback(
    (kind: NodeKind) => {
      const rect = wrapper.current?.getBoundingClientRect();
      if (!rect) return;
      const p = screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
      // Offset by half a card so the new node lands centred, nudged so repeated clicks do not stack exactly.
      const jitter = (draft.nodes.length % 5) * 16;
      addNode(kind, { x: p.x - 120 + jitter, y: p.y - 50 + jitter });
    },
    [addNode, draft.nodes.length, screenToFlowPosition],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(KIND_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(KIND_DRAG_TYPE) as NodeKind;
      if (!kind || !(kind in KIND_INFO)) return;
      event.preventDefault();
      const p = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addNode(kind, { x: p.x - 120, y: p.y - 20 });
    },
    [addNode, screenToFlowPosition],
  );

  return (
    <div className="fb-canvas" ref={wrapper} onDragOver={onDragOver} onDrop={onDrop}>
      <NodePalette onAdd={addAtCentre} />
      <ReactFlow<BuilderNode, BuilderEdge>
        // Remount per flow so fitView frames the newly opened flow.
        key={flowKey}
        nodes={draft.nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={connect}
        isValidConnection={isValidConnection}
        deleteKeyCode={['Backspace', 'Delete']}
        fitView
        fitViewOptions={FIT_VIEW}
        minZoom={0.2}
        maxZoom={2}
        snapToGrid
        snapGrid={[8, 8]}
        aria-label="Flow canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1.2} color="#cbd5e1" />
        <Controls position="bottom-left" showInteractive={false} />
        <MiniMap
          position="bottom-right"
          pannable
          zoomable
          nodeColor={(n) => KIND_INFO[n.type as NodeKind]?.color ?? '#94a3b8'}
          nodeStrokeWidth={0}
          style={{ width: 168, height: 112 }}
          maskColor="rgba(241, 245, 249, 0.7)"
          ariaLabel="Mini map"
        />
        {children}
      </ReactFlow>
    </div>
  );
}
