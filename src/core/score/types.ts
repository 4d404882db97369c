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

/**
 * Per node, over the run's conversations (harness errors excluded). The fields after `hijacks` came with blame
 * by origin (engine 0.2): runs saved earlier do not have them.
 */
export interface NodeStats {
  /** Times the node was entered (re-entries after a restart count again). */
  visits: number;
  fallbacks: number;
  /** Conversations that ended stuck here. */
  stuck: number;
  /** Conversations whose customer gave up while this node was waiting. */
  abandoned: number;
  /** Digressions at this node stored as the answer. */
  hijacks: number;
  /** Scored conversations (no harness error, not out of scope) that entered the node at least once. */
  reached?: number;
  /** Failed scored conversations that went wrong here ({@link FailureOrigin}). */
  started?: number;
  /** Requests this router routed to an intent or option the customer did not ask for. */
  misroutes?: number;
  /** Digressions while this node was waiting (scored conversations). */
  offTopic?: number;
  /** Of those, the ones the bot recovered from: not hijacked, back at this node within 2 bot turns, slots kept. */
  offTopicRecovered?: number;
}

/**
 * How a failure started: a fallback, a digression stored as the answer (`hijack`), a router that took the
 * customer somewhere they did not ask to go (`misroute`), or, when nothing went wrong before, the node where
 * the conversation ended (`ended`: a dead end, a handoff by the flow, a customer who left), or where the customer
 * asked for a person (`asked_human`).
 */
export type OriginKind = 'fallback' | 'hijack' | 'misroute' | 'asked_human' | 'ended';

/** The node where a failed conversation went wrong (see `failureOrigin`). */
export interface FailureOrigin {
  /** Null only when the conversation ended before any node (never in practice). */
  nodeId: string | null;
  kind: OriginKind;
  /** Index into `turns` of the turn that went wrong (for `asked_human`, the request for a person); null for `ended`. */
  turn: number | null;
}

/** Misroutes at one router: how many, and which request was taken for which route. */
export interface RouterMisroutes {
  nodeId: string;
  count: number;
  /** Largest first; `wanted` null when the customer asked for nothing the router offers. */
  pairs: { wanted: string | null; got: string; count: number }[];
}

/**
 * One line of "why this score": the failed conversations that went wrong at one node, in the order of the blame
 * ranking (`rankNodes`).
 */
export interface FailureCluster {
  /** The most common outcome of these conversations. */
  outcome: Outcome;
  nodeId: string | null;
  /** Failed conversations that went wrong here. */
  count: number;
  /** Share of scored conversations. */
  share: number;
  /** Index of an example conversation. */
  example: number;
  /** One sentence: what happened there. */
  summary: string;
  /** Scored conversations that reached the node (absent in runs saved before blame by origin). */
  reached?: number;
  /** count / reached. */
  rate?: number;
  /** Ranking weight (`blameWeight`). */
  weight?: number;
  /** These conversations by outcome. */
  outcomes?: Partial<Record<Outcome, number>>;
  /** These conversations by how they went wrong. */
  kinds?: Partial<Record<OriginKind, number>>;
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
  /** Per node id. A null-prototype object: node ids such as `__proto__` are ordinary keys. */
  nodes: Record<string, NodeStats>;
  clusters: FailureCluster[];
  /** Routers that misrouted customers, most first (absent in runs saved before engine 0.2). */
  misroutes?: RouterMisroutes[];
}

/** A node whose started failures changed between two runs. */
export interface NodeChange {
  nodeId: string;
  /** Failures started here in the previous run. */
  before: number;
  after: number;
  /** after - before. */
  delta: number;
  /**
   * Paired runs: two-sided McNemar exact p-value on the conversations that started failing here or stopped
   * doing so. Null when the comparison had only the summaries.
   */
  pValue: number | null;
}

/** What got worse between two runs of the same persona and seed, and where (see `whatGotWorse`). */
export interface Regression {
  /** Computed on conversation pairs (same index); false when only the summaries were compared. */
  paired: boolean;
  /** Conversations compared (paired) or scored in the current run (summaries). */
  conversations: number;
  /** Completion before and after (fractions), and the paired verdict when paired. */
  completion: { before: number; after: number; delta: number; verdict: Verdict | null; pValue: number | null };
  /** Paired: conversations that completed before and fail now; null from summaries. */
  newlyFailed: number | null;
  /** Nodes whose started failures changed, largest rise first. */
  nodes: NodeChange[];
  /** The node whose started failures rose most; null when no node got worse. */
  worst: NodeChange | null;
  /** Paired: current-run indexes of conversations that completed before and went wrong at `worst` now. */
  examples: number[];
  /** One sentence for people. */
  summary: string;
}
