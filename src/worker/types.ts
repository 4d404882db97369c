import type { FlowstressErrorInfo } from '../core/errors.ts';
import type { FlowDocument } from '../core/flow/types.ts';
import type { PersonaId } from '../core/personas/types.ts';
import type { PersonaRunSummary } from '../core/score/types.ts';
import type { ConversationResult, SimulationOptions } from '../core/simulate/types.ts';

/** Plain JSON that goes to the workers. */
export interface BatchRequest {
  flow: FlowDocument;
  personas: PersonaId[];
  /** Conversations per persona. */
  n: number;
  seed: number;
  options?: SimulationOptions;
  /**
   * Index of the first customer (default 0): the batch runs customers `startIndex .. startIndex + n - 1`. A
   * customer is fixed by (seed, index) whatever the batch size, so a Confirm can add customers to a batch it
   * already ran.
   */
  startIndex?: number;
  /**
   * `false` returns conversations without their turns (outcome, fallbacks, digressions and path only): for
   * paired re-runs that only need verdicts, it halves what crosses the worker boundary. Default true.
   */
  transcripts?: boolean;
  /**
   * Use every core (up to 4 workers) while this batch runs, instead of the pool's usual half: for work the
   * designer waits on with little for the page to do meanwhile, such as a Confirm. Default false.
   */
  allCores?: boolean;
}

export interface BatchProgress {
  done: number;
  total: number;
  /** The conversation that just finished. */
  conversation: ConversationResult;
}

export type BatchStatus = 'completed' | 'completed_with_errors' | 'cancelled';

export interface PersonaBatchResult {
  persona: PersonaId;
  summary: PersonaRunSummary;
  /** Ordered by conversation index; cancelled runs hold only the finished ones. */
  conversations: ConversationResult[];
}

export interface BatchResult {
  status: BatchStatus;
  flowHash: string;
  startedAt: number;
  finishedAt: number;
  results: PersonaBatchResult[];
}

/** Runs batches off the main thread. Every call settles: errors come back as `{ok:false}` data, never hang. */
export interface StressClient {
  runBatch(
    request: BatchRequest,
    options?: { signal?: AbortSignal; onProgress?: (p: BatchProgress) => void },
  ): Promise<{ ok: true; result: BatchResult } | { ok: false; error: FlowstressErrorInfo }>;
  /** Starts workers ahead of the first run (optional; runBatch starts them too). */
  warm(): Promise<void>;
  dispose(): void;
}

/** A value or an error, as plain data: how results cross the worker boundary (comlink keeps only name/message of thrown errors). */
export type WorkerResult<T> = { ok: true; value: T } | { ok: false; error: FlowstressErrorInfo };

/** One conversation to run in a worker, against a flow already loaded there by `load`. */
export interface WorkerJob {
  flowHash: string;
  persona: PersonaId;
  seed: number;
  index: number;
  options?: SimulationOptions;
  /** Return the conversation without its turns (see `BatchRequest.transcripts`). */
  lean?: boolean;
}

/** What a flowstress worker exposes. Every method returns data; none throws across the boundary. */
export interface WorkerApi {
  ping(): 'pong';
  /**
   * Compiles the flow once and caches it by its run key (`flowRunKey`: the content hash plus what else
   * changes the customers, such as imported customer messages); a few flows are kept.
   */
  load(flow: FlowDocument): WorkerResult<{ hash: string }>;
  /** Runs one conversation; FS255 when the flow is not loaded in this worker. */
  run(job: WorkerJob): WorkerResult<ConversationResult>;
}
