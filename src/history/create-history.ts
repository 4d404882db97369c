import { unwrap, type IDBPDatabase, type IDBPIndex, type StoreNames } from 'idb';
import { isFlowstressError } from '../core/errors.ts';
import type { PersonaId } from '../core/personas/types.ts';
import type { ConversationResult } from '../core/simulate/types.ts';
import { createMemoryHistory } from './create-memory-history.ts';
import { historyError, historyNotice, isConnectionLostError, skippedNotice, toHistoryError, type HistoryErrorCode } from './history-error.ts';
import {
  customerMessagesKey,
  DEFAULT_TRANSCRIPT_RETENTION,
  fromStored,
  normalizeKeep,
  prepareCustomerMessages,
  prepareImportAll,
  prepareRun,
  toStored,
  type PreparedRun,
} from './history-records.ts';
import { createNoticeHub, type NoticeHub, type NoticeListener } from './notice-hub.ts';
import { OpenTimeoutError, UpgradeError, openHistoryDatabase } from './open-history-database.ts';
import { DEFAULT_HISTORY_DB_NAME, type HistoryDB, type SnapshotRecord, type StoredRun } from './schema.ts';
import type { HistoryExport, HistoryRepository, RunListItem, RunRecord } from './types.ts';
import { checkCustomerMessages, checkRunRecord } from './validate-history-export.ts';
import type { CustomerMessage } from '../core/flow/types.ts';
import { transactionDone } from './transaction-done.ts';
import { compareRunsOldestFirst, normalizeLimit, versionLabels } from './version-labels.ts';

export interface CreateHistoryOptions {
  /** Database name. Default `flowstress-history`. */
  name?: string;
  /** The IndexedDB factory. Default the global `indexedDB`; without one, history falls back to memory (FS200). */
  indexedDB?: IDBFactory;
  /** Runs whose transcripts are kept, newest first; older runs keep their summaries. Default 200. */
  transcriptRetention?: number;
  /**
   * How long opening may take before history falls back to memory (FS202 when another tab blocks the
   * upgrade, FS200 when the browser never answers). Default 3000 ms, after the Safari 14 open() hang that
   * Dexie works around; a data migration in progress stops the clock.
   */
  openTimeoutMs?: number;
  /**
   * Durability of the transactions that add runs (save, import). Default `strict`: a run is written once per
   * click, so the flush costs little and a saved run survives a power cut; `relaxed` (Chrome's default
   * since 121) only survives a browser crash. Deletes and pruning always use `relaxed`.
   */
  durability?: 'strict' | 'relaxed';
  /** Hears every notice from the start, including those raised while opening. */
  onNotice?: NoticeListener;
  /** Clock for `exportedAt` (injected in tests). Default `Date.now`. */
  now?: () => number;
}

/** For requests issued without awaiting: a failure aborts the transaction and surfaces through its done promise. */
function ignore(): void {}

/**
 * For read transactions: idb's `done` rejects when a read is aborted (e.g. the browser force-closes the
 * connection), and nobody awaits it, so it would surface as an unhandled rejection. The reads' own
 * requests report the failure.
 */
function quiet<T extends { done: Promise<void> }>(tx: T): T {
  tx.done.catch(ignore);
  return tx;
}

/** Aborts after a synchronous failure and waits for the rollback, so the caller's rejection means "nothing written". */
async function abortAndWait(tx: { abort(): void }, done: Promise<void>): Promise<void> {
  try {
    tx.abort();
  } catch {
    // Already aborting.
  }
  await done.catch(ignore);
}

const flowRange = (flowId: string) => IDBKeyRange.bound([flowId, -Infinity], [flowId, Infinity]);
const personaRange = (flowId: string, persona: PersonaId) => IDBKeyRange.bound([flowId, persona, -Infinity], [flowId, persona, Infinity]);
/** Every `[runId, index]` of one run: arrays sort after numbers, so `[runId, []]` bounds all indexes. */
const transcriptRange = (runId: string) => IDBKeyRange.bound([runId], [runId, []]);
/** Every `messages:<flowId>` row of `meta` (string keys; U+FFFF sorts after any flow id's characters). */
const messagesRange = () => IDBKeyRange.bound(customerMessagesKey(''), customerMessagesKey('\uffff'));

