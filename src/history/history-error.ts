import { ERROR_CODES, FlowstressError, isFlowstressError, type ErrorCode } from '../core/errors.ts';
import type { HistoryNotice, HistoryNoticeAction } from './types.ts';

/** History codes (FS200-FS249). */
export type HistoryErrorCode = Extract<ErrorCode, `FS20${string}` | `FS21${string}` | `FS22${string}` | `FS23${string}` | `FS24${string}`>;

/** "detail. generic fix" (the FlowstressError constructor adds the "FSxxx: " prefix). */
function describe(code: HistoryErrorCode, detail?: string): string {
  return detail ? `${detail}. ${ERROR_CODES[code]}` : ERROR_CODES[code];
}

/** A history error with the registry text and, optionally, a specific detail first. */
export function historyError(code: HistoryErrorCode, detail?: string, cause?: unknown): FlowstressError {
  return new FlowstressError(code, describe(code, detail), cause === undefined ? undefined : { cause });
}

/** A notice for the panel's banner, worded like the matching error. */
export function historyNotice(code: HistoryErrorCode, detail?: string, actions?: HistoryNoticeAction[]): HistoryNotice {
  const notice: HistoryNotice = { code, message: `${code}: ${describe(code, detail)}` };
  if (actions?.length) notice.actions = actions;
  return notice;
}

function errorName(e: unknown): string {
  return e && typeof e === 'object' && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : '';
}

function errorText(e: unknown): string {
  if (e instanceof Error || (e && typeof e === 'object' && 'message' in e)) {
    const { name, message } = e as { name?: string; message?: string };
    return [name, message].filter(Boolean).join(': ') || String(e);
  }
  return String(e);
}

/**
 * Storage full. Browsers abort the transaction with `QuotaExceededError`; Chrome near a full disk has been
 * seen to report an `AbortError`/`UnknownError` whose message mentions the quota (matrix-js-sdk storage
 * notes), so the message is checked too.
 */
export function isQuotaError(e: unknown): boolean {
  if (errorName(e) === 'QuotaExceededError') return true;
  const message = e && typeof e === 'object' ? String((e as { message?: unknown }).message ?? '') : '';
  return /quota/i.test(message);
}

/**
 * The connection is unusable, not the request: a closed or closing handle throws `InvalidStateError` from
 * `db.transaction()`, and Chrome raises `UnknownError` after site data was cleared under an open page
 * (Dexie#543). Reopening fixes both.
 */
export function isConnectionLostError(e: unknown): boolean {
  const name = errorName(e);
  return name === 'InvalidStateError' || name === 'UnknownError';
}

/** Maps anything thrown to a FlowstressError: kept as is when already one, FS201 for quota, else `fallback`. */
export function toHistoryError(e: unknown, fallback: HistoryErrorCode, detail?: string): FlowstressError {
  if (isFlowstressError(e)) return e;
  if (isQuotaError(e)) return historyError('FS201', `${detail ? detail + ': ' : ''}${errorText(e)}`, e);
  return historyError(fallback, `${detail ? detail + ': ' : ''}${errorText(e)}`, e);
}

/** FS213: runs of an import file that were already in the history, so "Imported 0 runs." says why. */
export function skippedNotice(skipped: number, total: number) {
  const all = skipped === total;
  return historyNotice(
    'FS213',
    `${all ? (total === 1 ? 'The run' : `All ${total} runs`) : `${skipped} of the ${total} runs`} in the file ${skipped === 1 ? 'was' : 'were'} already in the history (same run id) and kept as ${skipped === 1 ? 'it was' : 'they were'}`,
  );
}
