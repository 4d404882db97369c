import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cdp } from 'vitest/browser';
import { createHistory } from '../../src/history/create-history.ts';
import type { HistoryNotice, HistoryRepository } from '../../src/history/types.ts';
import { buildV1Database, readRawDatabase, toV1Record } from '../fixtures/history/build-v1-database.ts';
import { createRunFactory } from '../fixtures/history/make-run.ts';
import { describeCustomerMessagesContract } from './customer-messages-contract.ts';
import { describeHistoryContract, expectCode } from './history-contract.ts';

/** The Storage Buckets API (Chromium 122+), not yet in TypeScript's DOM types. */
interface StorageBucketManager {
  open(name: string, options?: { quota?: number }): Promise<{ indexedDB: IDBFactory }>;
  delete(name: string): Promise<void>;
}

function randomText(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length / 2));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// Real IndexedDB in headless Chromium. Every test uses its own database name; all are deleted at the end.
const names: string[] = [];
const freshName = () => {
  const name = `flowstress-browser-${names.length}-${Date.now()}`;
  names.push(name);
  return name;
};
const codes = (notices: HistoryNotice[]) => notices.map((n) => n.code);

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
}

function rawOpen(name: string, version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, version);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

afterAll(async () => {
  for (const name of names) await deleteDatabase(name);
});

describeHistoryContract('IndexedDB (Chromium)', 'indexeddb', (options) => createHistory({ ...options, name: freshName() }));
describeCustomerMessagesContract('IndexedDB (Chromium)', (options) => createHistory({ ...options, name: freshName() }));

