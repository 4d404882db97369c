import type { FlowDocument, FlowNode } from '../core/flow/types.ts';

const MAX = 40;

function clip(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > MAX ? `${t.slice(0, MAX - 1)}…` : t;
}

/**
 * A readable name for a node: its label, else what it says or asks, else its kind and id. Designers
 * recognise "Ask order number", not "n7".
 */
export function nodeLabelOf(node: FlowNode): string {
  if (node.data.label) return clip(node.data.label);
  const d = node.data as { prompt?: string; text?: string; tool?: string };
  const text = d.prompt ?? d.text ?? (d.tool ? `Call ${d.tool}` : undefined);
  return text ? clip(text) : `${node.type} ${node.id}`;
}

/** By node id, in a null-prototype object: no id can reach a built-in (`__proto__`, `constructor`). */
export function nodeLabelsOf(flow: FlowDocument): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const n of flow.nodes) out[n.id] = nodeLabelOf(n);
  return out;
}

/** Short names for tight spots (a transcript turn's node): the label when set, else the node id. */
export function nodeTagsOf(flow: FlowDocument): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const n of flow.nodes) out[n.id] = n.data.label ? clip(n.data.label) : n.id;
  return out;
}
