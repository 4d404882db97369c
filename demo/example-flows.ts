import type { FlowDocument } from 'flowstress';

export interface ExampleFlow {
  /** File name without extension; the picker's key (two files may share a flow id, e.g. draft and fixed). */
  key: string;
  doc: FlowDocument;
}

// Bundled at build time: the demo has no server and reads nothing over the network.
const modules = import.meta.glob<FlowDocument>('./flows/*.json', { eager: true, import: 'default' });

/** The before/after pair of the walkthrough comes first; the rest alphabetically. */
const PINNED = ['order-tracking-draft', 'order-tracking-fixed'];

export const EXAMPLE_FLOWS: ExampleFlow[] = Object.entries(modules)
  .map(([path, doc]) => ({ key: path.replace(/^.*\/|\.json$/g, ''), doc }))
  .sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));

function rank(key: string): number {
  const i = PINNED.indexOf(key);
  return i === -1 ? PINNED.length : i;
}
