import type {
  ConditionBranch,
  ConditionOp,
  Intent,
  NodeDataByKind,
  NodeKind,
  QuestionData,
  RouterData,
} from 'flowstress';
import type { BuilderNode } from './builder-types.ts';

export interface KindInfo {
  label: string;
  /** Accent colour of the node card, palette button and minimap. */
  color: string;
  /** One line for the palette tooltip. */
  hint: string;
}

export const KIND_INFO: Record<NodeKind, KindInfo> = {
  start: { label: 'Start', color: '#16a34a', hint: 'Entry point with an optional greeting' },
  message: { label: 'Message', color: '#2563eb', hint: 'The bot says a text' },
  question: { label: 'Question', color: '#7c3aed', hint: 'Asks for one slot and validates it' },
  router: { label: 'Intent router', color: '#ea580c', hint: 'Routes by the customer’s intent or by options' },
  condition: { label: 'Condition', color: '#0d9488', hint: 'Branches on captured slots' },
  action: { label: 'Action', color: '#4f46e5', hint: 'Calls a tool (always mocked in a stress test)' },
  handoff: { label: 'Handoff', color: '#db2777', hint: 'Transfers to a human' },
  end: { label: 'End', color: '#475569', hint: 'Ends the conversation' },
};

/** Palette order follows a typical flow from top to bottom. */
export const PALETTE_KINDS: NodeKind[] = ['start', 'message', 'question', 'router', 'condition', 'action', 'handoff', 'end'];

export const DEFAULT_MAX_ATTEMPTS = 3;

export const CONDITION_OPS: { op: ConditionOp; label: string; symbol: string; needsValue: boolean }[] = [
  { op: 'eq', label: 'equals', symbol: '=', needsValue: true },
  { op: 'neq', label: 'does not equal', symbol: '≠', needsValue: true },
  { op: 'gt', label: 'greater than', symbol: '>', needsValue: true },
  { op: 'lt', label: 'less than', symbol: '<', needsValue: true },
  { op: 'contains', label: 'contains', symbol: '∋', needsValue: true },
  { op: 'exists', label: 'is filled', symbol: 'filled', needsValue: false },
  { op: 'missing', label: 'is missing', symbol: 'missing', needsValue: false },
];

export function describeBranch(branch: ConditionBranch): string {
  const op = CONDITION_OPS.find((o) => o.op === branch.op);
  if (!op) return branch.id;
  const slot = branch.slot || '?';
  return op.needsValue ? `${slot} ${op.symbol} ${branch.value ?? '?'}` : `${slot} ${op.symbol}`;
}

/** Data for a node dropped from the palette: valid enough to run, obviously a placeholder to edit. */
export function defaultData(kind: NodeKind, uniqueSuffix: string): NodeDataByKind[NodeKind] {
  switch (kind) {
    case 'start':
      return { greeting: 'Hi! How can I help you today?' };
    case 'message':
      return { text: 'New message' };
    case 'question':
      return { slot: `slot_${uniqueSuffix}`, prompt: 'What is your …?', entity: { type: 'text' } } satisfies QuestionData;
    case 'router':
      return { prompt: 'What can I help you with?', mode: 'intent', intents: [] } satisfies RouterData;
    case 'condition':
      return { branches: [{ id: `branch_${uniqueSuffix}`, slot: '', op: 'exists' }] };
    case 'action':
      return { tool: 'my_tool', args: [], mock: { mode: 'success' } };
    case 'handoff':
      return { text: 'Let me connect you with a colleague.' };
    case 'end':
      return { text: 'Thanks, goodbye!' };
  }
}

export type PortTone = 'default' | 'failure';

/** One outgoing connection point of a node: the edge's `sourceHandle` and what the canvas labels it. */
export interface Port {
  /** `null` for kinds with a single unnamed output (start, message). */
  id: string | null;
  label: string;
  tone: PortTone;
}

function intentLabel(intents: Intent[], id: string): string {
  return intents.find((i) => i.id === id)?.label ?? id;
}

/**
 * The source handles of a node, as the flow document defines them (see `FlowEdge` in the package types).
 * The canvas renders one handle per port and the store drops edges whose handle disappeared.
 */
export function getPorts(node: BuilderNode, intents: Intent[]): Port[] {
  switch (node.type) {
    case 'start':
    case 'message':
      return [{ id: null, label: 'next', tone: 'default' }];
    case 'question': {
      const data = node.data as unknown as QuestionData;
      const attempts = data.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      // `valid` first: React Flow attaches an edge without a sourceHandle to the first handle.
      return [
        { id: 'valid', label: 'valid', tone: 'default' },
        { id: 'no_match', label: `no match ×${attempts}`, tone: 'failure' },
      ];
    }
    case 'router': {
      const data = node.data as unknown as RouterData;
      const attempts = data.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      const routes: Port[] =
        data.mode === 'options'
          ? (data.options ?? []).map((o) => ({ id: o.id, label: o.label || o.id, tone: 'default' as const }))
          : (data.intents ?? []).map((id) => ({ id, label: intentLabel(intents, id), tone: 'default' as const }));
      return [...routes, { id: 'no_match', label: `no match ×${attempts}`, tone: 'failure' }];
    }
    case 'condition': {
      const data = node.data as unknown as NodeDataByKind['condition'];
      return [
        ...(data.branches ?? []).map((b) => ({ id: b.id, label: describeBranch(b), tone: 'default' as const })),
        { id: 'else', label: 'else', tone: 'default' },
      ];
    }
    case 'action':
      return [
        { id: 'success', label: 'success', tone: 'default' },
        { id: 'error', label: 'error', tone: 'failure' },
      ];
    case 'handoff':
    case 'end':
      return [];
  }
}

export function hasTargetHandle(kind: NodeKind): boolean {
  return kind !== 'start';
}

/** The port an edge leaves from; an edge without a handle belongs to the node's first port. */
export function edgePortId(sourceHandle: string | null | undefined, ports: Port[]): string | null {
  return sourceHandle ?? ports[0]?.id ?? null;
}
