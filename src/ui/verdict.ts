import { PERSONA_IDS, PERSONA_LABELS, type PersonaId } from '../core/personas/types.ts';
import { DEFAULT_BANDS } from '../core/score/stats.ts';
import type { Band, Rate, RunScores } from '../core/score/types.ts';
import { rateOf } from '../store/compare-runs.ts';
import { METRICS, type MetricKey } from '../store/types.ts';
import { BAND_WORDS, formatPercent } from './format.ts';

export const METRIC_TITLES: Record<MetricKey, string> = {
  completion: 'Completion',
  fallbackRate: 'Fallback rate',
  offTopicRecovery: 'Off-topic recovery',
};

/** One persona's scores, as a row of the verdict grid. */
export interface VerdictRow {
  persona: PersonaId;
  scores: RunScores;
}

export interface VerdictCell {
  persona: PersonaId;
  metric: MetricKey;
  rate: Rate;
}

export type VerdictLevel = 'ready' | 'needs_work' | 'not_ready' | 'no_data';

export interface Verdict {
  level: VerdictLevel;
  /** The band the headline is coloured with: never green while any score is poor (red). */
  band: Band | 'none';
  /** "Not ready: Elderly fallback rate 58%, poor" */
  text: string;
  /** The cell the headline names (the worst), when one is named. */
  worst: VerdictCell | null;
}

const SEVERITY: Record<Band, number> = { green: 0, amber: 1, red: 2 };
const LEVEL_OF: Record<Band, Exclude<VerdictLevel, 'no_data'>> = { green: 'ready', amber: 'needs_work', red: 'not_ready' };
const PREFIX: Record<Exclude<VerdictLevel, 'no_data'>, string> = { ready: 'Ready', needs_work: 'Needs work', not_ready: 'Not ready' };

/** How far a value is from the "good" band (0 when good). */
function distanceFromGood(metric: MetricKey, value: number): number {
  if (metric === 'fallbackRate') return Math.max(0, value - DEFAULT_BANDS.lowerIsBetter.green);
  return Math.max(0, DEFAULT_BANDS.higherIsBetter.green - value);
}

/** How far the optimistic end of the 95% interval is from good: how surely the score is bad. */
function sureDistance(cell: VerdictCell): number {
  return distanceFromGood(cell.metric, cell.metric === 'fallbackRate' ? cell.rate.low : cell.rate.high);
}

/** Positive when `a` is the worse cell to name. */
function compareCells(a: VerdictCell, b: VerdictCell): number {
  const bySeverity = SEVERITY[a.rate.band] - SEVERITY[b.rate.band];
  if (bySeverity !== 0) return bySeverity;
  const bySureness = sureDistance(a) - sureDistance(b);
  if (Math.abs(bySureness) > 1e-9) return bySureness;
  const byValue = distanceFromGood(a.metric, a.rate.value) - distanceFromGood(b.metric, b.rate.value);
  return Math.abs(byValue) > 1e-9 ? byValue : 0;
}

/**
 * The verdict at a glance, for one run or an All-personas batch. The rule:
 * 1. Every score with a value is a cell (off-topic recovery "n/a" is left out); its band is the run's own.
 * 2. The headline takes the worst band of any cell: poor (red) is "Not ready", fair (amber) "Needs work",
 *    all good (green) "Ready". So it is never green while any score is poor or fair.
 * 3. It names the worst cell: the worst band first; then the score that is most surely bad, the one whose 95%
 *    interval ends farthest from the "good" threshold on its optimistic side (so 0 of 2 off-topic customers
 *    recovered does not outrank a fallback rate of 40% over 50 customers); then the farthest value from good;
 *    then persona order (Impatient, Typo-prone, Non-native speaker, Elderly) and score order (Completion,
 *    Fallback rate, Off-topic recovery).
 *
 * @example
 * verdictOf([{ persona: 'elderly', scores }]).text; // "Not ready: Elderly fallback rate 58%, poor"
 */
export function verdictOf(rows: readonly VerdictRow[]): Verdict {
  const cells: VerdictCell[] = [];
  const ordered = [...rows].sort((a, b) => PERSONA_IDS.indexOf(a.persona) - PERSONA_IDS.indexOf(b.persona));
  for (const row of ordered) {
    for (const metric of METRICS) {
      const rate = rateOf(row.scores, metric);
      if (rate && row.scores.scored > 0) cells.push({ persona: row.persona, metric, rate });
    }
  }
  if (cells.length === 0) return { level: 'no_data', band: 'none', text: 'No verdict: no conversation was scored', worst: null };

  let worst = cells[0]!;
  for (const cell of cells.slice(1)) {
    // Strictly worse only: on a tie the earlier persona and score (the order above) stay.
    if (compareCells(cell, worst) > 0) worst = cell;
  }
  const level = LEVEL_OF[worst.rate.band];
  if (level === 'ready') {
    const personas = new Set(cells.map((c) => c.persona));
    const who = personas.size === 1 ? PERSONA_LABELS[cells[0]!.persona] : `all ${personas.size} personas`;
    return { level, band: 'green', text: `Ready: every score is good for ${who}`, worst: null };
  }
  const metric = METRIC_TITLES[worst.metric].toLowerCase();
  return {
    level,
    band: worst.rate.band,
    text: `${PREFIX[level]}: ${PERSONA_LABELS[worst.persona]} ${metric} ${formatPercent(worst.rate.value)}, ${BAND_WORDS[worst.rate.band].toLowerCase()}`,
    worst,
  };
}
