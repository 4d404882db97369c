import type { CustomerMessage, FlowDocument } from '../core/flow/types.ts';
import type { ConversationResult } from '../core/simulate/types.ts';
import { historyError } from './history-error.ts';
import { snapshotKeyOf, type SnapshotRecord, type StoredRun } from './schema.ts';
import type { RunRecord } from './types.ts';
import { checkCustomerMessages, checkHistoryExport, checkRunRecord, checkTranscripts, describeProblems } from './validate-history-export.ts';

/** Default number of runs whose transcripts are kept (summaries are always kept). */
export const DEFAULT_TRANSCRIPT_RETENTION = 200;

/** A checked run ready to write, with its conversations. */
export interface PreparedRun {
  record: RunRecord;
  transcripts: ConversationResult[];
}

/**
 * Checks a run before saving and sets the field the repository owns: `hasTranscripts` says whether
 * conversations are stored, so it is `transcripts.length > 0` whatever the caller passed. A bad run is a
 * programmer error reported as FS206: nothing is written.
 */
export function prepareRun(run: RunRecord, transcripts: ConversationResult[]): PreparedRun {
  const problems = [...checkRunRecord({ ...(run as object), hasTranscripts: true }, 'run'), ...checkTranscripts(transcripts, 'transcripts')];
  if (problems.length) throw historyError('FS206', `the run is malformed (${describeProblems(problems)})`);
  return { record: { ...run, hasTranscripts: transcripts.length > 0 }, transcripts };
}

/** Parses (when given text) and checks a whole export file; FS205 on any problem, before anything is written. */
export function prepareImport(data: unknown): PreparedRun[] {
  return prepareImportAll(data).runs;
}

/** {@link prepareImport} with the file's customer messages by flow id (empty when the file has none). */
export function prepareImportAll(data: unknown): { runs: PreparedRun[]; customerMessages: Record<string, CustomerMessage[]> } {
  let parsed = data;
  if (typeof data === 'string') {
    try {
      parsed = JSON.parse(data);
    } catch (e) {
      throw historyError('FS205', `the file is not valid JSON (${(e as Error).message})`);
    }
  }
  const check = checkHistoryExport(parsed);
  if (!check.ok) throw historyError('FS205', describeProblems(check.problems));
  const { runs, transcripts } = check.value;
  const prepared = runs.map((run) => {
    const list = Object.hasOwn(transcripts, run.id) ? transcripts[run.id] : [];
    return { record: { ...run, hasTranscripts: list.length > 0 }, transcripts: list };
  });
  const customerMessages: Record<string, CustomerMessage[]> = {};
  for (const [flowId, list] of Object.entries(check.value.customerMessages ?? {})) {
    if (list.length > 0) customerMessages[flowId] = list.map((m) => ({ text: m.text, intent: m.intent }));
  }
  return { runs: prepared, customerMessages };
}

/** The `meta` key of a flow's customer messages. */
export const customerMessagesKey = (flowId: string): string => `messages:${flowId}`;

/** Checks messages before saving (a programmer error otherwise: FS209) and copies them as plain `{text, intent}`. */
export function prepareCustomerMessages(flowId: string, messages: unknown): CustomerMessage[] {
  if (typeof flowId !== 'string' || flowId === '') throw historyError('FS209', 'customer messages need a flow id');
  const problems = checkCustomerMessages(messages);
  if (problems.length) throw historyError('FS209', `the customer messages are malformed (${describeProblems(problems)})`);
  return (messages as CustomerMessage[]).map((m) => ({ text: m.text, intent: m.intent }));
}

/** Splits a run into its stored record and its (shareable) snapshot. */
export function toStored(record: RunRecord): { run: StoredRun; snapshot: SnapshotRecord } {
  const { flowSnapshot, ...rest } = record;
  const key = snapshotKeyOf(record.flowHash, flowSnapshot);
  const run: StoredRun = { ...rest, snapshotKey: key };
  if (record.hasTranscripts) run.transcriptsAt = record.startedAt;
  return { run, snapshot: { key, flow: flowSnapshot } };
}

/**
 * The contract's view of a stored run, joined with its snapshot. Unchecked: a damaged row (or a missing
 * snapshot) comes out without a valid `flowSnapshot` and fails the record check.
 */
export function fromStored(stored: StoredRun, flow: FlowDocument | undefined): RunRecord {
  const { snapshotKey: _k, transcriptsAt: _t, ...rest } = stored;
  return flow === undefined ? (rest as RunRecord) : { ...rest, flowSnapshot: flow };
}

/** `keep` as a whole number >= 0 (Infinity keeps everything). */
export function normalizeKeep(keep: number | undefined, fallback: number): number {
  if (keep === undefined || Number.isNaN(keep)) return fallback;
  if (keep === Infinity) return Infinity;
  return Math.max(0, Math.floor(keep));
}
