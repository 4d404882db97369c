/**
 * Runs a batch of conversations for the command line in worker threads, each conversation under a time
 * limit, as the panel's worker pool does in the browser: a conversation that overruns it (a flow pattern
 * that backtracks for minutes, an engine bug) has its thread terminated and replaced, and is recorded as a
 * harness error (FS252), never left to hang the run. A thread that crashes costs only its conversation
 * (FS251). Results are delivered in index order, one at a time, and only a small window of them is ever
 * held, so memory stays flat however many conversations are run.
 */
import { errorConversation } from '../core/simulate/error-conversation.ts';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { formatMessage, type ErrorCode } from '../core/errors.ts';
import type { FlowDocument } from '../core/flow/types.ts';
import type { PersonaId } from '../core/personas/types.ts';
import type { ConversationResult, SimulationOptions } from '../core/simulate/types.ts';

/** What a thread is asked to play. */
export interface ThreadJob {
  persona: PersonaId;
  seed: number;
  index: number;
  options: SimulationOptions;
}

export interface RunConversationsOptions {
  flow: FlowDocument;
  hash: string;
  seed: number;
  /** Personas in order; each gets conversations 0..n-1. */
  personas: readonly PersonaId[];
  n: number;
  simulation: SimulationOptions;
  /** A conversation running longer than this is stopped as a harness error (FS252). Default 10 s, as in the browser. */
  timeoutMs?: number;
  /** Worker threads. Default: the cores but one (at least one, at most 4). */
  threads?: number;
  /**
   * The thread script (internal: tests pass a thread that hangs or crashes on purpose). Default the CLI's
   * own `conversation-thread`.
   */
  threadEntry?: URL;
  /** Receives each result in order (persona by persona, index by index); awaited, so output can apply backpressure. */
  onResult(result: ConversationResult): void | Promise<void>;
}

export const DEFAULT_CONVERSATION_TIMEOUT_MS = 10_000;
/** A thread that has not compiled the flow by then failed to start (FS250). */
const START_TIMEOUT_MS = 60_000;

