import type { FlowstressErrorInfo } from '../core/errors.ts';
import { errorConversation } from '../core/simulate/error-conversation.ts';
import type { ConversationResult } from '../core/simulate/types.ts';
import type { WorkerJob } from './types.ts';

/** The result recorded for a conversation a worker could not run (see `errorConversation`). */
export function toErrorConversation(job: Pick<WorkerJob, 'persona' | 'seed' | 'index'>, error: FlowstressErrorInfo): ConversationResult {
  return errorConversation(job, error);
}
