import { formatMessage, toErrorInfo, type Finding, type FlowstressErrorInfo } from '../core/errors.ts';
import { flowHash } from '../core/flow/hash.ts';
import { hasErrors, parseFlow, validateFlow } from '../core/flow/index.ts';
import type { FlowDocument } from '../core/flow/types.ts';
import { PERSONA_IDS, type PersonaId } from '../core/personas/types.ts';
import { summarizeRun } from '../core/score/summarize.ts';
import type { ConversationResult, SimulationOptions } from '../core/simulate/types.ts';
import { createWorkerPool, type WorkerPoolOptions } from './create-worker-pool.ts';
import { flowRunKey } from './flow-run-key.ts';
import type { BatchRequest, BatchResult, BatchStatus, PersonaBatchResult, StressClient, WorkerJob } from './types.ts';

export interface StressClientOptions {
  /** Workers at most (default `clamp(floor(hardwareConcurrency / 2), 1, 4)`). */
  poolSize?: number;
  /** Workers at most for batches that ask for every core (`BatchRequest.allCores`; default `hardwareConcurrency`, at most 4). */
  maxPoolSize?: number;
  /** Makes one worker; hosts with unusual bundlers and tests inject their own (default: the packaged worker). */
  createWorker?: () => Worker;
  /** Per-conversation watchdog: a conversation running longer is a hang (FS252). Default 10 s. */
  conversationTimeoutMs?: number;
  /** Default customer-turn limit, used when a request does not set `options.maxTurns`. */
  maxTurns?: number;
  /** A worker that does not answer its first ping within this is a failed start (FS250). Default 15 s. */
  startTimeoutMs?: number;
  /** Workers still busy this long after a cancel are terminated and replaced. Default 200 ms. */
  cancelGraceMs?: number;
  /** Clock for `startedAt`/`finishedAt` (default `Date.now`); injected so tests can pin it. */
  now?: () => number;
}

type RunBatchReply = Awaited<ReturnType<StressClient['runBatch']>>;

// The engine accepts 1..100000 conversations per persona (FS154).
const MAX_N = 100_000;

/** Lists the blocking findings in one message, so a host that only shows `message` still says what to fix. */
function findingsError(findings: readonly Finding[]): FlowstressErrorInfo {
  const errors = findings.filter((f) => f.severity === 'error');
  const shown = errors.slice(0, 10).map((f) => `${f.message}${f.nodeId ? ` [node ${f.nodeId}]` : f.edgeId ? ` [edge ${f.edgeId}]` : f.path ? ` [${f.path}]` : ''}`);
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  return { code: 'FS104', message: `${formatMessage('FS104', `${errors.length} error${errors.length === 1 ? '' : 's'}`)}\n- ${shown.join('\n- ')}${more}` };
}

/** Checks everything but the flow; a bad request is the caller's bug and comes back as data. */
function checkRequest(request: BatchRequest): FlowstressErrorInfo | undefined {
  const { n, seed, personas } = request;
  const start = request.startIndex ?? 0;
  if (!Number.isInteger(n) || n < 1 || n > MAX_N || !Number.isInteger(seed)) {
    return { code: 'FS154', message: formatMessage('FS154', `got n=${String(n)}, seed=${String(seed)}`) };
  }
  if (!Number.isInteger(start) || start < 0 || start + n > MAX_N) {
    return { code: 'FS154', message: formatMessage('FS154', `got startIndex=${String(start)} with n=${String(n)}`) };
  }
  if (!Array.isArray(personas) || personas.length === 0) {
    return { code: 'FS152', message: formatMessage('FS152', 'no persona was given') };
  }
  const unknown = personas.find((p) => !PERSONA_IDS.includes(p));
  if (unknown !== undefined) return { code: 'FS152', message: formatMessage('FS152', `got "${String(unknown)}"`) };
  return undefined;
}

/** Parses and validates on the main thread (cheap, and no pattern runs), so a broken flow never reaches a worker. */
function prepareFlow(input: FlowDocument): { ok: true; flow: FlowDocument } | { ok: false; error: FlowstressErrorInfo } {
  const parsed = parseFlow(input);
  if (!parsed.ok) return { ok: false, error: findingsError(parsed.findings) };
  // No pattern from the flow runs on the page's thread: the worker tests the examples when it loads the flow.
  const findings = [...parsed.findings, ...validateFlow(parsed.flow, { runPatterns: false })];
  if (hasErrors(findings)) return { ok: false, error: findingsError(findings) };
  return { ok: true, flow: parsed.flow };
}

/**
 * Creates the client the panel's store uses to run batches in a pool of Web Workers. Conversations stream
 * back one message each; results come back ordered by index with a summary per persona. Every `runBatch`
 * settles: invalid input, a dead pool or a disposed client come back as `{ ok: false, error }`, a cancel as
 * status `cancelled` with the conversations finished so far.
 *
 * @example
 * const client = createStressClient();
 * void client.warm(); // when the panel mounts, so the first run does not pay for worker start-up
 * const reply = await client.runBatch({ flow, personas: ['impatient'], n: 50, seed: 42 }, { signal, onProgress });
 * if (reply.ok) show(reply.result.results[0].summary.scores);
 * client.dispose();
 */
