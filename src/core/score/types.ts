import type { PersonaId } from '../personas/types.ts';
import type { Outcome } from '../simulate/types.ts';

export type Band = 'green' | 'amber' | 'red';

/** A proportion with its 95% Wilson interval and band. Values are fractions in [0, 1]. */
export interface Rate {
  value: number;
  successes: number;
  total: number;
  low: number;
  high: number;
  band: Band;
}

export interface RunScores {
  completion: Rate;
  fallbackRate: Rate;
  /** null when no conversation digressed ("n/a", never 0 or 100). */
  offTopicRecovery: Rate | null;
  /** Fallback turns per customer turn, over scored conversations. */
  fallbackTurnsPerCustomerTurn: number;
  /** Conversations counted (harness errors excluded). */
  scored: number;
  /** Harness errors, excluded from every denominator. */
  errors: number;
  /**
   * Customers who asked for something the flow does not handle (left out of the three scores): how many, how
   * many a router wrongly accepted, and the share turned away (not misrouted).
   */
  outOfScope?: { total: number; misrouted: number; rejected: Rate };
}

export interface NodeStats {
  visits: number;
  fallbacks: number;
  stuck: number;
  abandoned: number;
  hijacks: number;
}

export interface FailureCluster {
  outcome: Outcome;
  nodeId: string | null;
  count: number;
  /** Share of scored conversations. */
  share: number;
  /** Index of an example conversation. */
  example: number;
  /** One sentence: what happened there. */
  summary: string;
}

export interface BandThresholds {
  /** completion and recovery: green >= green, amber >= amber, else red */
  higherIsBetter: { green: number; amber: number };
  /** fallback rate: green <= green, amber <= amber, else red */
  lowerIsBetter: { green: number; amber: number };
}

export type Verdict = 'improved' | 'worse' | 'no_significant_change';

export interface PairedComparison {
  metric: 'completion' | 'fallbackRate' | 'offTopicRecovery';
  /** Conversations (by index) better in the new run than in the old. */
  better: number;
  worse: number;
  /** Two-sided McNemar exact p-value. */
  pValue: number;
  verdict: Verdict;
  /** New value minus old value (fraction). */
  delta: number;
}

export interface PersonaRunSummary {
  persona: PersonaId;
  n: number;
  seed: number;
  engineVersion: string;
  scores: RunScores;
  outcomes: Record<Outcome, number>;
  nodes: Record<string, NodeStats>;
  clusters: FailureCluster[];
}
