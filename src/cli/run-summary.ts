/**
 * One persona's run summary built conversation by conversation, so the command line can stream a large run's
 * JSON report without holding the transcripts: the same {@link PersonaRunSummary} as `summarizeRun`.
 */
import { failedToRun } from '../core/errors.ts';
import type { FlowDocument } from '../core/flow/types.ts';
import type { PersonaId } from '../core/personas/types.ts';
import { summarizeRun } from '../core/score/summarize.ts';
import type { BandThresholds, PersonaRunSummary } from '../core/score/types.ts';
import type { ConversationResult } from '../core/simulate/types.ts';

export interface RunAccumulator {
  add(c: ConversationResult): void;
  /** Conversations added so far. */
  readonly count: number;
  /** Harness errors added so far. */
  readonly errors: number;
  summary(): PersonaRunSummary;
}

/**
 * Accumulates one persona's run; `summary()` equals `summarizeRun(persona, n, seed, all, { flow, bands })`.
 * The transcript's words are dropped as conversations arrive (the JSON report has streamed them already):
 * what is kept is what the blame ranking reads, the events, so memory grows by a few hundred bytes per
 * conversation rather than by whole transcripts.
 */
export function createRunAccumulator(
  persona: PersonaId,
  n: number,
  seed: number,
  options: { flow?: FlowDocument; bands?: BandThresholds; maxClusters?: number } = {},
): RunAccumulator {
  const kept: ConversationResult[] = [];
  let errors = 0;
  return {
    get count() {
      return kept.length;
    },
    get errors() {
      return errors;
    },
    add(c) {
      if (c.outcome === 'error') errors++;
      kept.push({
        ...c,
        turns: c.turns.map((t) => ({ speaker: t.speaker, text: '', nodeId: t.nodeId, events: t.events.filter((e) => e.type !== 'bot_message'), ...(t.truth ? { truth: { ...t.truth, clean: '', perturbations: [] } } : {}) })),
      });
    },
    summary(): PersonaRunSummary {
      return summarizeRun(persona, n, seed, kept, { ...(options.flow ? { flow: options.flow } : {}), ...(options.bands ? { bands: options.bands } : {}), ...(options.maxClusters ? { maxClusters: options.maxClusters } : {}) });
    },
  };
}

/** Whether a persona's run failed to run (FS155): see {@link failedToRun}. */
export function runFailed(summary: Pick<PersonaRunSummary, 'scores'>): boolean {
  return failedToRun(summary.scores);
}
