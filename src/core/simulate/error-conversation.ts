import type { FlowstressErrorInfo } from '../errors.ts';
import type { PersonaId } from '../personas/types.ts';
import type { ConversationResult } from './types.ts';

/**
 * The result recorded for a conversation the harness could not run (a crashed or hung worker or thread, a
 * failed load). Outcome `error` keeps it out of every score denominator; the error says what happened.
 */
export function errorConversation(job: { persona: PersonaId; seed: number; index: number }, error: FlowstressErrorInfo): ConversationResult {
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
