import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERSONA_IDS, type PersonaId } from '../../src/core/personas/types.ts';
import { bandFor } from '../../src/core/score/stats.ts';
import type { Rate, RunScores } from '../../src/core/score/types.ts';
import { verdictOf, type VerdictRow } from '../../src/ui/verdict.ts';

const rate = (value: number, direction: 'higher' | 'lower' = 'higher'): Rate => ({
  value,
  successes: Math.round(value * 50),
  total: 50,
  low: Math.max(0, value - 0.1),
  high: Math.min(1, value + 0.1),
  band: bandFor(value, direction),
});

function scores(completion: number, fallback: number, recovery: number | null): RunScores {
  return {
    completion: rate(completion),
    fallbackRate: rate(fallback, 'lower'),
    offTopicRecovery: recovery === null ? null : rate(recovery),
    fallbackTurnsPerCustomerTurn: 0.1,
    scored: 50,
    errors: 0,
  };
}

const row = (persona: PersonaId, c: number, f: number, r: number | null): VerdictRow => ({ persona, scores: scores(c, f, r) });

describe('verdictOf (the headline)', () => {
  it('names the poor score and its persona, even when completion looks good (the issue’s broken draft)', () => {
    const v = verdictOf([row('impatient', 0.94, 0.2, 0.8), row('elderly', 0.88, 0.58, 0.9), row('typo-prone', 0.9, 0.12, null)]);
    expect(v).toMatchObject({ level: 'not_ready', band: 'red', text: 'Not ready: Elderly fallback rate 58%, poor' });
    expect(v.worst).toMatchObject({ persona: 'elderly', metric: 'fallbackRate' });
  });

  it('says Ready, in green, only when every score is good', () => {
    expect(verdictOf([row('impatient', 0.9, 0.05, 0.85)])).toMatchObject({ level: 'ready', band: 'green', text: 'Ready: every score is good for Impatient', worst: null });
    const all = verdictOf(PERSONA_IDS.map((p) => row(p, 0.85, 0.1, null)));
    expect(all).toMatchObject({ level: 'ready', band: 'green', text: 'Ready: every score is good for all 4 personas' });
  });

  it('says Needs work for a fair score, naming the one farthest from good', () => {
    const v = verdictOf([row('impatient', 0.75, 0.05, 0.85), row('non-native', 0.9, 0.25, 0.85)]);
    // Fallback 25% is 15 points past good (10%); completion 75% only 5 points short of good (80%).
    expect(v).toMatchObject({ level: 'needs_work', band: 'amber', text: 'Needs work: Non-native speaker fallback rate 25%, fair' });
  });

  it('names the most surely bad score: a poor rate over few customers does not outrank one over many', () => {
    const few: Rate = { value: 0, successes: 0, total: 2, low: 0, high: 0.66, band: 'red' };
    const many: Rate = { value: 0.4, successes: 20, total: 50, low: 0.27, high: 0.54, band: 'red' };
    const impatient: VerdictRow = { persona: 'impatient', scores: { ...scores(0.85, 0.05, null), offTopicRecovery: few } };
    const elderly: VerdictRow = { persona: 'elderly', scores: { ...scores(0.85, 0.4, null), fallbackRate: many } };
    expect(verdictOf([impatient, elderly]).text).toBe('Not ready: Elderly fallback rate 40%, poor');
  });

  it('breaks exact ties by persona order, then score order', () => {
    const v = verdictOf([row('elderly', 0.4, 0.05, null), row('impatient', 0.4, 0.05, 0.4)]);
    expect(v.text).toBe('Not ready: Impatient completion 40%, poor');
  });

  it('leaves out n/a recovery and runs with no scored conversation', () => {
    const empty: VerdictRow = { persona: 'elderly', scores: { ...scores(0, 0, null), scored: 0 } };
    expect(verdictOf([empty]).level).toBe('no_data');
    expect(verdictOf([empty, row('impatient', 0.9, 0.05, null)]).level).toBe('ready');
  });

  it('property: never green while any score is poor or fair, and always names a cell of the worst band', () => {
    const value = fc.double({ min: 0, max: 1, noNaN: true });
    const rows = fc.uniqueArray(
      fc.record({ persona: fc.constantFrom(...PERSONA_IDS), c: value, f: value, r: fc.option(value, { nil: null }) }),
      { minLength: 1, maxLength: 4, selector: (x) => x.persona },
    );
    fc.assert(
      fc.property(rows, (list) => {
        const v = verdictOf(list.map((x) => row(x.persona, x.c, x.f, x.r)));
        const bands = list.flatMap((x) => [bandFor(x.c, 'higher'), bandFor(x.f, 'lower'), ...(x.r === null ? [] : [bandFor(x.r, 'higher')])]);
        if (bands.includes('red')) {
          expect(v.band).toBe('red');
          expect(v.text.startsWith('Not ready: ')).toBe(true);
        } else if (bands.includes('amber')) expect(v.band).toBe('amber');
        else expect(v.band).toBe('green');
        if (v.band !== 'green') expect(v.worst?.rate.band).toBe(v.band);
      }),
      { numRuns: 500 },
    );
  });
});
