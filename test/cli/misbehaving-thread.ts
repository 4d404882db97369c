// A CLI conversation thread that misbehaves on purpose: conversation 1 never finishes, conversation 2
// crashes its thread; the others answer at once.
import { parentPort } from 'node:worker_threads';

const port = parentPort!;
port.on('message', (job: { persona: string; seed: number; index: number }) => {
  if (job.index === 1) for (;;);
  if (job.index === 2) throw new Error('boom');
  port.postMessage({
    index: job.index, persona: job.persona, seed: job.seed, outcome: 'completed', lastNodeId: 'done', goal: null,
    turns: [], customerTurns: 1, fallbacks: 0, digressions: [], recovered: null, path: ['start', 'done'],
  });
});
port.postMessage('ready');
