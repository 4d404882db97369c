import type { PersonaId } from '../personas/types.ts';
import type { CompiledFlow } from '../runtime/types.ts';
import { simulateConversation } from './conversation.ts';
import type { ConversationResult, SimulationOptions } from './types.ts';

/**
 * Runs `n` conversations for one persona in-process (the CLI and tests; the panel uses the worker pool,
 * which gives byte-identical results for the same inputs).
 */
export function simulateBatch(
  flow: CompiledFlow,
  persona: PersonaId,
  n: number,
  seed: number,
  options: SimulationOptions & { onConversation?: (c: ConversationResult) => void } = {},
): ConversationResult[] {
  const out: ConversationResult[] = [];
  for (let i = 0; i < n; i++) {
    const c = simulateConversation(flow, persona, seed, i, options);
    options.onConversation?.(c);
    out.push(c);
  }
  return out;
}
