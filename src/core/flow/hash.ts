/**
 * A stable content hash of a flow: equal for two drafts that behave the same, different when anything the
 * engine reads changes. The history uses it to tell "same flow, re-run" from "edited flow".
 */
import { hashString } from '../simulate/random.ts';
import { compareStrings, handleOf } from './graph.ts';
import { withDefaultSettings } from './parse.ts';
import type { FlowDocument } from './types.ts';

/** Bumped when the canonical form changes, so old and new hashes never collide by accident. */
const CANONICAL_VERSION = 'flow-v1';

/**
 * JSON with object keys sorted (code-unit order) and `undefined` members left out, like `JSON.stringify` but
 * independent of key insertion order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    // Functions, symbols and undefined have no JSON form; inside arrays JSON writes them as null.
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value).sort(compareStrings)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * The part of a flow the engine reads, in canonical order:
 * - nodes as `{id, type, data}` sorted by id; `data.label` is dropped (a display name), and so is everything
 *   React Flow adds (position, selection, dragging, measured size, width/height, z-index, style);
 * - edges as `[source, handle, target]` sorted; edge ids, labels, styling, `animated`, `selected` and
 *   `targetHandle` are dropped, and a `null`, empty or missing `sourceHandle` are the same;
 * - intents and settings as they are (missing settings filled from the defaults, so a flow that spells the
 *   defaults out hashes like one that omits them). The flow's `id` and `name` are not content.
 */
export function canonicalFlow(flow: FlowDocument): unknown {
  const nodes = flow.nodes
    .map((n) => {
      const { label: _label, ...data } = (n.data ?? {}) as Record<string, unknown>;
      return { id: n.id, type: n.type, data };
    })
    .sort((a, b) => compareStrings(a.id, b.id));
  const edges = flow.edges
    .map((e) => [e.source, handleOf(e), e.target])
    .sort((a, b) => compareStrings(canonicalJson(a), canonicalJson(b)));
  return { v: CANONICAL_VERSION, nodes, edges, intents: flow.intents ?? [], settings: withDefaultSettings(flow.settings) };
}

/**
 * Stable 128-bit hex content hash of a flow (see {@link canonicalFlow} for what is ignored). Not cryptographic.
 *
 * @example
 * flowHash(draft) === flowHash(movedAround); // true: positions and selection do not count
 */
export function flowHash(flow: FlowDocument): string {
  return hashString(canonicalJson(canonicalFlow(flow)));
}
