import { formatMessage, toErrorInfo } from '../core/errors.ts';
import { flowHash } from '../core/flow/hash.ts';
import { checkPatternExamples } from '../core/flow/validate.ts';
import { flowRunKey } from './flow-run-key.ts';
import type { FlowDocument } from '../core/flow/types.ts';
import { understandFlow } from '../core/language/understand.ts';
import { compileFlow } from '../core/runtime/compile.ts';
import type { CompiledFlow } from '../core/runtime/types.ts';
import { simulateConversation } from '../core/simulate/conversation.ts';
import type { WorkerApi, WorkerJob, WorkerResult } from './types.ts';

/** The engine functions the API calls; injectable so tests can count or break them. */
export interface WorkerEngine {
  compileFlow: (doc: FlowDocument, hash?: string) => CompiledFlow;
  simulateConversation: typeof simulateConversation;
  /** The content hash (compiled into the flow). */
  flowHash: (doc: FlowDocument) => string;
  /** The cache key: the content hash plus what else changes the customers (see {@link flowRunKey}). */
  flowRunKey: (doc: FlowDocument, contentHash: string) => string;
}

export interface WorkerApiOptions {
  /**
   * Compiled flows kept per worker (least recently used goes first). A few are enough: the panel runs the
   * current draft, and a paired comparison needs two versions side by side.
   */
  cacheSize?: number;
  engine?: Partial<WorkerEngine>;
}

/**
 * Creates the object a flowstress worker exposes through comlink. It is plain and synchronous, so it can be
 * tested without a Worker (over a MessageChannel or by direct calls). Nothing thrown ever crosses the
 * boundary: every failure is returned as `{ ok: false, error: { code, message } }`.
 *
 * @example
 * const api = createWorkerApi();
 * const loaded = api.load(flow);
 * if (loaded.ok) api.run({ flowHash: loaded.value.hash, persona: 'impatient', seed: 1, index: 0 });
 */
export function createWorkerApi(options: WorkerApiOptions = {}): WorkerApi {
  const cacheSize = Math.max(1, options.cacheSize ?? 4);
  const engine: WorkerEngine = { compileFlow, simulateConversation, flowHash, flowRunKey, ...options.engine };
  // Map iteration order is insertion order: re-inserting on use makes the first key the least recently used.
  const cache = new Map<string, CompiledFlow>();

  const touch = (hash: string, flow: CompiledFlow): void => {
    cache.delete(hash);
    cache.set(hash, flow);
    while (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
  };

  return {
    ping: () => 'pong',

    load(flow: FlowDocument): WorkerResult<{ hash: string }> {
      try {
        const content = engine.flowHash(flow);
        const key = engine.flowRunKey(flow, content);
        const cached = cache.get(key);
        // The one check that runs a flow's patterns happens here, off the page's thread (FS016).
        const examples = cached ? [] : checkPatternExamples(flow);
        if (examples.length > 0) return { ok: false, error: { code: 'FS016', message: examples.map((f) => f.message).join(' ') } };
        const compiled = cached ?? engine.compileFlow(flow, content);
        // How customers word each intent is worked out once per flow (the first time in a worker it also builds
        // the built-in language index, about half a second): here, under the load, not in the first conversation.
        if (!cached) understandFlow(compiled);
        touch(key, compiled);
        return { ok: true, value: { hash: key } };
      } catch (e) {
        // compileFlow throws FS104 for flows it cannot run; anything else is a harness error.
        return { ok: false, error: toErrorInfo(e, 'FS150') };
      }
    },

    run(job: WorkerJob): WorkerResult<ReturnType<typeof simulateConversation>> {
      const flow = cache.get(job.flowHash);
      if (!flow) {
        return { ok: false, error: { code: 'FS255', message: formatMessage('FS255', `flow ${job.flowHash} is not loaded in this worker`) } };
      }
      try {
        const result = engine.simulateConversation(flow, job.persona, job.seed, job.index, job.options);
        // Lean results drop the transcript only; every field the scores and the paired test read stays.
        return { ok: true, value: job.lean ? { ...result, turns: [] } : result };
      } catch (e) {
        // simulateConversation never throws by contract; if it ever does, keep the boundary clean anyway.
        return { ok: false, error: toErrorInfo(e, 'FS150') };
      }
    },
  };
}