describe('history in real Chromium', () => {
  const open: HistoryRepository[] = [];
  const keep = (h: HistoryRepository) => (open.push(h), h);
  afterEach(() => {
    for (const h of open.splice(0)) h.close();
  });

  it('saves and lists with real IndexedDB, strict and relaxed durability alike', async () => {
    const f = createRunFactory();
    for (const durability of ['strict', 'relaxed'] as const) {
      const h = keep(await createHistory({ name: freshName(), durability }));
      expect(h.mode).toBe('indexeddb');
      const runs = [f.run({ persona: 'elderly' }), f.run({ flowHash: 'hash-2' })];
      await h.saveRun(runs[0], f.transcripts(50, { persona: 'elderly' }));
      await h.saveRun(runs[1], f.transcripts(50));
      const list = await h.listRuns('flow-a');
      expect(list.map((r) => [r.id, r.versionLabel])).toEqual([
        [runs[1].id, 'v2'],
        [runs[0].id, 'v1'],
      ]);
      expect(await h.getTranscripts(runs[0].id)).toEqual(f.transcripts(50, { persona: 'elderly' }));
    }
  });

  it('keeps runs across closing and reopening the database', async () => {
    const name = freshName();
    const f = createRunFactory();
    const run = f.run();
    const transcripts = f.transcripts(12);
    const first = await createHistory({ name });
    await first.saveRun(run, transcripts);
    first.close();
    const second = keep(await createHistory({ name }));
    expect(await second.getRun(run.id)).toEqual({ ...run, versionLabel: 'v1' });
    expect(await second.getTranscripts(run.id)).toEqual(transcripts);
  });

  it('migrates a v1 database built with raw IndexedDB calls', async () => {
    const name = freshName();
    const f = createRunFactory();
    const runs = [f.run(), f.run({ persona: 'non-native' })];
    const transcripts = [f.transcripts(4), f.transcripts(2, { persona: 'non-native' })];
    await buildV1Database(indexedDB, name, runs.map((r, i) => toV1Record(r, transcripts[i])));
    const h = keep(await createHistory({ name }));
    expect((await h.listRuns('flow-a', { persona: 'non-native' })).map((r) => r.id)).toEqual([runs[1].id]);
    expect(await h.getTranscripts(runs[0].id)).toEqual(transcripts[0]);
  });

  it('an upgrade blocked by an older connection that stays open: FS202, memory after the timeout, no hang', async () => {
    const name = freshName();
    const f = createRunFactory();
    const old = f.run();
    await buildV1Database(indexedDB, name, [toV1Record(old, f.transcripts(3))]);
    const oldTab = await rawOpen(name, 1); // held open, ignores versionchange (an old build of the panel)

    const notices: HistoryNotice[] = [];
    const h = keep(await createHistory({ name, openTimeoutMs: 300, onNotice: (n) => notices.push(n) }));
    expect(h.mode).toBe('memory');
    expect(codes(notices)).toEqual(['FS202', 'FS202']);

    // Once the old connection closes, the pending upgrade completes and its connection is released.
    oldTab.close();
    await expect.poll(async () => (await readRawDatabase(indexedDB, name)).version, { timeout: 3000 }).toBe(2);
    const reloaded = keep(await createHistory({ name, openTimeoutMs: 1000 }));
    expect(reloaded.mode).toBe('indexeddb');
    expect(await reloaded.getTranscripts(old.id)).toHaveLength(3);
  });

  it('another connection upgrading: this one closes on versionchange (FS203) and never blocks it', async () => {
    const name = freshName();
    const notices: HistoryNotice[] = [];
    const h = keep(await createHistory({ name, onNotice: (n) => notices.push(n) }));
    const f = createRunFactory();
    await h.saveRun(f.run(), f.transcripts(2));
    const started = performance.now();
    const newer = await rawOpen(name, 3);
    expect(performance.now() - started).toBeLessThan(2000);
    newer.close();
    expect(codes(notices)).toEqual(['FS203']);
    await expectCode(h.saveRun(f.run(), f.transcripts(1)), 'FS203');
  });

  it('storage full (a storage bucket with a small quota): FS201, nothing written, reads and deletes still work', async () => {
    // Storage Buckets give a real per-bucket quota and their own IDBFactory, which createHistory accepts.
    // (CDP Storage.overrideQuotaForOrigin only takes effect before the origin first touches storage, so it
    // cannot be used after the other tests in this file.)
    const buckets = (navigator as unknown as { storageBuckets: StorageBucketManager }).storageBuckets;
    const bucketName = `flowstress-quota-${Date.now()}`;
    const bucket = await buckets.open(bucketName, { quota: 256 * 1024 });
    try {
      const notices: HistoryNotice[] = [];
      const h = keep(await createHistory({ name: 'history', indexedDB: bucket.indexedDB, onNotice: (n) => notices.push(n) }));
      const f = createRunFactory();
      const earlier = f.run();
      await h.saveRun(earlier, f.transcripts(2));

      const run = f.run();
      const transcripts = f.transcripts(50);
      // Random text does not compress, so this run (~600 KB) cannot fit in the bucket.
      for (const c of transcripts) for (const t of c.turns) t.text = randomText(1000);
      const error = await expectCode(h.saveRun(run, transcripts), 'FS201');
      expect(error.message).toContain('QuotaExceededError');
      expect(notices.find((n) => n.code === 'FS201')?.actions).toEqual(['prune-transcripts', 'export']);
      expect(await h.getRun(run.id)).toBeUndefined();
      await expectCode(h.getTranscripts(run.id), 'FS207');
      expect(await h.getTranscripts(earlier.id)).toHaveLength(2);

      // Reads and deletes still work. (Chromium's backend keeps the space the failed write grew into, so
      // the bucket's usage stays above its quota here: freeing space can take a compaction.)
      expect((await h.listRuns('flow-a')).map((r) => r.id)).toEqual([earlier.id]);
      await h.deleteRun(earlier.id);
      expect(await h.listRuns('flow-a')).toEqual([]);
    } finally {
      for (const h of open.splice(0)) h.close();
      await buckets.delete(bucketName);
    }
  });

  it('site data cleared under an open page (the browser closes the connection): FS204, the next call reopens', async () => {
    const name = freshName();
    const notices: HistoryNotice[] = [];
    const h = keep(await createHistory({ name, onNotice: (n) => notices.push(n) }));
    const f = createRunFactory();
    await h.saveRun(f.run(), f.transcripts(2));
    await cdp().send('Storage.clearDataForOrigin', { origin: location.origin, storageTypes: 'indexeddb' });
    await expect.poll(() => codes(notices), { timeout: 3000 }).toEqual(['FS204']);
    // The data is gone (the user cleared it); the history reopens a fresh database and keeps saving.
    const run = f.run();
    await h.saveRun(run, f.transcripts(2));
    expect((await h.listRuns('flow-a')).map((r) => r.id)).toEqual([run.id]);
  });
});
