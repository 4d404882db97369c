/**
 * The demo keeps edited drafts across a reload (issue 12, point 13): History keeps every version's runs,
 * so the drafts behind them must survive too. A "reload" here is a fresh import of the builder store over
 * the same localStorage.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAFTS_STORAGE_KEY } from '../../demo/draft-persistence.ts';

type Store = typeof import('../../demo/builder-store.ts')['useBuilderStore'];

async function load(): Promise<Store> {
  vi.resetModules();
  return (await import('../../demo/builder-store.ts')).useBuilderStore;
}

/** What a page leaving does: the debounced write is flushed. */
function leavePage() {
  window.dispatchEvent(new Event('pagehide'));
}

beforeEach(() => localStorage.clear());
afterEach(() => localStorage.clear());

describe('demo drafts survive a reload', { timeout: 30_000 }, () => {
  it('keeps an edited draft, its edits and which flow was open; an untouched example is not stored', async () => {
    let store = await load();
    const first = store.getState().activeKey!;
    store.getState().renameFlow('Order tracking (my edit)');
    store.getState().updateSettings((s) => ({ ...s, matcher: { ...s.matcher, typoTolerance: true } }));
    store.getState().openFlow('order-tracking-fixed');
    leavePage();

    const stored = JSON.parse(localStorage.getItem(DRAFTS_STORAGE_KEY)!);
    expect(Object.keys(stored.state.drafts)).toEqual([first]);

    store = await load();
    const s = store.getState();
    expect(s.activeKey).toBe('order-tracking-fixed');
    expect(s.drafts[first]!.name).toBe('Order tracking (my edit)');
    expect(s.drafts[first]!.settings.matcher.typoTolerance).toBe(true);
    expect(s.dirty[first]).toBe(true);
    expect(s.dirty['order-tracking-fixed']).toBeFalsy();
  });

  it('stores no view state (selection, measurements) and reset to example forgets the draft', async () => {
    let store = await load();
    const key = store.getState().activeKey!;
    const id = store.getState().drafts[key]!.nodes[0]!.id;
    store.getState().selectNode(id);
    store.getState().deleteNode(store.getState().drafts[key]!.nodes.at(-1)!.id);
    leavePage();
    const node = JSON.parse(localStorage.getItem(DRAFTS_STORAGE_KEY)!).state.drafts[key].nodes[0];
    expect(Object.keys(node).sort()).toEqual(['data', 'id', 'position', 'type']);

    store.getState().resetToExample();
    leavePage();
    store = await load();
    expect(store.getState().dirty[key]).toBeFalsy();
    expect(store.getState().drafts[key]!.nodes.length).toBeGreaterThan(0);
  });

  it('keeps a flow opened from a file, with its document for reset', async () => {
    let store = await load();
    const doc = structuredClone(store.getState().sources[0]!.original);
    store.getState().importFlow({ ...doc, name: 'From a file' }, 'mine.json');
    leavePage();
    store = await load();
    expect(store.getState().activeKey).toBe('file:mine.json');
    expect(store.getState().sources.map((s) => s.key)).toContain('file:mine.json');
    expect(store.getState().drafts['file:mine.json']!.name).toBe('From a file');
  });

  it('starts from the examples when the stored drafts are unreadable or damaged', async () => {
    localStorage.setItem(DRAFTS_STORAGE_KEY, '{ not json');
    let store = await load();
    expect(store.getState().activeKey).toBe('order-tracking-draft');

    localStorage.setItem(
      DRAFTS_STORAGE_KEY,
      JSON.stringify({ version: 1, state: { activeKey: 'order-tracking-draft', drafts: { 'order-tracking-draft': { id: 'x', nodes: 'oops' }, 'no-such-flow': {} }, dirty: {}, imported: [] } }),
    );
    store = await load();
    const s = store.getState();
    expect(s.drafts['order-tracking-draft']!.nodes.length).toBeGreaterThan(0);
    expect(s.dirty['order-tracking-draft']).toBeFalsy();
    expect(s.drafts['no-such-flow']).toBeUndefined();
  });

  it('a full storage keeps the builder working (the draft lives for the session)', async () => {
    const store = await load();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    store.getState().renameFlow('Edited while storage is full');
    expect(() => leavePage()).not.toThrow();
    expect(store.getState().drafts[store.getState().activeKey!]!.name).toBe('Edited while storage is full');
    expect(warn).toHaveBeenCalled();
    setItem.mockRestore();
    warn.mockRestore();
  });
});
