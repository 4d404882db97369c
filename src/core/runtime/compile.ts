import { FlowstressError, formatMessage } from '../errors.ts';
import type { EntitySpec, FlowDocument, FlowEdge, FlowNode } from '../flow/types.ts';
import { flowHash } from '../flow/hash.ts';
import { buildIntentMatcher, buildOptionMatcher } from './matcher/index.ts';
import type { OptionMatcher } from './matcher/types.ts';
import type { CompiledFlow } from './types.ts';

/**
 * Prepares a flow once for many conversations: node and edge indexes, the intent matcher and per-router
 * option matchers are built here, never per turn.
 *
 * The flow must already be structurally valid (run `validateFlow` first: a batch never starts on a flow
 * with errors). Compile checks only what it needs to run and throws FS104 otherwise.
 *
 * @example
 * const flow = compileFlow(doc);
 * let r = startConversation(flow, 42);
 * r = step(flow, r.state, 'where is my order');
 */
export function compileFlow(doc: FlowDocument, hash?: string): CompiledFlow {
  const nodes = new Map<string, FlowNode>();
  for (const n of doc.nodes) nodes.set(n.id, n);
  const starts = doc.nodes.filter((n) => n.type === 'start');
  if (starts.length !== 1) {
    throw new FlowstressError('FS104', formatMessage('FS104', `the flow needs exactly one start node, found ${starts.length}`));
  }
  const outgoing = new Map<string, FlowEdge[]>();
  for (const e of doc.edges) {
    if (!nodes.has(e.source) || !nodes.has(e.target)) continue; // validation reports these (FS003)
    const list = outgoing.get(e.source);
    if (list) list.push(e);
    else outgoing.set(e.source, [e]);
  }
  // The typo corrector must know every word the bot itself can expect, not only training phrases.
  const vocabulary: string[] = [];
  const options = new Map<string, OptionMatcher>();
  const slotTypes = new Map<string, EntitySpec['type']>();
  for (const n of doc.nodes) {
    if (n.type === 'question' && !slotTypes.has(n.data.slot)) slotTypes.set(n.data.slot, n.data.entity.type);
    if (n.type === 'router' && n.data.mode === 'options' && n.data.options) {
      options.set(n.id, buildOptionMatcher(n.data.options, doc.settings.matcher));
      for (const o of n.data.options) vocabulary.push(o.label, ...(o.synonyms ?? []));
    }
    if (n.type === 'question' && n.data.entity.type === 'choice') {
      for (const o of n.data.entity.options) vocabulary.push(o.value, ...(o.synonyms ?? []));
    }
  }
  const intents = buildIntentMatcher(doc.intents, doc.settings.matcher, vocabulary);
  return {
    doc,
    hash: hash ?? flowHash(doc),
    nodes,
    outgoing,
    startId: starts[0].id,
    intents,
    options,
    slotTypes,
  };
}
