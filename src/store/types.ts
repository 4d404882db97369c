import type { FlowstressErrorInfo, Finding } from '../core/errors.ts';
import type { CustomerMessage, FlowDocument } from '../core/flow/types.ts';
import type { PersonaId } from '../core/personas/types.ts';
import type { PairedComparison, Verdict } from '../core/score/types.ts';
import type { ConversationResult, Outcome } from '../core/simulate/types.ts';
import type { HistoryNoticeAction, HistoryRepository, RunListItem, RunRecord, StorageMode } from '../history/types.ts';
import type { BatchStatus, StressClient } from '../worker/types.ts';

/** One persona, or all four in one batch. */
export type PersonaChoice = PersonaId | 'all';

/** Batch sizes offered by the panel (per persona). Larger batches tell smaller changes apart (see power.ts). */
export type BatchSize = 10 | 25 | 50 | 100 | 200 | 500;
export const BATCH_SIZES: readonly BatchSize[] = [10, 25, 50, 100, 200, 500];

export type PanelStatus = 'idle' | 'validating' | 'running' | 'done' | 'cancelled' | 'error';

/**
 * What `getFlow` may return: a flow document, or the result of converting the host's graph
 * (`fromReactFlow`), whose findings (unknown node types, bad shapes) are shown like validation findings.
 */
export type FlowSource = FlowDocument | { ok: boolean; flow?: FlowDocument | null; findings: Finding[] };

export type MetricKey = PairedComparison['metric'];
export const METRICS: readonly MetricKey[] = ['completion', 'fallbackRate', 'offTopicRecovery'];

/** One score of a run against the previous run of the same persona. */
export interface MetricComparison {
  metric: MetricKey;
  /** New minus old (fraction); null when either side has no value (recovery n/a). */
  delta: number | null;
  /** Paired verdict (McNemar); null when the runs are not paired or transcripts are missing. */
  verdict: Verdict | null;
  pValue: number | null;
}

export interface RunComparison {
  runId: string;
  previousRunId: string;
  previousVersionLabel: string | null;
  /** The previous run tested the same draft (same content hash): a rerun, not a fix. */
  sameFlow: boolean;
  /** Same persona, seed, size and engine version: the same simulated customers, so a verdict is possible. */
  paired: boolean;
  /** `pending` while transcripts load for the paired test. */
  status: 'pending' | 'ready';
  /** Why there is no verdict, when there is none. */
  note: string | null;
  metrics: Record<MetricKey, MetricComparison>;
}

/** A run the panel can show: saved in the history, or kept in memory when saving failed. */
export interface PanelRun extends RunRecord {
  /** Flow version label (v1, v2...) when known. */
  versionLabel: string | null;
  saved: boolean;
}

export interface CurrentBatch {
  batchId: string;
  status: BatchStatus;
  flowHash: string;
  startedAt: number;
  finishedAt: number;
  /** One run per persona, in persona order. */
  runIds: string[];
  /** Conversations finished out of those requested (less than requested when cancelled). */
  finished: number;
  requested: number;
}

export type NoticeTone = 'info' | 'warning' | 'error';

export interface PanelNotice {
  id: string;
  code: string;
  message: string;
  tone: NoticeTone;
  /** Remedies the banner offers as buttons (from the history's notice). */
  actions: HistoryNoticeAction[];
}

export type OutcomeFilter = Outcome | 'all' | 'failed';

/** The real customer messages imported for the current flow (kept in the history, per flow id). */
export interface CustomerMessagesState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  messages: CustomerMessage[];
  /** Name of the file imported in this session, when known. */
  fileName: string | null;
  /** Intents of the flow as last read (at a run or an import), to flag messages for unknown intents; null before. */
  flowIntents: { id: string; label: string }[] | null;
}

/** One score of a Confirm: the two drafts on the same customers. */
export interface ConfirmMetric {
  metric: MetricKey;
  /** Customers counted on both drafts (for recovery: those who digressed on both). */
  pairs: number;
  /** The score on those customers, before (the earlier version) and after (the current draft); null without pairs. */
  before: number | null;
  after: number | null;
  /** after - before (fraction), from the paired test. */
  delta: number | null;
  better: number;
  worse: number;
  pValue: number;
  verdict: Verdict;
  /** The smallest change these pairs show with 80% power, given how many customers flipped; null if none. */
  detectable: number | null;
  /** A 10-point change would have shown with at least 80% power. */
  powered: boolean;
}

/**
 * A Confirm: the customers of a run (same persona and seed) re-run on the current draft and on the earlier
 * version it is compared with, as many as a 10-point change needs (up to 1,000), to say improved, worse or no
 * significant change. Not saved in the history.
 */
export interface Confirmation {
  /** The run whose customers are re-run. */
  runId: string;
  persona: PersonaId;
  seed: number;
  baselineRunId: string;
  baselineLabel: string;
  status: 'running' | 'done' | 'cancelled' | 'error';
  /** Conversations finished out of those requested so far (both drafts). */
  progress: { done: number; total: number };
  /** Customers to run on each draft: the pilot's size until the pilot has sized the rest. */
  planned: number;
  /** Customers compared (on each draft), once done. */
  customers: number;
  /** 1,000 customers are not enough for 80% power on completion or fallback rate. */
  capped: boolean;
  metrics: Record<MetricKey, ConfirmMetric> | null;
  error: FlowstressErrorInfo | null;
  startedAt: number;
  finishedAt: number | null;
}