/**
 * Version labels of one flow from index keys alone: `by-flow-hash-time` is ordered by hash, then start time,
 * then id, so the first key of each hash is that hash's first appearance. The cursor jumps from hash to
 * hash (`[flowId, hash, []]` sorts after every number), so this costs one step per version, not per run.
 */
async function flowVersionLabels<Tx extends ArrayLike<StoreNames<HistoryDB>>>(
  index: IDBPIndex<HistoryDB, Tx, 'runs', 'by-flow-hash-time', 'readonly'>,
  flowId: string,
): Promise<Map<string, string>> {
  const firsts: Array<{ id: string; startedAt: number; flowHash: string }> = [];
  let cursor = await index.openKeyCursor(IDBKeyRange.bound([flowId], [flowId, []]));
  while (cursor) {
    const [, flowHash, startedAt] = cursor.key;
    firsts.push({ id: cursor.primaryKey, startedAt, flowHash });
    // Typed as the index key, but any greater key is valid: an empty array sorts after every start time.
    cursor = await cursor.continue([flowId, flowHash, []] as unknown as [string, string, number]);
  }
  return versionLabels(firsts);
}

/**
 * Opens the run history in IndexedDB (through idb), upgrading older databases on the way. Never rejects:
 * when IndexedDB is missing, fails to open, is held back by another tab past `openTimeoutMs`, or was
 * written by a newer version, it returns the in-memory history (`mode: 'memory'`) and raises a notice
 * (FS200, FS202, FS208 or FS212) that `options.onNotice` and later `onNotice` subscribers receive.
 *
 * Saves are all or nothing: one readwrite transaction holds the run and all its conversations, issued
 * without awaiting in between. Failures reject with a FlowstressError (FS201 storage full, FS206 save
 * failed, FS203 another tab upgraded, FS204 connection lost twice, FS209 other read/write errors).
 *
 * @example
 * const history = await createHistory({ onNotice: (n) => showBanner(n) });
 * await history.saveRun(run, conversations);
 * const runs = await history.listRuns(flow.id, { persona: 'elderly', limit: 50 });
 */
export async function createHistory(options: CreateHistoryOptions = {}): Promise<HistoryRepository> {
  const hub = createNoticeHub(options.onNotice);
  const retention = normalizeKeep(options.transcriptRetention, DEFAULT_TRANSCRIPT_RETENTION);
  const timeoutMs = options.openTimeoutMs ?? 3000;
  const name = options.name ?? DEFAULT_HISTORY_DB_NAME;
  const inMemory = (code: 'FS200' | 'FS202' | 'FS208' | 'FS212', detail: string) => {
    hub.emit(historyNotice(code, detail, code === 'FS200' ? ['export'] : ['reload', 'export']));
    return createMemoryHistory({ transcriptRetention: retention, now: options.now }, hub);
  };

  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) return inMemory('FS200', 'this environment has no indexedDB');

  const connection = createConnection(factory, name, timeoutMs, hub);
  try {
    await connection.get();
  } catch (e) {
    if (e instanceof OpenTimeoutError && e.blocked) return inMemory('FS202', `${e.message}; runs are kept in memory for this session`);
    if ((e as { name?: string } | null)?.name === 'VersionError') return inMemory('FS208', (e as Error).message);
    if (e instanceof UpgradeError) return inMemory('FS212', e.message);
    return inMemory('FS200', `IndexedDB could not be opened (${(e as Error)?.message ?? String(e)})`);
  }
  hub.seal();
  return createIndexedDbRepository(connection, hub, retention, options.durability ?? 'strict', options.now ?? Date.now);
}

/** The live connection: opened on demand, dropped when lost, never reused once stale. */
interface Connection {
  /** The open connection, reopening when the last one was lost; throws the raw open error. */
  get(): Promise<IDBPDatabase<HistoryDB>>;
  /** Forget a connection (closing it) so the next `get` reopens; true the first time it is dropped. */
  drop(db: IDBPDatabase<HistoryDB>): boolean;
  /** True when `db` can no longer start transactions (closed, closing, or force-closed by the browser). */
  isDead(db: IDBPDatabase<HistoryDB>): boolean;
  /** Another tab upgraded or deleted the database: this tab must reload (FS203). */
  readonly versionChanged: boolean;
  readonly closed: boolean;
  close(): void;
}

