import * as Comlink from 'comlink';
import type { FlowDocument } from '../../src/core/flow/types.ts';
import type { WorkerApi, WorkerJob } from '../../src/worker/types.ts';
import { createWorkerApi } from '../../src/worker/worker-api.ts';

/**
 * A flowstress worker with injected faults, for the pool's crash, hang and cancel tests. It wraps the real
 * API; the test configures it with one plain message posted right after construction (comlink ignores
 * messages without an id, and a worker receives messages in order, so the config lands before any call).
 */
export type Fault =
  | 'throw' // uncaught error in a timer: the Worker fires `error` (a crash, FS251)
  | 'close' // self.close(): the worker vanishes silently, only the watchdog notices (FS252)
  | 'hang' // never answers, event loop free
  | 'spin' // busy loop forever
  | 'slow' // answers after `delayMs`
  | 'slow-load'; // loads flows after `delayMs` (a cold worker building its language index); runs are normal

export interface FaultConfig {
  fault: Fault;
  /** Conversation indexes the fault applies to (all when omitted). */
  indices?: number[];
  delayMs?: number;
}

const api = createWorkerApi();
let config: FaultConfig | undefined;

self.addEventListener('message', (event: MessageEvent) => {
  const data = event.data as { faultConfig?: FaultConfig } | undefined;
  if (!data?.faultConfig) return;
  config = data.faultConfig;
});

const hits = (job: WorkerJob): boolean => !!config && config.fault !== 'slow-load' && (!config.indices || config.indices.includes(job.index));

const faulty = {
  ping: () => api.ping(),
  load: (flow: FlowDocument) =>
    config?.fault === 'slow-load' ? new Promise((resolve) => setTimeout(() => resolve(api.load(flow)), config!.delayMs ?? 500)) : api.load(flow),
  run(job: WorkerJob): ReturnType<WorkerApi['run']> | Promise<ReturnType<WorkerApi['run']>> {
    if (!hits(job)) return api.run(job);
    switch (config!.fault) {
      case 'throw':
        setTimeout(() => {
          throw new Error(`injected crash at conversation ${job.index}`);
        });
        return new Promise(() => undefined);
      case 'close':
        self.close();
        return new Promise(() => undefined);
      case 'hang':
        return new Promise(() => undefined);
      case 'spin':
        for (;;) {
          // Busy forever: only terminate() ends this.
        }
      case 'slow':
        return new Promise((resolve) => setTimeout(() => resolve(api.run(job)), config!.delayMs ?? 20));
      default:
        return api.run(job);
    }
  },
};

Comlink.expose(faulty, self as unknown as Comlink.Endpoint);
