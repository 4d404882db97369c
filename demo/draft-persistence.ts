/**
 * Keeps the demo's edited drafts across reloads (issue 12): History keeps every version's runs, so the
 * drafts that produced them must survive too. Only edited drafts and imported files are stored (an
 * untouched example comes from the bundle, so a newer demo build shows its newer examples), without
 * React Flow's view state. Writes are debounced (a drag fires a change per frame) and flushed when the
 * page is hidden. A storage that is full, disabled or holds something unreadable never breaks the builder:
 * it starts from the examples, as before.
 */
import type { FlowDocument } from 'flowstress';
import type { PersistStorage, StorageValue } from 'zustand/middleware';
import { fromFlowDocument, type BuilderNode, type Draft } from './builder-types.ts';

export const DRAFTS_STORAGE_KEY = 'flowstress-demo-drafts';
const WRITE_DELAY_MS = 300;

export interface PersistedDrafts {
  activeKey: string | null;
  drafts: Record<string, Draft>;
  /** Which stored drafts differ from their example or file. */
  dirty: Record<string, boolean>;
  /** Flows opened from files: their documents, for "Reset to example" and the picker. */
  imported: { key: string; label: string; original: FlowDocument }[];
}

interface PersistableState {
  sources: { key: string; label: string; original: FlowDocument }[];
  activeKey: string | null;
  drafts: Record<string, Draft>;
  dirty: Record<string, boolean>;
}

/** React Flow's per-session fields: selection, measurements, dragging. */
function stripViewState(draft: Draft): Draft {
  return {
    ...draft,
    nodes: draft.nodes.map(({ id, type, position, data }) => ({ id, type, position, data }) as BuilderNode),
    edges: draft.edges.map(({ selected: _s, ...e }) => e),
  };
}

export function toPersisted(s: PersistableState): PersistedDrafts {
  const imported = s.sources.filter((src) => src.key.startsWith('file:'));
  const keep = new Set([...Object.keys(s.dirty).filter((k) => s.dirty[k]), ...imported.map((src) => src.key)]);
  const drafts: Record<string, Draft> = {};
  const dirty: Record<string, boolean> = {};
  for (const key of keep) {
    if (!s.drafts[key]) continue;
    drafts[key] = stripViewState(s.drafts[key]);
    dirty[key] = Boolean(s.dirty[key]);
  }
  return { activeKey: s.activeKey, drafts, dirty, imported };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A stored draft the canvas and inspector can open; anything else is dropped rather than crash the page. */
function isDraft(v: unknown): v is Draft {
  return (
    isObj(v) && typeof v.id === 'string' && typeof v.name === 'string' && Array.isArray(v.intents) && isObj(v.settings) &&
    Array.isArray(v.nodes) && v.nodes.every((n) => isObj(n) && typeof n.id === 'string' && typeof n.type === 'string' && isObj(n.position) && isObj(n.data)) &&
    Array.isArray(v.edges) && v.edges.every((e) => isObj(e) && typeof e.id === 'string' && typeof e.source === 'string' && typeof e.target === 'string')
  );
}

/** Puts stored drafts back over the freshly loaded examples. */
export function restoreDrafts<S extends PersistableState>(persisted: unknown, current: S): PersistableState {
  if (!isObj(persisted)) return current;
  const known = new Set(current.sources.map((s) => s.key));
  const imported = (Array.isArray(persisted.imported) ? persisted.imported : []).filter(
    (s): s is PersistedDrafts['imported'][number] =>
      isObj(s) && typeof s.key === 'string' && s.key.startsWith('file:') && !known.has(s.key) && typeof s.label === 'string' && isObj(s.original),
  );
  const sources = [...current.sources, ...imported];
  const keys = new Set(sources.map((s) => s.key));
  const drafts = { ...current.drafts };
  const dirty = { ...current.dirty };
  for (const [key, draft] of Object.entries(isObj(persisted.drafts) ? persisted.drafts : {})) {
    if (!keys.has(key) || !isDraft(draft)) continue;
    drafts[key] = draft;
    dirty[key] = isObj(persisted.dirty) ? persisted.dirty[key] === true : true;
  }
  const wanted = typeof persisted.activeKey === 'string' ? sources.find((s) => s.key === persisted.activeKey) : undefined;
  if (!wanted) return { sources, activeKey: current.activeKey, drafts, dirty };
  // An example that was open but not edited comes from the bundle, as when it is picked.
  if (!drafts[wanted.key]) drafts[wanted.key] = fromFlowDocument(wanted.original);
  return { sources, activeKey: wanted.key, drafts, dirty };
}

/** localStorage behind a short debounce; every failure (no storage, full, unreadable) is a no-op. */
export function draftStorage(): PersistStorage<PersistedDrafts> | undefined {
  let ls: Storage;
  try {
    ls = window.localStorage;
    ls.getItem(DRAFTS_STORAGE_KEY);
  } catch {
    return undefined; // no storage: drafts live for the session, as before
  }
  let pending: { name: string; text: string } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!pending) return;
    try {
      ls.setItem(pending.name, pending.text);
    } catch (e) {
      console.warn('flowstress demo: could not keep the draft in localStorage (storage full or disabled); it lives for this session only.', e);
    }
    pending = null;
  };
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
  return {
    getItem(name) {
      try {
        const text = ls.getItem(name);
        return text === null ? null : (JSON.parse(text) as StorageValue<PersistedDrafts>);
      } catch {
        return null;
      }
    },
    setItem(name, value) {
      pending = { name, text: JSON.stringify(value) };
      timer ??= setTimeout(flush, WRITE_DELAY_MS);
    },
    removeItem(name) {
      pending = null;
      try {
        ls.removeItem(name);
      } catch {
        /* nothing stored */
      }
    },
  };
}
