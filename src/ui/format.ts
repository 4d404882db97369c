import { BAND_WORDS as CORE_BAND_WORDS } from '../core/score/stats.ts';
import type { Band, Rate, Verdict } from '../core/score/types.ts';
import type { PersonaId } from '../core/personas/types.ts';
import type { Outcome } from '../core/simulate/types.ts';

/** "80%": whole percents; the interval carries the uncertainty. */
export function formatPercent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** "49–94%" (en dash, as in print). */
export function formatInterval(rate: Pick<Rate, 'low' | 'high'>): string {
  return `${Math.round(rate.low * 100)}–${Math.round(rate.high * 100)}%`;
}

/** "+12 pts" / "−5 pts" / "±0 pts": percentage points, with a real minus sign. */
export function formatDelta(delta: number): string {
  const pts = Math.round(delta * 100);
  if (pts === 0) return '±0 pts';
  return `${pts > 0 ? '+' : '\u2212'}${Math.abs(pts)} pts`;
}

/** The engine's band words (the CLI prints the same), capitalised for labels. */
export const BAND_WORDS = Object.fromEntries(
  Object.entries(CORE_BAND_WORDS).map(([band, word]) => [band, word.charAt(0).toUpperCase() + word.slice(1)]),
) as Record<Band, string>;

export const VERDICT_WORDS: Record<Verdict, string> = {
  improved: 'improved',
  worse: 'worse',
  no_significant_change: 'no significant change',
};

/** Shapes, not only colours: ▲ improved, ▼ worse, ≈ no significant change. */
export const VERDICT_GLYPHS: Record<Verdict, string> = { improved: '▲', worse: '▼', no_significant_change: '≈' };

export const OUTCOME_LABELS: Record<Outcome, string> = {
  completed: 'Completed',
  wrong_end: 'Wrong end',
  handoff: 'Handed off',
  abandoned: 'Abandoned',
  stuck: 'Stuck',
  max_turns: 'Too many turns',
  loop_detected: 'Loop detected',
  error: 'Harness error',
};

/** Outcomes a designer wants to fix (error is the harness, not the flow). */
export const FAILED_OUTCOMES: readonly Outcome[] = ['wrong_end', 'handoff', 'abandoned', 'stuck', 'max_turns', 'loop_detected'];

export function formatTime(epochMs: number, nowMs: number = Date.now()): string {
  const d = new Date(epochMs);
  const today = new Date(nowMs);
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (d.toDateString() === today.toDateString()) return time;
  return `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Persona names for tight spots (table cells, tabs, trend labels); the full names are used elsewhere. */
export const PERSONA_SHORT_LABELS: Record<PersonaId, string> = {
  impatient: 'Impatient',
  'typo-prone': 'Typo-prone',
  'non-native': 'Non-native',
  elderly: 'Elderly',
};
