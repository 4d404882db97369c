import type { FlowstressErrorInfo } from '../core/errors.ts';
import type { ConversationResult } from '../core/simulate/types.ts';
import type { WorkerJob } from './types.ts';

/**
 * The result recorded for a conversation the harness could not run (crashed or hung worker, failed load).
 * Outcome `error` keeps it out of every score denominator; the error says what happened.
 */
export function toErrorConversation(job: Pick<WorkerJob, 'persona' | 'seed' | 'index'>, error: FlowstressErrorInfo): ConversationResult {
  return {
    index: job.index,
    persona: job.persona,
    seed: job.seed,
    outcome: 'error',
    lastNodeId: null,
    goal: null,
    turns: [],
    customerTurns: 0,
    fallbacks: 0,
    digressions: [],
    recovered: null,
    path: [],
    error,
  };
}
