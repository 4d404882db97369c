import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { FlowDocument } from '../core/flow/types.ts';
import { hashString } from '../core/simulate/random.ts';
import type { PersonaId } from '../core/personas/types.ts';
import type { ConversationResult } from '../core/simulate/types.ts';
import type { RunRecord } from './types.ts';

/**
 * The history database, typed once (architecture habit 6). Version history:
 *
 * - **v1** (first release shape): `runs` keyed by `id` with the transcripts inline as an array
 *   (`RunRecordV1.transcripts`), indexes `by-flow-time` and `by-hash`; `meta` keyed by `key`.
 * - **v2** (current): transcripts moved to their own store, one record per conversation keyed
 *   `[runId, index]`, so listing runs never loads transcripts; flow snapshots moved to `snapshots`, one per
 *   distinct snapshot, so listing reads small run records (all personas of a batch, and every re-run of an
 *   unchanged flow, share one); `runs` gains `by-flow-persona-time`, `by-snapshot`, `by-flow-hash-time`
 *   (version labels from keys alone) and the sparse `by-transcripts-time` index used by retention.
 *
 * Every upgrade is a step of {@link upgradeHistoryDatabase}; never edit a shipped step, add one.
 */
export const HISTORY_DB_VERSION = 2;

/** Default database name. */
export const DEFAULT_HISTORY_DB_NAME = 'flowstress-history';

/**
 * A run as stored in v2: the contract's record without its flow snapshot, which lives in `snapshots` under
 * `snapshotKey`, plus `transcriptsAt`, present (= `startedAt`) only while the run's transcripts are stored.
 * IndexedDB leaves records without the key path out of an index, so `by-transcripts-time` lists exactly
 * the runs that still hold transcripts, oldest first: retention counts it and reads the oldest keys
 * without loading every run.
 */
export interface StoredRun extends Omit<RunRecord, 'flowSnapshot'> {
  snapshotKey: string;
  transcriptsAt?: number;
}

/** A flow as it was run, shared by every run with the same snapshot (v2 `snapshots` store). */
export interface SnapshotRecord {
  /** `flowHash` + ':' + a hash of the whole snapshot (positions included). */
  key: string;
  flow: FlowDocument;
}

/** One conversation of a run (v2 `transcripts` store). */
export interface TranscriptRecord {
  runId: string;
  index: number;
  result: ConversationResult;
}

/** A `meta` row. `schemaVersion` records the last upgrade step that ran. */
export interface MetaRecord {
  key: string;
  value: unknown;
}

/** The current (v2) schema. */
export interface HistoryDB extends DBSchema {
  runs: {
    key: string;
    value: StoredRun;
    indexes: {
      'by-flow-time': [string, number];
      'by-flow-persona-time': [string, PersonaId, number];
      'by-hash': string;
      'by-transcripts-time': number;
      'by-snapshot': string;
      'by-flow-hash-time': [string, string, number];
    };
  };
  snapshots: {
    key: string;
    value: SnapshotRecord;
  };
  transcripts: {
    key: [string, number];
    value: TranscriptRecord;
  };
  meta: {
    key: string;
    value: MetaRecord;
  };
}

/** A run as the first release stored it: no `hasTranscripts`, transcripts inline. */
export interface RunRecordV1 extends Omit<RunRecord, 'hasTranscripts'> {
  transcripts: ConversationResult[];
}

/** The v1 schema, kept for the upgrade ladder and the fixture databases. */
export interface HistoryDBV1 extends DBSchema {
  runs: {
    key: string;
    value: RunRecordV1;
    indexes: { 'by-flow-time': [string, number]; 'by-hash': string };
  };
  meta: { key: string; value: MetaRecord };
}

type UpgradeTx = IDBPTransaction<HistoryDB, StoreNames<HistoryDB>[], 'versionchange'>;

/**
 * The upgrade ladder: runs inside the `versionchange` transaction, once per missing step, in order. Data
 * is migrated in that same transaction, so a failed step aborts the upgrade and leaves the previous
 * version intact. Only requests of `tx` are awaited here: awaiting anything else
 * would let the upgrade transaction auto-commit half done.
 *
 * @returns settles when every step has run; on rejection `tx` has already been aborted.
 */
