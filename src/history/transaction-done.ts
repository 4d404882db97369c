import { unwrap } from 'idb';

/**
 * Like idb's `tx.done`, but rejects with the error that caused the abort. idb rejects `done` on the first
 * bubbling request `error` event, before the browser has set `tx.error`, so a failed put reports a bare
 * AbortError and a full disk would not be recognised as QuotaExceededError. Here: the first failed
 * request's error, else `tx.error` (a commit-time failure such as quota), else AbortError.
 * Call it right after creating the transaction, before any request can fail.
 */
export function transactionDone(tx: { done: Promise<void> }): Promise<void> {
  // idb's own promise still rejects; nobody else awaits it, so keep it from surfacing as unhandled.
  tx.done.catch(() => {});
  const raw = unwrap(tx as never) as unknown as IDBTransaction;
  const done = new Promise<void>((resolve, reject) => {
    let first: DOMException | null = null;
    raw.addEventListener('error', (event) => {
      first ??= (event.target as IDBRequest | null)?.error ?? null;
    });
    raw.addEventListener('complete', () => resolve());
    raw.addEventListener('abort', () => reject(first ?? raw.error ?? new DOMException('The transaction was aborted.', 'AbortError')));
  });
  // Callers may throw on an earlier failed request before awaiting this; the rejection is then not news.
  done.catch(() => {});
  return done;
}