export function createStressClient(options: StressClientOptions = {}): StressClient {
  const now = options.now ?? Date.now;
  const poolOptions: WorkerPoolOptions = {
    size: options.poolSize,
    maxSize: options.maxPoolSize,
    createWorker: options.createWorker,
    conversationTimeoutMs: options.conversationTimeoutMs,
    startTimeoutMs: options.startTimeoutMs,
    cancelGraceMs: options.cancelGraceMs,
  };
  const pool = createWorkerPool(poolOptions);
  let disposed = false;

  async function runBatch(
    request: BatchRequest,
    { signal, onProgress }: Parameters<StressClient['runBatch']>[1] = {},
  ): Promise<RunBatchReply> {
    if (disposed) return { ok: false, error: { code: 'FS256', message: formatMessage('FS256') } };
    const invalid = checkRequest(request);
    if (invalid) return { ok: false, error: invalid };
    const prepared = prepareFlow(request.flow);
    if (!prepared.ok) return prepared;
    const flow = prepared.flow;
    const hash = flowHash(flow);
    // Workers cache compiled flows by this key: equal to `hash` unless customer messages or a domain are set.
    const runKey = flowRunKey(flow, hash);
    const { personas, n, seed } = request;
    const startIndex = request.startIndex ?? 0;
    const lean = request.transcripts === false;
    const simulation: SimulationOptions | undefined =
      request.options?.maxTurns === undefined && options.maxTurns !== undefined ? { ...request.options, maxTurns: options.maxTurns } : request.options;
    const startedAt = now();

    // Slots by persona and index: results land in index order whatever order the workers finish in.
    const byPersona = new Map<PersonaId, (ConversationResult | undefined)[]>(personas.map((p) => [p, new Array(n)]));
    const total = byPersona.size * n;
    let done = 0;

    const build = (cancelled: boolean): RunBatchReply => {
      const results: PersonaBatchResult[] = [];
      let errors = false;
      for (const [persona, slots] of byPersona) {
        const conversations = slots.filter((c): c is ConversationResult => c !== undefined);
        errors ||= conversations.some((c) => c.outcome === 'error');
        results.push({ persona, summary: summarizeRun(persona, n, seed, conversations, { flow }), conversations });
      }
      // A pool that could not start a single worker is a failed batch, not a run full of harness errors.
      const all = results.flatMap((r) => r.conversations);
      // So is a flow the workers refused to load (FS016: a pattern example, checked there, off the page's thread).
      const startFailure = all.length > 0 && all.every((c) => c.error && ['FS250', 'FS254', 'FS256', 'FS016', 'FS104'].includes(c.error.code));
      if (!cancelled && startFailure) return { ok: false, error: all[0].error! };
      const status: BatchStatus = cancelled ? 'cancelled' : errors ? 'completed_with_errors' : 'completed';
      const result: BatchResult = { status, flowHash: hash, startedAt, finishedAt: now(), results };
      return { ok: true, result };
    };

    if (signal?.aborted) return build(true);

    const jobs: WorkerJob[] = [];
    for (const persona of byPersona.keys()) {
      for (let index = startIndex; index < startIndex + n; index++) {
        jobs.push({ flowHash: runKey, persona, seed, index, ...(simulation ? { options: simulation } : {}), ...(lean ? { lean } : {}) });
      }
    }

    return new Promise<RunBatchReply>((resolve) => {
      let settled = false;
      const finish = (cancelled: boolean): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        try {
          resolve(build(cancelled));
        } catch (e) {
          resolve({ ok: false, error: toErrorInfo(e, 'FS150') });
        }
      };
      // Cancel is acknowledged synchronously: the pool drops queued work and replaces busy workers on its own.
      const onAbort = (): void => {
        batch.cancel();
        finish(true);
      };
      const batch = pool.submit({
        flow,
        flowHash: runKey,
        jobs,
        ...(request.allCores ? { workers: Number.MAX_SAFE_INTEGER } : {}),
        onResult: (conversation, job) => {
          if (settled) return;
          const slots = byPersona.get(job.persona);
          if (!slots || slots[job.index - startIndex] !== undefined) return;
          slots[job.index - startIndex] = conversation;
          done++;
          onProgress?.({ done, total, conversation });
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      void batch.done.then(() => finish(disposed));
    });
  }

  return {
    async runBatch(request, runOptions) {
      try {
        return await runBatch(request, runOptions);
      } catch (e) {
        // Whatever goes wrong (a bad request shape, a scorer bug), the promise settles with data.
        return { ok: false, error: toErrorInfo(e, 'FS150') };
      }
    },
    warm: () => pool.warm(),
    dispose() {
      disposed = true;
      pool.dispose();
    },
  };
}
