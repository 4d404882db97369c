import * as Comlink from 'comlink';
import { FlowstressError, formatMessage, toErrorInfo, type ErrorCode, type FlowstressErrorInfo } from '../core/errors.ts';
import type { FlowDocument } from '../core/flow/types.ts';
import type { ConversationResult } from '../core/simulate/types.ts';
import { toErrorConversation } from './to-error-conversation.ts';
import type { WorkerApi, WorkerJob, WorkerResult } from './types.ts';

/**
 * Starts the flowstress worker shipped with the package.
 *
 * Keep the `new Worker(new URL('./flowstress.worker.ts', import.meta.url), { type: 'module' })` form
 * literal: Vite, webpack and Next only recognise (and bundle) a worker written exactly this way, and the lib
 * build rewrites it to `new URL("./flowstress.worker.js", import.meta.url)` (toolchain.md §6).
 */
export function createDefaultWorker(): Worker {
  if (typeof Worker === 'undefined') throw new FlowstressError('FS254', formatMessage('FS254'));
  return new Worker(new URL('./flowstress.worker.ts', import.meta.url), { type: 'module' });
}

/**
 * `clamp(floor(hardwareConcurrency / 2), 1, 4)`: more than half the cores only gets workers deprioritised
 * (Chrome engineers via mapbox-gl-js#3565), and beyond 4 the memory costs more than it gains (#7430).
 */
export function defaultPoolSize(hardwareConcurrency: number | undefined = globalThis.navigator?.hardwareConcurrency): number {
  return Math.min(4, Math.max(1, Math.floor((hardwareConcurrency || 2) / 2)));
}

export interface WorkerPoolOptions {
  /** Workers at most (default {@link defaultPoolSize}). */
  size?: number;
  /**
   * Workers at most for a submission that asks for more (`PoolSubmission.workers`), such as a Confirm the
   * designer waits for: default every core (`hardwareConcurrency`), at most 4, never below `size`. The extra
   * workers retire as soon as no such submission has work left.
   */
  maxSize?: number;
  /** How long the extra workers of a burst stay once idle, for the next burst to reuse. Default 5 s. */
  retireIdleMs?: number;
  /** Makes one worker (default {@link createDefaultWorker}); hosts with unusual bundlers and tests inject their own. */
  createWorker?: () => Worker;
  /** A conversation running longer than this is a hang: its worker is terminated and replaced (FS252). Default 10 s. */
  conversationTimeoutMs?: number;
  /** A worker that does not answer its first ping within this is a failed start (FS250). Default 15 s. */
  startTimeoutMs?: number;
  /** After a cancel, workers still busy with the cancelled batch this much later are terminated and replaced. Default 200 ms. */
  cancelGraceMs?: number;
}

/** A batch of conversations for the pool, all against one flow. */
export interface PoolSubmission {
  flow: FlowDocument;
  flowHash: string;
  jobs: readonly WorkerJob[];
  /** Called once per job as it finishes, in completion order; harness failures arrive as outcome `error`. */
  onResult: (result: ConversationResult, job: WorkerJob) => void;
  /** Workers this submission may use while it has queued work (up to the pool's `maxSize`); default the pool's size. */
  workers?: number;
}

export interface PoolBatch {
  /** Resolves when every job has reported, or at once when the batch is cancelled. Never rejects. */
  readonly done: Promise<void>;
  /** Drops queued jobs, ignores late answers, and replaces workers that stay busy with this batch. */
  cancel(): void;
}

/** Workers that run conversations one call each, reused across batches, healed when they die. */
export interface WorkerPool {
  readonly size: number;
  /** Workers alive now (starting or ready). */
  readonly workerCount: number;
  /** Starts every worker and resolves once each has answered a ping or failed. Never rejects. */
  warm(): Promise<void>;
  submit(submission: PoolSubmission): PoolBatch;
  /** Terminates every worker; pending batches resolve as if cancelled. */
  dispose(): void;
}