function createConnection(factory: IDBFactory, name: string, timeoutMs: number, hub: NoticeHub): Connection {
  let current: IDBPDatabase<HistoryDB> | undefined;
  let opening: Promise<IDBPDatabase<HistoryDB>> | undefined;
  let versionChanged = false;
  let closed = false;
  const dropped = new WeakSet<IDBPDatabase<HistoryDB>>();

  const drop = (db: IDBPDatabase<HistoryDB>): boolean => {
    if (current === db) current = undefined;
    if (dropped.has(db)) return false;
    dropped.add(db);
    try {
      db.close();
    } catch {
      // Already closed.
    }
    return true;
  };

  const open = () =>
    openHistoryDatabase({
      indexedDB: factory,
      name,
      timeoutMs,
      blocked: () => hub.emit(historyNotice('FS202', 'waiting for another tab to close its connection to the history', ['reload'])),
      blocking: (db) => {
        // Close at once so the other tab's upgrade can proceed (open transactions still finish first);
        // this tab's code is now older than the database, so it must not reopen.
        drop(db);
        if (!versionChanged && !closed) {
          versionChanged = true;
          hub.emit(historyNotice('FS203', undefined, ['reload', 'export']));
        }
      },
      terminated: (db) => {
        if (drop(db) && !closed && !versionChanged) hub.emit(historyNotice('FS204', 'the browser closed the history database'));
      },
    });

  return {
    get versionChanged() {
      return versionChanged;
    },
    get closed() {
      return closed;
    },
    async get() {
      if (closed) throw historyError('FS210');
      if (versionChanged) throw historyError('FS203');
      if (current) return current;
      opening ??= open().then(
        (db) => {
          opening = undefined;
          if (closed || versionChanged) {
            db.close();
            throw historyError(closed ? 'FS210' : 'FS203');
          }
          current = db;
          return db;
        },
        (e: unknown) => {
          opening = undefined;
          throw e;
        },
      );
      return opening;
    },
    drop,
    isDead(db) {
      if (dropped.has(db)) return true;
      try {
        // A closing or force-closed connection refuses new transactions (its close-pending flag is set
        // before its transactions are aborted), so this tells a lost connection from a failed request.
        unwrap(db).transaction('meta').abort();
        return false;
      } catch (e) {
        return isConnectionLostError(e);
      }
    },
    close() {
      closed = true;
      if (current) drop(current);
    },
  };
}

