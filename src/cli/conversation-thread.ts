/**
 * A worker thread of the command line: compiles the flow once (from `workerData`), then plays one
 * conversation per message. The parent owns the time limit and terminates a thread that overruns it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FlowDocument } from '../core/flow/types.ts';
import { compileFlow } from '../core/runtime/compile.ts';
import { simulateConversation } from '../core/simulate/conversation.ts';
import type { ThreadJob } from './run-conversations.ts';

const { flow, hash } = workerData as { flow: FlowDocument; hash: string };
const compiled = compileFlow(flow, hash);
const port = parentPort!;
port.on('message', (job: ThreadJob) => {
  port.postMessage(simulateConversation(compiled, job.persona, job.seed, job.index, job.options));
});
port.postMessage('ready');