// At most this many calls in flight per worker: enough to hide the message round trip, few enough that a
// cancel or a dead worker strands little work (perf-reliability.md A1, "P x 2").
const MAX_IN_FLIGHT = 2;
// Two failed starts in a row means the script itself is broken: stop spawning and fail the queued work.
const MAX_START_FAILURES = 2;
// Extra workers of a burst stay this long once idle: a Confirm's two steps, or two Confirms in a row, reuse
// warm workers instead of paying a start, a flow compile and a cold JIT each time.
const RETIRE_IDLE_MS = 5_000;

interface BatchState {
  submission: PoolSubmission;
  settled: number;
  cancelled: boolean;
  finished: boolean;
  resolve: () => void;
}

interface Task {
  batch: BatchState;
  job: WorkerJob;
  /** Failed runs so far (crash or hang); a task is retried once, then recorded as an error. */
  attempt: number;
  /** FS255 reloads (the flow fell out of the worker's cache); bounded so a broken cache cannot loop. */
  reloads: number;
  done: boolean;
}

type DeathReason = 'start' | 'crash' | 'hang' | 'cancel' | 'retire';

interface Slot {
  worker: Worker;
  api: Comlink.Remote<WorkerApi>;
  ready: boolean;
  dead: boolean;
  readyPromise: Promise<void>;
  settleReady: () => void;
  /** In dispatch order; the worker answers in order, so the head is the one running. */
  inFlight: Task[];
  loaded: Map<string, Promise<WorkerResult<{ hash: string }>>>;
  /** Flows whose load has answered in this worker: until then the head task's watchdog allows for the load. */
  loadedDone: Set<string>;
  watchdog?: ReturnType<typeof setTimeout>;
  watchdogFor?: Task;
  startTimer?: ReturnType<typeof setTimeout>;
  graceTimer?: ReturnType<typeof setTimeout>;
}

/**
 * Creates a pool of flowstress workers. Workers start lazily (or on `warm()`), run one conversation per
 * call with at most two calls in flight each, and send one message per finished conversation.
 *
 * The pool owns every timeout because comlink never rejects calls in flight when a worker dies: a crash
 * (`error`/`messageerror`, FS251) or a hang (watchdog, FS252) terminates the worker, retries its
 * conversations once on a healthy worker (alone, so a second failure blames only the culprit), and records
 * them as outcome `error` if they fail again. Dead workers are replaced. Every promise settles.
 *
 * @example
 * const pool = createWorkerPool({ size: 2 });
 * const batch = pool.submit({ flow, flowHash, jobs, onResult: (c) => console.log(c.outcome) });
 * await batch.done;
 * pool.dispose();
 */