function createIndexedDbRepository(
  connection: Connection,
  hub: NoticeHub,
  retention: number,
  durability: 'strict' | 'relaxed',
  now: () => number,
): HistoryRepository {
  const reportedDamaged = new Set<string>();

  /**
   * Runs `work` on the connection. When the connection turns out to be lost (closed under us, force-closed
   * by the browser, InvalidStateError/UnknownError), drops it, raises FS204 once, reopens and retries once.
   * Every operation is safe to retry: writes are idempotent puts and deletes in one transaction.
   */
  const withDb = async <T>(fallback: HistoryErrorCode, work: (db: IDBPDatabase<HistoryDB>) => Promise<T>, detail?: string): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      let db: IDBPDatabase<HistoryDB>;
      try {
        db = await connection.get();
      } catch (e) {
        throw reopenError(e);
      }
      try {
        return await work(db);
      } catch (e) {
        if (isFlowstressError(e)) throw e; // already a verdict (e.g. FS207), not a connection problem
        if (connection.versionChanged) throw historyError('FS203', detail, e);
        if (connection.closed) throw historyError('FS210', detail, e);
        const lost = isConnectionLostError(e) || connection.isDead(db);
        if (lost && attempt === 0) {
          if (connection.drop(db)) hub.emit(historyNotice('FS204', 'reopened the history database', ['retry']));
          continue;
        }
        throw toHistoryError(e, lost ? 'FS204' : fallback, detail);
      }
    }
  };

  const reopenError = (e: unknown) => {
    if ((e as { name?: string } | null)?.name === 'VersionError') return historyError('FS208', (e as Error).message, e);
    return toHistoryError(e, 'FS204', 'the history database could not be reopened');
  };

  /**
   * Joins stored runs with their snapshots (one read per distinct snapshot, so runs of one flow version
   * share one snapshot object) and checks them. Unreadable runs are left out and reported once each (FS211).
   */
  const readable = async (snapshots: { get(key: string): Promise<SnapshotRecord | undefined> }, stored: StoredRun[]): Promise<RunRecord[]> => {
    const keys = [...new Set(stored.map((r) => r?.snapshotKey).filter((k): k is string => typeof k === 'string'))];
    const found = await Promise.all(keys.map((k) => snapshots.get(k)));
    const flows = new Map(keys.map((k, i) => [k, found[i]?.flow]));
    const out: RunRecord[] = [];
    const fresh: string[] = [];
    for (const s of stored) {
      const run = s && typeof s === 'object' ? fromStored(s, flows.get(s.snapshotKey)) : s;
      const problems = checkRunRecord(run);
      if (problems.length === 0) out.push(run);
      else {
        const key = typeof s?.id === 'string' ? s.id : (JSON.stringify(s)?.slice(0, 100) ?? '?');
        if (!reportedDamaged.has(key)) {
          reportedDamaged.add(key);
          fresh.push(`run ${JSON.stringify(key.slice(0, 40))}: ${problems[0].path.replace(/^run\./, '')}: ${problems[0].message}`);
        }
      }
    }
    // Shown as damaged (never rendered as runs: the panel would trip over them), with a way to delete them.
    if (fresh.length) {
      const first = fresh.length > 1 ? `the first, ${fresh[0]}` : fresh[0];
      hub.emit(historyNotice('FS211', `${fresh.length} damaged run${fresh.length > 1 ? 's' : ''} left out of the table (${first})`, ['delete-damaged', 'export']));
    }
    return out;
  };

  /** The one transaction that adds runs (save, import); `meta` for the customer messages an import carries. */
  const openWrite = (db: IDBPDatabase<HistoryDB>) => db.transaction(['runs', 'transcripts', 'snapshots', 'meta'], 'readwrite', { durability });
  type WriteTx = ReturnType<typeof openWrite>;

  /** A run split for storage, with its conversations. */
  type StoredItem = ReturnType<typeof toStored> & { transcripts: ConversationResult[] };
  const split = (prepared: PreparedRun[]): StoredItem[] => prepared.map((p) => ({ ...toStored(p.record), transcripts: p.transcripts }));

  /**
   * Per run: its snapshot (an idempotent put: same key, same content), its old transcripts cleared, its
   * conversations, then the run record last; all issued without awaiting. Returns runs written.
   */
  const putRuns = (tx: WriteTx, items: StoredItem[], skip?: Set<string>) => {
    const runs = tx.objectStore('runs');
    const transcripts = tx.objectStore('transcripts');
    const snapshots = tx.objectStore('snapshots');
    let written = 0;
    for (const { run, snapshot, transcripts: list } of items) {
      if (skip?.has(run.id)) continue;
      snapshots.put(snapshot).catch(ignore);
      transcripts.delete(transcriptRange(run.id)).catch(ignore);
      for (const result of list) transcripts.put({ runId: run.id, index: result.index, result }).catch(ignore);
      // The run goes after its conversations and snapshot: the order a crash-tolerant writer would use,
      // though the single transaction already makes the whole save atomic.
      runs.put(run).catch(ignore);
      written++;
    }
    return written;
  };

  /**
   * Deletes a snapshot no run refers to any more. Called after the runs' deletes or puts were issued in the
   * same transaction; requests run in order, so the count sees them.
   */
  const dropSnapshotIfUnused = (tx: WriteTx, key: string): Promise<void> =>
    tx
      .objectStore('runs')
      .index('by-snapshot')
      .count(key)
      .then((left) => (left === 0 ? tx.objectStore('snapshots').delete(key) : undefined));

  /** A write failed: storage full gets its notice (prune, export) and a fresh connection (Firefox can wedge a full DB read-only). */
  const writeFailed = (e: unknown, code: HistoryErrorCode, detail: string) => {
    const err = toHistoryError(e, code, detail);
    if (err.code === 'FS201') {
      hub.emit({ code: 'FS201', message: err.message, actions: ['prune-transcripts', 'export'] });
      void connection
        .get()
        .then((db) => connection.drop(db))
        .catch(ignore);
    }
    return err;
  };

  const prune = (keep: number): Promise<number> =>
    withDb('FS209', async (db) => {
      const tx = db.transaction(['runs', 'transcripts'], 'readwrite', { durability: 'relaxed' });
      const done = transactionDone(tx);
      const runs = tx.objectStore('runs');
      const index = runs.index('by-transcripts-time');
      const total = await index.count();
      if (total <= keep) {
        await done;
        return 0;
      }
      // Oldest first (index order): the first `total - keep` lose their transcripts.
      const ids = await index.getAllKeys(null, total - keep);
      const records = await Promise.all(ids.map((id) => runs.get(id)));
      for (const run of records) {
        if (!run) continue;
        tx.objectStore('transcripts').delete(transcriptRange(run.id)).catch(ignore);
        const { transcriptsAt: _t, ...rest } = run;
        runs.put({ ...rest, hasTranscripts: false }).catch(ignore);
      }
      await done;
      return ids.length;
    });

  /** Retention after a save or import: a failure here must not fail the save, so it becomes a notice. */
  const applyRetention = async () => {
    if (retention === Infinity) return;
    try {
      await prune(retention);
    } catch (e) {
      hub.emit(historyNotice('FS209', `old transcripts could not be pruned (${(e as Error)?.message ?? String(e)})`, ['prune-transcripts']));
    }
  };

  return {
    mode: 'indexeddb',

    async saveRun(run, list) {
      const detail = `run "${run.id}" was not saved`;
      const items = split([prepareRun(run, list)]); // FS206 before any write when malformed
      try {
        await withDb(
          'FS206',
          async (db) => {
            const tx = openWrite(db);
            const done = transactionDone(tx);
            try {
              // Saving over an existing id may leave its old snapshot unused: the read is queued before the
              // puts and its follow-up count after them, all in this transaction, with no await in between.
              const newKey = items[0].snapshot.key;
              tx.objectStore('runs')
                .get(run.id)
                .then((old) => (old?.snapshotKey && old.snapshotKey !== newKey ? dropSnapshotIfUnused(tx, old.snapshotKey) : undefined))
                .catch(ignore);
              putRuns(tx, items);
            } catch (e) {
              // A put can throw synchronously (DataCloneError): abort so nothing of this run is written.
              await abortAndWait(tx, done);
              throw e;
            }
            await done;
          },
          detail,
        );
      } catch (e) {
        throw writeFailed(e, 'FS206', detail);
      }
      await applyRetention();
    },

    listRuns: (flowId, opts = {}) =>
      withDb('FS209', async (db): Promise<RunListItem[]> => {
        const tx = quiet(db.transaction(['runs', 'snapshots'], 'readonly'));
        const runs = tx.objectStore('runs');
        const labels = await flowVersionLabels(runs.index('by-flow-hash-time'), flowId);
        const source =
          opts.persona === undefined
            ? { index: runs.index('by-flow-time'), range: flowRange(flowId) }
            : { index: runs.index('by-flow-persona-time'), range: personaRange(flowId, opts.persona) };
        const limit = normalizeLimit(opts.limit);
        let rows: RunRecord[];
        if (limit === Infinity) {
          // Everything: one getAll in index order (oldest first), reversed.
          rows = (await readable(tx.objectStore('snapshots'), await source.index.getAll(source.range))).reverse();
        } else {
          // A page: walk the index newest first and stop at `limit` readable runs.
          rows = [];
          let cursor = await source.index.openCursor(source.range, 'prev');
          while (cursor && rows.length < limit) {
            const batch: StoredRun[] = [];
            while (cursor && batch.length < limit - rows.length) {
              batch.push(cursor.value);
              cursor = await cursor.continue();
            }
            rows.push(...(await readable(tx.objectStore('snapshots'), batch)));
          }
        }
        return rows.map((run) => ({ ...run, versionLabel: labels.get(run.flowHash) ?? 'v?' }));
      }),

    getRun: (id) =>
      withDb('FS209', async (db): Promise<RunListItem | undefined> => {
        const tx = quiet(db.transaction(['runs', 'snapshots'], 'readonly'));
        const runs = tx.objectStore('runs');
        const stored = await runs.get(id);
        if (!stored || typeof stored.flowId !== 'string') return undefined;
        const [run] = await readable(tx.objectStore('snapshots'), [stored]);
        if (!run) return undefined;
        const labels = await flowVersionLabels(runs.index('by-flow-hash-time'), run.flowId);
        return { ...run, versionLabel: labels.get(run.flowHash) ?? 'v?' };
      }),

    getTranscripts: (runId) =>
      withDb('FS209', async (db): Promise<ConversationResult[]> => {
        const tx = quiet(db.transaction(['runs', 'transcripts'], 'readonly'));
        const [key, records] = await Promise.all([tx.objectStore('runs').getKey(runId), tx.objectStore('transcripts').getAll(transcriptRange(runId))]);
        if (key === undefined) throw historyError('FS207', `no run "${runId}"`);
        // Key order is [runId, index] with numeric indexes: already sorted by conversation index.
        return records.map((r) => r.result);
      }),

    deleteRun: (id) =>
      withDb('FS209', async (db) => {
        const tx = db.transaction(['runs', 'transcripts', 'snapshots'], 'readwrite', { durability: 'relaxed' });
        const done = transactionDone(tx);
        const old = await tx.objectStore('runs').get(id);
        tx.objectStore('runs').delete(id).catch(ignore);
        tx.objectStore('transcripts').delete(transcriptRange(id)).catch(ignore);
        if (typeof old?.snapshotKey === 'string') dropSnapshotIfUnused(tx, old.snapshotKey).catch(ignore);
        await done;
      }),

    clear: (flowId) =>
      withDb('FS209', async (db) => {
        const tx = db.transaction(['runs', 'transcripts', 'snapshots'], 'readwrite', { durability: 'relaxed' });
        const done = transactionDone(tx);
        const runs = tx.objectStore('runs');
        const transcripts = tx.objectStore('transcripts');
        if (flowId === undefined) {
          runs.clear().catch(ignore);
          transcripts.clear().catch(ignore);
          tx.objectStore('snapshots').clear().catch(ignore);
        } else {
          const old = await runs.index('by-flow-time').getAll(flowRange(flowId));
          for (const run of old) {
            runs.delete(run.id).catch(ignore);
            transcripts.delete(transcriptRange(run.id)).catch(ignore);
          }
          for (const key of new Set(old.map((r) => r.snapshotKey))) {
            if (typeof key === 'string') dropSnapshotIfUnused(tx, key).catch(ignore);
          }
        }
        await done;
      }),

    pruneTranscripts: (keep) => prune(normalizeKeep(keep, 0)),

    exportAll: () =>
      withDb('FS209', async (db): Promise<HistoryExport> => {
        const tx = quiet(db.transaction(['runs', 'transcripts', 'snapshots', 'meta'], 'readonly'));
        const [stored, records, messageRows] = await Promise.all([
          tx.objectStore('runs').getAll(),
          tx.objectStore('transcripts').getAll(),
          tx.objectStore('meta').getAll(messagesRange()),
        ]);
        // Unreadable runs are left out (and reported) so the file always imports cleanly.
        const runs = (await readable(tx.objectStore('snapshots'), stored)).sort(compareRunsOldestFirst);
        const byRun = new Map<string, ConversationResult[]>();
        for (const r of records) {
          let list = byRun.get(r.runId);
          if (!list) byRun.set(r.runId, (list = []));
          list.push(r.result);
        }
        const transcripts: Record<string, ConversationResult[]> = {};
        for (const run of runs) {
          const list = byRun.get(run.id);
          if (run.hasTranscripts && list?.length) transcripts[run.id] = list;
        }
        const out: HistoryExport = { format: 'flowstress-history', version: 1, exportedAt: now(), runs, transcripts };
        // Damaged message rows are left out like damaged runs, so the file always imports cleanly.
        const messages = messageRows.filter((m) => Array.isArray(m.value) && m.value.length > 0 && checkCustomerMessages(m.value).length === 0);
        if (messages.length) out.customerMessages = Object.fromEntries(messages.map((m) => [m.key.slice(customerMessagesKey('').length), m.value as CustomerMessage[]]));
        return out;
      }),

    async importAll(data) {
      const prepared = prepareImportAll(data); // FS205 for any problem, before anything is written
      const items = split(prepared.runs);
      const messageRows = Object.entries(prepared.customerMessages).map(([flowId, value]) => ({ key: customerMessagesKey(flowId), value }));
      let imported = 0;
      let skipped = 0;
      try {
        imported = await withDb('FS209', async (db) => {
          const tx = openWrite(db);
          const done = transactionDone(tx);
          // Runs already in the history are kept as they are (skipped, not overwritten): an import never
          // changes a result the designer has already seen. The caller gets the count actually imported.
          const existing = new Set(await tx.objectStore('runs').getAllKeys());
          skipped = items.filter((item) => existing.has(item.run.id)).length;
          // The same for customer messages: a flow that has its own keeps them.
          const ownMessages = new Set(messageRows.length ? await tx.objectStore('meta').getAllKeys(messagesRange()) : []);
          let written = 0;
          try {
            written = putRuns(tx, items, existing);
            for (const row of messageRows) if (!ownMessages.has(row.key)) tx.objectStore('meta').put(row).catch(ignore);
          } catch (e) {
            await abortAndWait(tx, done);
            throw e;
          }
          await done;
          return written;
        });
      } catch (e) {
        throw writeFailed(e, 'FS209', 'nothing was imported');
      }
      if (skipped > 0) hub.emit(skippedNotice(skipped, items.length));
      if (imported > 0) await applyRetention();
      return imported;
    },

    deleteDamaged: () =>
      withDb('FS209', async (db) => {
        const tx = db.transaction(['runs', 'transcripts', 'snapshots'], 'readwrite', { durability: 'relaxed' });
        const done = transactionDone(tx);
        const runs = tx.objectStore('runs');
        const snapshots = tx.objectStore('snapshots');
        const damaged: { key: IDBValidKey; snapshotKey?: unknown }[] = [];
        let cursor = await runs.openCursor();
        while (cursor) {
          const stored = cursor.value as StoredRun | null;
          const key = typeof stored?.snapshotKey === 'string' ? stored.snapshotKey : undefined;
          const flow = key ? (await snapshots.get(key))?.flow : undefined;
          const run = stored && typeof stored === 'object' ? fromStored(stored, flow) : stored;
          if (checkRunRecord(run).length > 0) damaged.push({ key: cursor.primaryKey, snapshotKey: key });
          cursor = await cursor.continue();
        }
        for (const d of damaged) {
          runs.delete(d.key as string).catch(ignore);
          if (typeof d.key === 'string') tx.objectStore('transcripts').delete(transcriptRange(d.key)).catch(ignore);
          if (typeof d.snapshotKey === 'string') dropSnapshotIfUnused(tx, d.snapshotKey).catch(ignore);
        }
        await done;
        for (const d of damaged) if (typeof d.key === 'string') reportedDamaged.delete(d.key);
        return damaged.length;
      }),

    getCustomerMessages: (flowId) =>
      withDb('FS209', async (db): Promise<CustomerMessage[]> => {
        const row = await db.get('meta', customerMessagesKey(flowId));
        // A damaged row reads as none rather than failing every run of the flow.
        return row && Array.isArray(row.value) && checkCustomerMessages(row.value).length === 0 ? (row.value as CustomerMessage[]) : [];
      }),

    async saveCustomerMessages(flowId, messages) {
      const value = prepareCustomerMessages(flowId, messages); // FS209 before any write when malformed
      try {
        await withDb('FS209', async (db) => {
          const tx = db.transaction('meta', 'readwrite', { durability });
          const done = transactionDone(tx);
          if (value.length) tx.store.put({ key: customerMessagesKey(flowId), value }).catch(ignore);
          else tx.store.delete(customerMessagesKey(flowId)).catch(ignore);
          await done;
        });
      } catch (e) {
        throw writeFailed(e, 'FS209', 'the customer messages were not saved');
      }
    },

    clearCustomerMessages: (flowId) =>
      withDb('FS209', async (db) => {
        const tx = db.transaction('meta', 'readwrite', { durability: 'relaxed' });
        const done = transactionDone(tx);
        tx.store.delete(customerMessagesKey(flowId)).catch(ignore);
        await done;
      }),

    onNotice: (listener) => hub.subscribe(listener),

    close() {
      connection.close();
    },
  };
}
