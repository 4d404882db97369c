import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import type { ActionData, EntitySpec, NodeDataByKind, QuestionData, RouterData } from 'flowstress';
import { memo, useEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import { useBuilderStore } from '../builder-store.ts';
import type { BuilderNode } from '../builder-types.ts';
import { getPorts, hasTargetHandle, KIND_INFO } from '../node-kinds.ts';
import { KindIcon } from './icons.tsx';

const NO_INTENTS: never[] = [];

export function describeEntity(entity: EntitySpec | undefined): string {
  if (!entity) return 'no entity';
  switch (entity.type) {
    case 'pattern':
      return `pattern ${entity.pattern}`;
    case 'choice':
      return `choice: ${entity.options.map((o) => o.value).join(' / ') || 'no options'}`;
    case 'number': {
      const range = entity.min !== undefined || entity.max !== undefined ? ` ${entity.min ?? '…'}–${entity.max ?? '…'}` : '';
      return `number${range}`;
    }
    case 'yes_no':
      return 'yes / no';
    case 'text':
      return entity.minWords ? `free text, ≥ ${entity.minWords} words` : 'free text';
    default:
      return entity.type;
  }
}

function describeMock(mock: ActionData['mock'] | undefined): string {
  if (!mock) return 'no mock';
  if (mock.mode === 'error_rate') return `mock: fails ${Math.round(mock.rate * 100)}%`;
  return mock.mode === 'error' ? 'mock: always fails' : 'mock: success';
}

function Quote({ text, empty }: { text: string | undefined; empty: string }) {
  return text ? <p className="fb-node__text">{text}</p> : <p className="fb-node__text fb-node__text--empty">{empty}</p>;
}

function Chip({ children, mono, title }: { children: ReactNode; mono?: boolean; title?: string }) {
  return (
    <span className={mono ? 'fb-chip fb-chip--mono' : 'fb-chip'} title={title}>
      {children}
    </span>
  );
}

/** The kind-specific summary: just enough to read the flow without opening the inspector. */
function NodeBody({ node }: { node: BuilderNode }) {
  switch (node.type) {
    case 'start':
      return <Quote text={(node.data as NodeDataByKind['start']).greeting} empty="No greeting" />;
    case 'message':
      return <Quote text={(node.data as unknown as NodeDataByKind['message']).text} empty="Empty message" />;
    case 'question': {
      const d = node.data as unknown as QuestionData;
      return (
        <>
          <Quote text={d.prompt} empty="No prompt" />
          <p className="fb-node__slot" title={`Slot ${d.slot || '(none)'}: ${describeEntity(d.entity)}`}>
            <span className="fb-node__slot-name">{d.slot || 'no slot'}</span>
            <span className="fb-node__slot-entity">{describeEntity(d.entity)}</span>
          </p>
        </>
      );
    }
    case 'router': {
      const d = node.data as unknown as RouterData;
      return (
        <>
          <Quote text={d.prompt} empty="No prompt" />
          {d.mode === 'options' && (
            <div className="fb-node__chips">
              <Chip>buttons</Chip>
            </div>
          )}
        </>
      );
    }
    case 'condition':
      // The branches are the outlets; the body would only repeat them.
      return null;
    case 'action': {
      const d = node.data as unknown as ActionData;
      return (
        <>
          <p className="fb-node__code">
            {d.tool || 'tool'}({(d.args ?? []).join(', ')})
          </p>
          <div className="fb-node__chips">
            <Chip>{describeMock(d.mock)}</Chip>
          </div>
        </>
      );
    }
    case 'handoff':
    case 'end':
      return <Quote text={(node.data as NodeDataByKind['end']).text} empty={node.type === 'end' ? 'Ends silently' : 'Hands off silently'} />;
  }
}

/** Flows are laid out top to bottom: in at the top, one labelled outlet per route along the bottom. */
function FlowNodeView(props: NodeProps<BuilderNode>) {
  const { id, type, selected } = props;
  const node = { id, type, data: props.data, position: { x: 0, y: 0 } } as BuilderNode;
  const intents = useBuilderStore((s) => (s.activeKey ? s.drafts[s.activeKey]?.intents : undefined) ?? NO_INTENTS);
  const ports = getPorts(node, intents);
  const info = KIND_INFO[type];
  const single = ports.length === 1 && ports[0].id === null;
  const byIntent = type === 'router' && (props.data as unknown as RouterData).mode !== 'options';

  // Handles are measured when the node mounts or resizes; a renamed or re-ordered route changes neither.
  // Skip the mount: an early per-node update makes the initial fitView frame only the first measured node.
  const updateNodeInternals = useUpdateNodeInternals();
  const portKey = ports.map((p) => p.id).join('|');
  const measuredPorts = useRef(portKey);
  useEffect(() => {
    if (measuredPorts.current === portKey) return;
    measuredPorts.current = portKey;
    updateNodeInternals(id);
  }, [id, portKey, updateNodeInternals]);

  // The icon and colour already say the kind; the title names this node (its label, else its id).
  const title = typeof props.data.label === 'string' && props.data.label ? props.data.label : id;
  // Many routes need room for their labels. Example layouts put columns 320px apart, and a node with
  // four or more outlets (a router) usually has its row to itself.
  const width = Math.min(480, Math.max(280, ports.length * 110));

  return (
    <div
      className={`fb-node fb-node--${type}${selected ? ' is-selected' : ''}`}
      style={{ '--kind': info.color, width } as CSSProperties}
      data-kind={type}
    >
      {hasTargetHandle(type) && <Handle type="target" position={Position.Top} className="fb-handle fb-handle--in" />}
      <header className="fb-node__head">
        <span className="fb-node__icon">
          <KindIcon kind={type} size={15} />
        </span>
        <span className="fb-node__heading">
          <span className="fb-node__kind">{info.label}</span>
          <span className="fb-node__title" title={title === id ? `Node id: ${id}` : `${title} (node id: ${id})`}>
            {title}
          </span>
        </span>
      </header>
      <div className="fb-node__body">
        <NodeBody node={node} />
      </div>
      {single ? (
        <Handle type="source" position={Position.Bottom} className="fb-handle fb-handle--out" />
      ) : (
        ports.length > 0 && (
          <div className="fb-node__ports">
            {ports.map((port) => {
              const phrases = byIntent && port.id !== 'no_match' ? intents.find((i) => i.id === port.id)?.phrases.length : undefined;
              const hint = phrases === undefined ? port.label : `${port.label}: ${phrases} training phrase${phrases === 1 ? '' : 's'}`;
              return (
                <div key={port.id} className={`fb-port fb-port--${port.tone}`} title={hint}>
                  <span className="fb-port__label">{port.label}</span>
                  {phrases !== undefined && <span className={`fb-port__count${phrases < 3 ? ' is-low' : ''}`}>{phrases}</span>}
                  <Handle
                    type="source"
                    id={port.id ?? undefined}
                    position={Position.Bottom}
                    className={`fb-handle fb-handle--out fb-handle--${port.tone}`}
                  />
                </div>
              );
            })}
          </div>
        )
      )}
    </div>
  );
}

export const FlowNode = memo(FlowNodeView);

/** One renderer for every kind; the kind's look comes from KIND_INFO and the body switch. Stable object: React Flow warns when nodeTypes changes. */
export const NODE_TYPES = {
  start: FlowNode,
  message: FlowNode,
  question: FlowNode,
  router: FlowNode,
  condition: FlowNode,
  action: FlowNode,
  handoff: FlowNode,
  end: FlowNode,
};
