import { wrap, type IDBPDatabase } from 'idb';
import { HISTORY_DB_VERSION, upgradeHistoryDatabase, type HistoryDB } from './schema.ts';

export interface OpenHistoryDatabaseOptions {
  /** The factory to open with (tests inject a fresh fake-indexeddb `IDBFactory`). */
  indexedDB: IDBFactory;
  name: string;
  /** Default {@link HISTORY_DB_VERSION}; tests open older versions to build fixtures. */
  version?: number;
  /**
   * Give up when the open has not settled after this many ms (a tab that never releases its connection, or
   * Safari 14's open() that never answers). The clock stops while an upgrade is migrating data: a long
   * migration is progress, not a hang.
   */
  timeoutMs: number;
  /** An older connection (another tab) is blocking the upgrade; the open keeps waiting until the timeout. */
  blocked?: (currentVersion: number) => void;
  /** This connection blocks another tab's upgrade or delete (`versionchange`). */
  blocking?: (db: IDBPDatabase<HistoryDB>, newVersion: number | null) => void;
  /** The browser closed the connection abnormally (`close` event: site data cleared, backend crash). */
  terminated?: (db: IDBPDatabase<HistoryDB>) => void;
}

/** The open did not settle in time. `blocked` says whether another connection was blocking an upgrade. */
export class OpenTimeoutError extends Error {
  readonly blocked: boolean;
  constructor(timeoutMs: number, blocked: boolean) {
    super(blocked ? `the upgrade was still blocked by another connection after ${timeoutMs} ms` : `opening IndexedDB did not answer within ${timeoutMs} ms`);
    this.name = 'OpenTimeoutError';
    this.blocked = blocked;
  }
}

/** The upgrade ladder failed; the upgrade was aborted, so the database is still at its previous version. */
export class UpgradeError extends Error {
  constructor(cause: unknown) {
    super(`the upgrade failed and was rolled back (${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)})`, { cause });
    this.name = 'UpgradeError';
  }
}

/**
 * Opens the history database and runs the upgrade ladder. Like idb's `openDB`, but with an injectable
 * factory (idb's `openDB` always uses the global `indexedDB`) and a timeout so the promise always settles.
 * A connection that arrives after the timeout is closed at once, so it cannot block other tabs.
 */
export function openHistoryDatabase(options: OpenHistoryDatabaseOptions): Promise<IDBPDatabase<HistoryDB>> {
  const { indexedDB: factory, name, version = HISTORY_DB_VERSION, timeoutMs } = options;
  return new Promise((resolve, reject) => {
    let settled = false;
    let wasBlocked = false;
    let upgradeFailure: unknown;
    const request = factory.open(name, version); // may throw (SecurityError): the caller's catch handles it
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      reject(new OpenTimeoutError(timeoutMs, wasBlocked));
    }, timeoutMs);

    request.addEventListener('upgradeneeded', (event) => {
      clearTimeout(timer);
      const db = wrap(request.result) as unknown as IDBPDatabase<HistoryDB>;
      const tx = wrap(request.transaction!) as unknown as Parameters<typeof upgradeHistoryDatabase>[2];
      // A failed upgrade is reported through the open request; this keeps idb's `done` from going unhandled.
      tx.done.catch(() => {});
      upgradeHistoryDatabase(db, event.oldVersion, tx).catch((e: unknown) => {
        upgradeFailure = new UpgradeError(e);
      });
    });
    request.addEventListener('blocked', (event) => {
      wasBlocked = true;
      options.blocked?.(event.oldVersion);
    });

    (wrap(request) as unknown as Promise<IDBPDatabase<HistoryDB>>).then(
      (db) => {
        if (settled) {
          db.close();
          return;
        }
        settled = true;
        clearTimeout(timer);
        db.addEventListener('versionchange', (event) => options.blocking?.(db, event.newVersion));
        db.addEventListener('close', () => options.terminated?.(db));
        resolve(db);
      },
      (e: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // An aborted upgrade reports AbortError; the migration's own error says what went wrong.
        reject(upgradeFailure ?? e);
      },
    );
  });
}