export function createWorkerPool(options: WorkerPoolOptions = {}): WorkerPool {
  const size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
  const retireIdleMs = options.retireIdleMs ?? RETIRE_IDLE_MS;
  const maxSize = Math.max(size, Math.floor(options.maxSize ?? Math.min(4, globalThis.navigator?.hardwareConcurrency || size)));
  const createWorker = options.createWorker ?? createDefaultWorker;
  const conversationTimeoutMs = options.conversationTimeoutMs ?? 10_000;
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const cancelGraceMs = options.cancelGraceMs ?? 200;

  const slots: Slot[] = [];
  const batches = new Set<BatchState>();
  // FIFO with a moving head, so taking the next of 1,000 queued jobs is O(1).
  let queue: Task[] = [];
  let head = 0;
  const retries: Task[] = [];
  let startFailures = 0;
  let disposed = false;

  const queued = (): number => queue.length - head;
  /** Workers wanted now: the pool's size, or more while a submission that asks for more is unfinished. */
  const limit = (): number => {
    let n = size;
    for (const b of batches) if (!b.cancelled && !b.finished && b.submission.workers) n = Math.max(n, Math.min(maxSize, Math.floor(b.submission.workers)));
    return n;
  };
  const takeNext = (): Task => {
    const task = queue[head++];
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    return task;
  };
  const pushFront = (task: Task): void => {
    if (head > 0) queue[--head] = task;
    else queue.unshift(task);
  };

  function complete(task: Task, result: ConversationResult): void {
    if (task.done) return;
    task.done = true;
    const batch = task.batch;
    if (batch.cancelled || batch.finished) return;
    batch.settled++;
    try {
      batch.submission.onResult(result, task.job);
    } catch (e) {
      // A throwing callback is the caller's bug: report it without breaking the pool's bookkeeping.
      queueMicrotask(() => {
        throw e;
      });
    }
    if (batch.settled === batch.submission.jobs.length) finishBatch(batch);
  }

  function finishBatch(batch: BatchState): void {
    if (batch.finished) return;
    batch.finished = true;
    batches.delete(batch);
    batch.resolve();
    scheduleRetire();
  }

  let retireTimer: ReturnType<typeof setTimeout> | undefined;
  /** Once a burst is over, extra workers go after {@link RETIRE_IDLE_MS}; a new burst in the meantime keeps them. */
  function scheduleRetire(): void {
    if (disposed || retireTimer !== undefined || slots.length <= limit()) return;
    retireTimer = setTimeout(() => {
      retireTimer = undefined;
      retireExtras();
    }, retireIdleMs);
  }

  /** Terminates idle workers beyond what is wanted now; busy ones are looked at again after their next answer. */
  function retireExtras(): void {
    if (disposed) return;
    let extra = slots.length - limit();
    for (const slot of [...slots]) {
      if (extra <= 0) break;
      if (slot.ready && slot.inFlight.length === 0) {
        kill(slot, 'retire', 'no longer needed');
        extra--;
      }
    }
  }

  function fail(task: Task, code: ErrorCode, detail: string): void {
    complete(task, toErrorConversation(task.job, { code, message: formatMessage(code, detail) }));
  }

  function failQueued(error: FlowstressErrorInfo): void {
    const tasks = [...retries.splice(0), ...queue.slice(head)];
    queue = [];
    head = 0;
    for (const task of tasks) complete(task, toErrorConversation(task.job, error));
  }

  function spawn(): Slot | undefined {
    let worker: Worker;
    try {
      worker = createWorker();
    } catch (e) {
      // No worker can be made at all (no Worker global, CSP, bad URL): fail what is waiting, do not spin.
      failQueued(toErrorInfo(e, 'FS250'));
      return undefined;
    }
    let settleReady!: () => void;
    const readyPromise = new Promise<void>((resolve) => (settleReady = resolve));
    const slot: Slot = {
      worker,
      api: Comlink.wrap<WorkerApi>(worker as unknown as Comlink.Endpoint),
      ready: false,
      dead: false,
      readyPromise,
      settleReady,
      inFlight: [],
      loaded: new Map(),
      loadedDone: new Set(),
    };
    slots.push(slot);
    worker.addEventListener('error', (event) => {
      // Handled here: without preventDefault the error is re-reported on the page as uncaught.
      event.preventDefault();
      const message = (event as Partial<ErrorEvent>).message;
      const detail = message ? message : 'the worker script failed to load or threw';
      kill(slot, slot.ready ? 'crash' : 'start', detail);
    });
    worker.addEventListener('messageerror', () => {
      kill(slot, slot.ready ? 'crash' : 'start', 'a message from the worker could not be read');
    });
    slot.startTimer = setTimeout(() => kill(slot, 'start', `the worker did not answer within ${startTimeoutMs} ms`), startTimeoutMs);
    slot.api.ping().then(
      () => {
        if (slot.dead) return;
        clearTimeout(slot.startTimer);
        slot.ready = true;
        startFailures = 0;
        slot.settleReady();
        pump();
      },
      (e: unknown) => kill(slot, 'start', toErrorInfo(e).message),
    );
    return slot;
  }

  function kill(slot: Slot, reason: DeathReason, detail: string): void {
    if (slot.dead) return;
    slot.dead = true;
    slot.ready = false;
    clearTimeout(slot.watchdog);
    clearTimeout(slot.startTimer);
    clearTimeout(slot.graceTimer);
    try {
      slot.worker.terminate();
    } catch {
      // Already gone; nothing to release.
    }
    slots.splice(slots.indexOf(slot), 1);
    slot.settleReady();
    const tasks = slot.inFlight;
    slot.inFlight = [];
    if (disposed) return;

    const code: ErrorCode = reason === 'hang' ? 'FS252' : reason === 'start' ? 'FS250' : 'FS251';
    tasks.forEach((task, i) => {
      if (task.done || task.batch.cancelled) return;
      // A crash cannot say which call caused it, so every call in flight is suspect; a hang is the head's.
      const blamed = reason === 'crash' || reason === 'start' || (reason === 'hang' && i === 0);
      if (!blamed) pushFront(task);
      else if (task.attempt >= 1) fail(task, code, `${detail} (conversation ${task.job.index}, ${task.job.persona}, failed twice)`);
      else {
        task.attempt++;
        retries.push(task);
      }
    });

    if (reason === 'start') {
      startFailures++;
      if (startFailures >= MAX_START_FAILURES) {
        startFailures = 0;
        failQueued({ code: 'FS250', message: formatMessage('FS250', detail) });
      }
    } else if (reason !== 'retire' && slots.length < size) {
      // Heal now so the next batch finds a warm pool; failed starts are retried only on demand instead.
      spawn();
    }
    pump();
  }

  function armWatchdog(slot: Slot, force = false): void {
    const task = slot.inFlight[0];
    if (slot.watchdogFor === task && !force) return;
    clearTimeout(slot.watchdog);
    slot.watchdogFor = task;
    // Loading a flow (compiling it and, the first time in a worker, building the customer-language index: about
    // half a second) is not the conversation's time: while it is pending the start budget applies as well.
    const loading = task !== undefined && !slot.loadedDone.has(task.batch.submission.flowHash);
    const budget = loading ? startTimeoutMs + conversationTimeoutMs : conversationTimeoutMs;
    slot.watchdog = task
      ? setTimeout(() => kill(slot, 'hang', `conversation ${task.job.index} (${task.job.persona}) did not finish within ${budget} ms`), budget)
      : undefined;
  }

  function isLive(slot: Slot, task: Task): boolean {
    return !slot.dead && slot.inFlight.includes(task);
  }

  function release(slot: Slot, task: Task): void {
    slot.inFlight.splice(slot.inFlight.indexOf(task), 1);
    armWatchdog(slot);
    if (slot.graceTimer && !slot.inFlight.some((t) => t.batch.cancelled)) {
      clearTimeout(slot.graceTimer);
      slot.graceTimer = undefined;
    }
  }

  /**
   * Loads a flow into an idle worker ahead of its first job. When the load answers (or takes longer than the
   * start budget, in which case the jobs' own watchdog takes over), the worker starts taking that flow's jobs.
   */
  function preload(slot: Slot, submission: PoolSubmission): void {
    const { flow, flowHash } = submission;
    if (slot.loaded.has(flowHash)) return; // already loading
    const loading = slot.api.load(flow);
    slot.loaded.set(flowHash, loading);
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (slot.dead || slot.loaded.get(flowHash) !== loading) return;
      slot.loadedDone.add(flowHash);
      pump();
    };
    const timer = setTimeout(done, startTimeoutMs);
    loading.then(done, done);
  }

  function dispatch(slot: Slot, task: Task): void {
    slot.inFlight.push(task);
    armWatchdog(slot);
    const { flow, flowHash } = task.batch.submission;
    let loaded = slot.loaded.get(flowHash);
    if (!loaded) {
      // Sent once per worker and flow version; later jobs reuse the compiled flow in the worker's cache.
      loaded = slot.api.load(flow);
      slot.loaded.set(flowHash, loaded);
    }
    loaded.then(
      (res) => {
        if (!slot.loadedDone.has(flowHash)) {
          slot.loadedDone.add(flowHash);
          // The load is over: from now on the head conversation has the conversation budget only.
          if (!slot.dead && slot.inFlight[0]) armWatchdog(slot, true);
        }
        if (!isLive(slot, task)) return;
        if (!res.ok) {
          release(slot, task);
          complete(task, toErrorConversation(task.job, res.error));
          pump();
          return;
        }
        const job = res.value.hash === task.job.flowHash ? task.job : { ...task.job, flowHash: res.value.hash };
        slot.api.run(job).then(
          (reply) => onReply(slot, task, reply),
          (e: unknown) => onReply(slot, task, { ok: false, error: toErrorInfo(e, 'FS150') }),
        );
      },
      (e: unknown) => {
        if (!isLive(slot, task)) return;
        release(slot, task);
        complete(task, toErrorConversation(task.job, toErrorInfo(e, 'FS150')));
        pump();
      },
    );
  }

  function onReply(slot: Slot, task: Task, reply: WorkerResult<ConversationResult>): void {
    // Answers from terminated workers, or for tasks already moved elsewhere, are stale.
    if (!isLive(slot, task)) return;
    release(slot, task);
    if (!reply.ok && reply.error.code === 'FS255' && task.reloads < 2) {
      slot.loaded.delete(task.batch.submission.flowHash);
      slot.loadedDone.delete(task.batch.submission.flowHash);
      task.reloads++;
      pushFront(task);
    } else {
      complete(task, reply.ok ? reply.value : toErrorConversation(task.job, reply.error));
    }
    pump();
  }

  function pump(): void {
    if (disposed) return;
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const slot of slots) {
        if (!slot.ready) continue;
        if (retries.length > 0) {
          // Retries run alone on an idle worker; other workers drain meanwhile so one soon is idle.
          if (slot.inFlight.length === 0) {
            dispatch(slot, retries.shift()!);
            progressed = true;
          }
          continue;
        }
        if (slot.inFlight.some((t) => t.attempt > 0)) continue;
        while (slot.inFlight.length < MAX_IN_FLIGHT && queued() > 0) {
          const next = queue[head]!.batch.submission;
          // A worker that has not loaded this flow loads it before taking work, so a cold worker (a burst's
          // extra one) never holds conversations while warm workers could run them.
          if (!slot.loadedDone.has(next.flowHash)) {
            preload(slot, next);
            break;
          }
          dispatch(slot, takeNext());
          progressed = true;
        }
      }
    }
    // A burst is over: its extra workers go once idle for a while (the pool's own size stays warm).
    if (slots.length > limit()) scheduleRetire();
    // Start workers only while there is more waiting work than the live ones can take.
    const waiting = queued() + retries.length;
    let capacity = slots.reduce((sum, s) => sum + MAX_IN_FLIGHT - s.inFlight.length, 0);
    const wanted = limit();
    while (waiting > capacity && slots.length < wanted) {
      if (!spawn()) break;
      capacity += MAX_IN_FLIGHT;
    }
  }

  function cancelBatch(batch: BatchState): void {
    if (batch.cancelled || batch.finished) return;
    batch.cancelled = true;
    queue = queue.slice(head).filter((t) => t.batch !== batch);
    head = 0;
    for (let i = retries.length - 1; i >= 0; i--) if (retries[i].batch === batch) retries.splice(i, 1);
    for (const slot of slots) {
      if (slot.graceTimer || !slot.inFlight.some((t) => t.batch === batch)) continue;
      // A healthy worker answers within milliseconds; one still busy after the grace is stuck or slow: replace it.
      slot.graceTimer = setTimeout(() => {
        slot.graceTimer = undefined;
        if (slot.inFlight.some((t) => t.batch.cancelled)) kill(slot, 'cancel', 'busy after cancel');
      }, cancelGraceMs);
    }
    finishBatch(batch);
    pump();
  }

  return {
    size,
    get workerCount() {
      return slots.length;
    },

    warm() {
      if (disposed) return Promise.resolve();
      while (slots.length < size) if (!spawn()) break;
      return Promise.all(slots.map((s) => s.readyPromise)).then(() => undefined);
    },

    submit(submission) {
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      const batch: BatchState = { submission, settled: 0, cancelled: false, finished: false, resolve };
      if (disposed) {
        for (const job of submission.jobs) {
          complete({ batch, job, attempt: 0, reloads: 0, done: false }, toErrorConversation(job, { code: 'FS256', message: formatMessage('FS256') }));
        }
        finishBatch(batch);
        return { done, cancel: () => undefined };
      }
      batches.add(batch);
      if (submission.jobs.length === 0) finishBatch(batch);
      for (const job of submission.jobs) queue.push({ batch, job, attempt: 0, reloads: 0, done: false });
      pump();
      return { done, cancel: () => cancelBatch(batch) };
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      clearTimeout(retireTimer);
      for (const slot of [...slots]) kill(slot, 'cancel', 'disposed');
      queue = [];
      head = 0;
      retries.length = 0;
      for (const batch of [...batches]) {
        batch.cancelled = true;
        finishBatch(batch);
      }
    },
  };
}