/** The thread entry: the compiled `.js` in the package; the `.ts` source under tsx in development and tests. */
function spawnThread(workerData: unknown, entry?: URL): Worker {
  // A variable, not a literal: the library build must not rewrite this URL (dist/conversation-thread.js is its
  // own entry, beside dist/cli.js).
  const file = `./conversation-thread.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`;
  entry ??= new URL(file, import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  // A thread does not inherit tsx's loader: register it inside the thread before importing the entry.
  let api = 'tsx/esm/api';
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    // Resolved from the working directory instead.
  }
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

function errorResult(job: ThreadJob, code: ErrorCode, detail: string): ConversationResult {
  return errorConversation(job, { code, message: formatMessage(code, detail) });
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /**
   * Positions (in the whole batch) sent to this thread, oldest first. The thread plays them in order, so
   * the first is the one running: the time limit is armed for it alone.
   */
  queue: number[];
  timer?: ReturnType<typeof setTimeout>;
  startTimer?: ReturnType<typeof setTimeout>;
}

/** Conversations sent to a thread ahead of the one it plays, so it never waits for the next message. */
const PIPELINE = 4;

/** Plays `personas.length * n` conversations; resolves when every result has been delivered. */
export async function runConversations(o: RunConversationsOptions): Promise<void> {
  const total = o.personas.length * o.n;
  if (total === 0) return;
  const timeoutMs = o.timeoutMs ?? DEFAULT_CONVERSATION_TIMEOUT_MS;
  const threads = Math.max(1, Math.min(o.threads ?? Math.min(4, availableParallelism() - 1), total));
  const jobAt = (position: number): ThreadJob => ({
    persona: o.personas[Math.floor(position / o.n)],
    seed: o.seed,
    index: position % o.n,
    options: o.simulation,
  });

  // Finished results waiting for their turn to be delivered; at most `window` positions ahead.
  const finished = new Map<number, ConversationResult>();
  const window = threads * PIPELINE * 4;
  let nextJob = 0;
  let nextOut = 0;
  /** Positions to send again: they were queued behind a conversation that hung or crashed its thread. */
  const retry: number[] = [];
  /** Set when threads cannot start at all: the remaining conversations are recorded as FS250. */
  let fatal: string | null = null;
  let startFailures = 0;
  let wake: () => void = () => {};
  let closed = false;

  const slots: Slot[] = [];
  /** Arms the time limit for the conversation the thread is playing now (the head of its queue). */
  const arm = (slot: Slot) => {
    clearTimeout(slot.timer);
    const position = slot.queue[0];
    if (position === undefined) return;
    slot.timer = setTimeout(() => {
      if (slot.queue[0] !== position) return;
      const job = jobAt(position);
      lose(slot, errorResult(job, 'FS252', `conversation ${job.index} (${job.persona}) ran longer than ${timeoutMs / 1000} s and was stopped`));
    }, timeoutMs);
  };
  /** The running conversation failed with `result`; the ones queued behind it go to another thread. */
  const lose = (slot: Slot, result: ConversationResult) => {
    clearTimeout(slot.timer);
    const [head, ...rest] = slot.queue;
    slot.queue = [];
    if (head !== undefined) finished.set(head, result);
    retry.push(...rest);
    replace(slot);
    wake();
  };
  const replace = (slot: Slot) => {
    if (closed) return;
    const old = slot.worker;
    old.removeAllListeners();
    old.on('error', () => {});
    void old.terminate();
    slot.ready = false;
    slot.worker = start(slot);
  };
  const start = (slot: Slot): Worker => {
    const worker = spawnThread({ flow: o.flow, hash: o.hash }, o.threadEntry);
    // A thread that never says "ready" failed to start.
    clearTimeout(slot.startTimer);
    slot.startTimer = setTimeout(() => failStart(slot, 'the thread did not start in time'), START_TIMEOUT_MS);
    worker.on('message', (msg: ConversationResult | 'ready') => {
      if (msg === 'ready') {
        clearTimeout(slot.startTimer);
        slot.ready = true;
        startFailures = 0;
        wake();
        return;
      }
      const position = slot.queue.shift();
      if (position === undefined) return;
      finished.set(position, msg);
      arm(slot);
      wake();
    });
    const crashed = (why: string) => {
      clearTimeout(slot.startTimer);
      if (!slot.ready) return failStart(slot, why);
      const head = slot.queue[0];
      if (head === undefined) return replace(slot);
      const job = jobAt(head);
      lose(slot, errorResult(job, 'FS251', `conversation ${job.index} (${job.persona}) crashed its thread: ${why}`));
    };
    worker.on('error', (e) => crashed(e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => crashed(`the thread exited with code ${code}`));
    return worker;
  };
  const failStart = (slot: Slot, why: string) => {
    if (closed) return;
    startFailures++;
    if (startFailures >= 3) {
      fatal = why;
      wake();
      return;
    }
    replace(slot);
  };

  for (let i = 0; i < threads; i++) {
    const slot = { ready: false, queue: [] } as unknown as Slot;
    slot.worker = start(slot);
    slots.push(slot);
  }

  const dispatch = () => {
    for (const slot of slots) {
      while (slot.ready && slot.queue.length < PIPELINE) {
        let position: number;
        if (retry.length > 0) position = retry.shift()!;
        else if (nextJob < total && nextJob - nextOut < window) position = nextJob++;
        else break;
        slot.queue.push(position);
        slot.worker.postMessage(jobAt(position));
        if (slot.queue.length === 1) arm(slot);
      }
    }
  };

  try {
    while (nextOut < total) {
      if (fatal !== null) {
        // Nothing can run: what finished is delivered, the rest is recorded as not started.
        for (; nextOut < total; nextOut++) {
          await o.onResult(finished.get(nextOut) ?? errorResult(jobAt(nextOut), 'FS250', `no worker thread could start (${fatal})`));
        }
        break;
      }
      dispatch();
      const result = finished.get(nextOut);
      if (result) {
        finished.delete(nextOut);
        nextOut++;
        await o.onResult(result);
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    closed = true;
    for (const slot of slots) {
      clearTimeout(slot.timer);
      clearTimeout(slot.startTimer);
      slot.queue = [];
      slot.worker.removeAllListeners();
      slot.worker.on('error', () => {});
      await slot.worker.terminate();
    }
  }
}
