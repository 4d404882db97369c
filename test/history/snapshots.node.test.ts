import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { createHistory } from '../../src/history/create-history.ts';
import type { HistoryRepository } from '../../src/history/types.ts';
import { readRawDatabase } from '../fixtures/history/build-v1-database.ts';
import { createRunFactory } from '../fixtures/history/make-run.ts';

const NAME = 'flowstress-history-snapshots';

/** Flow snapshots are stored once per distinct document and removed with the last run that uses them. */
describe('snapshot store (IndexedDB)', () => {
  const open: HistoryRepository[] = [];
  afterEach(() => {
    for (const h of open.splice(0)) h.close();
  });
  const setup = async () => {
    const factory = new IDBFactory();
    const h = await createHistory({ name: NAME, indexedDB: factory });
    open.push(h);
    const snapshots = async () => {
      const raw = await readRawDatabase(factory, NAME);
      return raw.stores.snapshots.values.length;
    };
    return { h, snapshots, f: createRunFactory() };
  };

  it('an all-personas batch stores its flow once, and list items share it', async () => {
    const { h, snapshots, f } = await setup();
    for (const persona of ['impatient', 'typo-prone', 'non-native', 'elderly'] as const) await h.saveRun(f.run({ persona, batchId: 'b1' }), []);
    expect(await snapshots()).toBe(1);
    const list = await h.listRuns('flow-a');
    expect(list).toHaveLength(4);
    expect(list.every((r) => r.flowSnapshot === list[0].flowSnapshot)).toBe(true);
  });

  it('a moved node is a new snapshot of the same flow version', async () => {
    const { h, snapshots, f } = await setup();
    const a = f.run();
    const moved = structuredClone(a.flowSnapshot);
    moved.nodes[1].position = { x: 999, y: 1 };
    const b = f.run({ flowSnapshot: moved });
    await h.saveRun(a, []);
    await h.saveRun(b, []);
    expect(await snapshots()).toBe(2);
    expect((await h.getRun(b.id))?.flowSnapshot.nodes[1].position).toEqual({ x: 999, y: 1 });
    expect((await h.getRun(a.id))?.flowSnapshot).toEqual(a.flowSnapshot);
    expect((await h.listRuns('flow-a')).map((r) => r.versionLabel)).toEqual(['v1', 'v1']);
  });

  it('deleting runs keeps a snapshot while another run uses it and removes it with the last one', async () => {
    const { h, snapshots, f } = await setup();
    const [a, b] = [f.run(), f.run()];
    await h.saveRun(a, []);
    await h.saveRun(b, []);
    await h.deleteRun(a.id);
    expect(await snapshots()).toBe(1);
    expect((await h.getRun(b.id))?.flowSnapshot).toEqual(b.flowSnapshot);
    await h.deleteRun(b.id);
    expect(await snapshots()).toBe(0);
  });

  it('clear(flowId) removes that flow’s snapshots only; clear() removes all', async () => {
    const { h, snapshots, f } = await setup();
    await h.saveRun(f.run(), []);
    const other = f.run({ flowId: 'flow-b' });
    await h.saveRun(other, []);
    expect(await snapshots()).toBe(2);
    await h.clear('flow-a');
    expect(await snapshots()).toBe(1);
    expect((await h.getRun(other.id))?.flowSnapshot.id).toBe('flow-b');
    await h.clear();
    expect(await snapshots()).toBe(0);
  });

  it('saving over an id with another snapshot drops the old one when unused', async () => {
    const { h, snapshots, f } = await setup();
    const run = f.run();
    const shared = f.run(); // same snapshot as `run`
    await h.saveRun(run, []);
    await h.saveRun(shared, []);
    const renamed = { ...run, flowSnapshot: { ...run.flowSnapshot, name: 'Renamed' } };
    await h.saveRun(renamed, []);
    expect(await snapshots()).toBe(2); // the old one is still used by `shared`
    await h.saveRun({ ...shared, flowSnapshot: renamed.flowSnapshot }, []);
    expect(await snapshots()).toBe(1);
    expect((await h.getRun(shared.id))?.flowSnapshot.name).toBe('Renamed');
  });

  it('a run whose snapshot is missing is left out of lists and pages and reported once, not a crash', async () => {
    const factory = new IDBFactory();
    const notices: string[] = [];
    const h = await createHistory({ name: NAME, indexedDB: factory, onNotice: (n) => notices.push(n.code) });
    open.push(h);
    const f = createRunFactory();
    const [a, b] = [f.run(), f.run({ flowId: 'flow-a', flowSnapshot: { ...f.flow(), name: 'other' } })];
    await h.saveRun(a, []);
    await h.saveRun(b, []);
    // Damage the store behind the repository's back.
    await new Promise<void>((resolve) => {
      const req = factory.open(NAME);
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction('runs', 'readwrite');
        const get = tx.objectStore('runs').get(b.id);
        get.onsuccess = () => tx.objectStore('runs').put({ ...get.result, snapshotKey: 'gone' });
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
      };
    });
    expect((await h.listRuns('flow-a')).map((r) => r.id)).toEqual([a.id]);
    // A page skips it too and is still filled from older runs.
    expect((await h.listRuns('flow-a', { limit: 1 })).map((r) => r.id)).toEqual([a.id]);
    expect(await h.getRun(b.id)).toBeUndefined();
    expect(notices).toEqual(['FS211']);
  });
});
