import type { CustomerMessage, FlowDocument } from '../core/flow/types.ts';
import type { PersonaId } from '../core/personas/types.ts';
import type { PersonaRunSummary } from '../core/score/types.ts';
import type { ConversationResult } from '../core/simulate/types.ts';

export type RunStatus = 'completed' | 'completed_with_errors' | 'cancelled';

/**
 * One persona's run of a batch. An "All personas" batch is four records sharing `batchId`.
 * Transcripts are stored separately (one record per conversation) and loaded lazily.
 */
export interface RunRecord {
  id: string;
  batchId: string;
  flowId: string;
  flowName: string;
  /** Stable content hash of the flow (positions and selection ignored). */
  flowHash: string;
  /** The flow as it was run. */
  flowSnapshot: FlowDocument;
  persona: PersonaId;
  /** Conversations requested. */
  n: number;
  seed: number;
  engineVersion: string;
  /** Epoch milliseconds. */
  startedAt: number;
  finishedAt: number;
  status: RunStatus;
  summary: PersonaRunSummary;
  /** Whether transcripts are still stored (they can be pruned; summaries never are). */
  hasTranscripts: boolean;
}

/** A run record with its flow version label: runs of the same flow hash share v1, v2... in order of first appearance. */
export interface RunListItem extends RunRecord {
  versionLabel: string;
}

export interface HistoryExport {
  format: 'flowstress-history';
  version: 1;
  exportedAt: number;
  runs: RunRecord[];
  transcripts: Record<string, ConversationResult[]>;
  /** Real customer messages imported for a flow, by flow id (absent when none were imported). */
  customerMessages?: Record<string, CustomerMessage[]>;
}

/** Where the history lives: IndexedDB normally, memory when IndexedDB is unavailable (with a notice). */
export type StorageMode = 'indexeddb' | 'memory';

/** What the panel can offer next to a notice (buttons in the banner). */
export type HistoryNoticeAction = 'prune-transcripts' | 'export' | 'reload' | 'retry' | 'delete-damaged';

export interface HistoryNotice {
  code: string;
  message: string;
  /** Remedies to offer, most useful first (e.g. FS201 offers pruning stored transcripts, then export). */
  actions?: HistoryNoticeAction[];
}

/** The history repository used by the store. Every method settles; failures reject with a FlowstressError (FS2xx). */
export interface HistoryRepository {
  readonly mode: StorageMode;
  /** Saves the run and its transcripts in one transaction: all or nothing. */
  saveRun(run: RunRecord, transcripts: ConversationResult[]): Promise<void>;
  /** A flow's runs, newest first, optionally for one persona, with version labels. */
  listRuns(flowId: string, options?: { persona?: PersonaId; limit?: number }): Promise<RunListItem[]>;
  getRun(id: string): Promise<RunListItem | undefined>;
  /** Transcripts of a run (empty when pruned). */
  getTranscripts(runId: string): Promise<ConversationResult[]>;
  deleteRun(id: string): Promise<void>;
  /** Deletes every run of a flow (or all runs when flowId is omitted). */
  clear(flowId?: string): Promise<void>;
  /** Deletes stored transcripts of all but the newest `keep` runs; summaries stay. Returns how many runs were pruned. */
  pruneTranscripts(keep: number): Promise<number>;
  exportAll(): Promise<HistoryExport>;
  /**
   * Validates the whole file first; a bad file rejects with FS205 and writes nothing. Returns runs imported.
   * Runs already in the history (same id) are skipped, never overwritten, with notice FS213 saying how many.
   * Customer messages in the file are added for flows that have none; a flow's own messages are kept.
   */
  importAll(data: unknown): Promise<number>;
  /**
   * Deletes the stored runs that fail the record check (notice FS211 lists them as damaged; older versions or
   * a damaged database can leave such rows). Returns how many were deleted; the readable runs are untouched.
   */
  deleteDamaged(): Promise<number>;
  /**
   * The real customer messages imported for a flow (empty when none). Kept in the `meta` store under
   * `messages:<flowId>`, apart from the runs: clearing or pruning runs keeps them.
   */
  getCustomerMessages(flowId: string): Promise<CustomerMessage[]>;
  /** Replaces a flow's customer messages (FS209 when `messages` is not a list of `{text, intent}` strings). */
  saveCustomerMessages(flowId: string, messages: CustomerMessage[]): Promise<void>;
  /** Removes a flow's customer messages. */
  clearCustomerMessages(flowId: string): Promise<void>;
  /** Subscribe to notices (quota, blocked, versionchange, fallback to memory). Returns an unsubscribe function. */
  onNotice(listener: (notice: HistoryNotice) => void): () => void;
  close(): void;
}