export function upgradeHistoryDatabase(db: IDBPDatabase<HistoryDB>, oldVersion: number, tx: UpgradeTx): Promise<void> {
  // The ladder: each step upgrades exactly one version, and a database at version k runs steps k+1..current
  // in order. This is the classic `switch (oldVersion)` fall-through, written as ordered `if`s because the
  // project's tsconfig sets noFallthroughCasesInSwitch.
  const steps: Array<() => Promise<void> | void> = [];
  if (oldVersion < 1) steps.push(() => createV1(db as unknown as IDBPDatabase<HistoryDBV1>));
  if (oldVersion < 2) steps.push(() => migrateV1ToV2(db, tx));
  const run = async () => {
    for (const step of steps) await step();
    await tx.objectStore('meta').put({ key: 'schemaVersion', value: HISTORY_DB_VERSION });
  };
  return run().catch((e: unknown) => {
    // A half-migrated database is worse than an old one: abort so the previous version stays on disk.
    try {
      tx.abort();
    } catch {
      // Already finished or aborting.
    }
    throw e;
  });
}

/** v0 -> v1: the first release's stores. Frozen: this is what shipped. */
function createV1(db: IDBPDatabase<HistoryDBV1>): void {
  const runs = db.createObjectStore('runs', { keyPath: 'id' });
  runs.createIndex('by-flow-time', ['flowId', 'startedAt']);
  runs.createIndex('by-hash', 'flowHash');
  db.createObjectStore('meta', { keyPath: 'key' });
}

/**
 * The key a snapshot is stored under. JSON text hashed to 128 bits (not cryptographic) and prefixed with the
 * flow's content hash: equal snapshots share a record; a collision would need two snapshots of the same
 * flow version with equal 128-bit digests.
 */
export function snapshotKeyOf(flowHash: string, flow: FlowDocument): string {
  return `${flowHash}:${hashString(JSON.stringify(flow))}`;
}

/**
 * v1 -> v2: move inline transcripts to one record per conversation and flow snapshots to `snapshots`, add
 * `hasTranscripts`, the persona, snapshot and retention indexes. Records that do not look like runs are
 * carried over as they are (minus inline transcripts): the list skips and reports unreadable rows rather
 * than the whole upgrade failing.
 */
async function migrateV1ToV2(db: IDBPDatabase<HistoryDB>, tx: UpgradeTx): Promise<void> {
  const runs = tx.objectStore('runs');
  runs.createIndex('by-flow-persona-time', ['flowId', 'persona', 'startedAt']);
  runs.createIndex('by-transcripts-time', 'transcriptsAt');
  runs.createIndex('by-snapshot', 'snapshotKey');
  runs.createIndex('by-flow-hash-time', ['flowId', 'flowHash', 'startedAt']);
  db.createObjectStore('transcripts', { keyPath: ['runId', 'index'] });
  db.createObjectStore('snapshots', { keyPath: 'key' });
  const transcripts = tx.objectStore('transcripts');
  const snapshots = tx.objectStore('snapshots');

  let cursor = await runs.openCursor();
  while (cursor) {
    const old = cursor.value as unknown as Partial<RunRecordV1> & Record<string, unknown>;
    if (old && typeof old === 'object' && typeof old.id === 'string') {
      const { transcripts: inline, flowSnapshot, ...rest } = old;
      const list = Array.isArray(inline) ? inline : [];
      for (const result of list) {
        if (result && typeof result === 'object' && Number.isInteger(result.index)) {
          transcripts.put({ runId: old.id, index: result.index, result }).catch(ignore);
        }
      }
      const migrated = { ...rest, hasTranscripts: list.length > 0 } as Record<string, unknown>;
      if (flowSnapshot && typeof flowSnapshot === 'object' && typeof old.flowHash === 'string') {
        const key = snapshotKeyOf(old.flowHash, flowSnapshot);
        snapshots.put({ key, flow: flowSnapshot }).catch(ignore);
        migrated.snapshotKey = key;
      } else if (flowSnapshot !== undefined) {
        // Unreadable either way; keep what was there for an export or a support request.
        migrated.flowSnapshot = flowSnapshot;
      }
      if (list.length > 0 && typeof migrated.startedAt === 'number') migrated.transcriptsAt = migrated.startedAt;
      cursor.update(migrated as unknown as StoredRun).catch(ignore);
    }
    cursor = await cursor.continue();
  }
}

/**
 * For requests issued without awaiting (to keep a transaction busy without round trips): their failure
 * aborts the transaction, which surfaces through `tx.done` or the next awaited request.
 */
function ignore(): void {}