export type TranscriptStatus = 'loading' | 'ready' | 'missing' | 'error';

export interface PanelState {
  flowId: string;
  flowName: string;
  persona: PersonaChoice;
  n: BatchSize;
  seed: number;
  /** True while the seed is the flow's default (reruns are paired with earlier runs). */
  seedIsDefault: boolean;
  status: PanelStatus;
  progress: { done: number; total: number };
  /** Conversion and validation findings of the last run attempt. */
  findings: Finding[];
  /** Display names of the nodes of the flow read at the last run attempt (for findings). */
  nodeLabels: Record<string, string>;
  batch: CurrentBatch | null;
  /** Runs of the current batch, by id (also present in `history` once saved). */
  runs: Record<string, PanelRun>;
  selectedRunId: string | null;
  selectedConversation: number | null;
  nodeFilter: string | null;
  outcomeFilter: OutcomeFilter;
  /** The current flow's runs, newest first. */
  history: RunListItem[];
  historyStatus: 'idle' | 'loading' | 'ready' | 'error';
  historyPersona: PersonaId | 'all';
  storageMode: StorageMode | null;
  /** Loaded transcripts, by run id (current batch and the selected run). */
  transcripts: Record<string, ConversationResult[]>;
  transcriptStatus: Record<string, TranscriptStatus>;
  /** Comparisons with the previous run of the same persona, by run id. */
  comparisons: Record<string, RunComparison>;
  notices: PanelNotice[];
  error: FlowstressErrorInfo | null;
  customerMessages: CustomerMessagesState;
  /** The last Confirm (for `confirmation.runId`). */
  confirmation: Confirmation | null;
}

export interface PanelActions {
  setPersona(persona: PersonaChoice): void;
  setN(n: BatchSize): void;
  /** Sets an explicit seed; runs with another seed are not paired with earlier runs. */
  setSeed(seed: number): void;
  /** Back to the flow's default seed. */
  resetSeed(): void;
  /** Draws a fresh seed (new simulated customers). */
  newSeed(): void;
  /** The host switched flows: resets the seed default, selection and history. */
  setFlowMeta(meta: { id: string; name: string }): void;
  /** Reads the flow now, validates it and runs the batch. Resolves when the run is over (never rejects). */
  run(): Promise<void>;
  cancel(): void;
  selectRun(runId: string | null): void;
  selectConversation(index: number | null): void;
  setNodeFilter(nodeId: string | null): void;
  setOutcomeFilter(filter: OutcomeFilter): void;
  setHistoryPersona(persona: PersonaId | 'all'): void;
  /** Loads a run's transcripts once (lazy; cached). */
  loadTranscripts(runId: string): Promise<void>;
  /** Computes the comparison of a run with its predecessor if not known yet. */
  ensureComparison(runId: string): Promise<void>;
  refreshHistory(): Promise<void>;
  deleteRun(runId: string): Promise<void>;
  /** The whole history as a JSON string (for a download); null when it failed (a notice says why). */
  exportHistory(): Promise<string | null>;
  /** Imports a history export; returns the number of runs imported (0 on a bad file, with a notice). */
  importHistory(text: string): Promise<number>;
  /** Frees storage: keeps transcripts of the newest `keep` runs only (summaries stay). */
  pruneTranscripts(keep?: number): Promise<number>;
  /** Deletes the stored runs the history reported as damaged (FS211); returns how many. */
  deleteDamagedRuns(): Promise<number>;
  dismissNotice(id: string): void;
  /**
   * Reads a CSV or JSON file of real customer messages (text, intent) and keeps it with the flow's history:
   * every later run uses them as the customers' wording (never as training phrases). A bad file gives a
   * notice (FS105) and saves nothing. Returns the number of messages imported.
   */
  importCustomerMessages(text: string, fileName?: string): Promise<number>;
  /** Removes the flow's customer messages: runs go back to the built-in wording. */
  clearCustomerMessages(): Promise<void>;
  /**
   * Re-runs the customers of a run (default: the selected one) on the current draft and on the earlier
   * version it is compared with, as many as it takes (up to 1,000). Resolves when done (never rejects).
   */
  confirm(runId?: string): Promise<void>;
  cancelConfirm(): void;
  /**
   * Subscribes to history notices and loads the history. Call from an effect; returns the cleanup
   * (unsubscribes and cancels a run in flight).
   */
  connect(): () => void;
}

export type PanelStore = PanelState & PanelActions;

/** Schedules a callback (once per animation frame by default); returns a cancel function. */
export type Scheduler = (cb: () => void) => () => void;

export interface PanelStoreDeps {
  client: StressClient;
  history: HistoryRepository;
  /** Called when a run starts (never on render): reads the host's current, unsaved graph. */
  getFlow: () => FlowSource;
  flowId: string;
  flowName?: string;
  now?: () => number;
  newId?: () => string;
  /** For "new seed" (defaults to Math.random). */
  random?: () => number;
  /** Progress throttle (defaults to requestAnimationFrame, or 100 ms without it). */
  schedule?: Scheduler;
}
