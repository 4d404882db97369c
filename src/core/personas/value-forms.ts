/**
 * Values as people say them. A customer's fact is canonical (an ISO date, a plain number), but nobody types
 * "2026-03-12" when asked for a day: they write "next Thursday", "the 12th", "12/03", "March 12th" or
 * "tomorrow". The form is drawn per persona, so a validator that takes one form shows up as fallbacks,
 * as it would with people (issue "Customers who speak like real customers", point 3).
 *
 * Relative forms need a "today": the simulation's is fixed ({@link SIM_TODAY}), so transcripts replay
 * byte for byte. The runtime has no clock and keeps relative dates as words ("tomorrow", "next thursday").
 */
import type { EntitySpec } from '../flow/types.ts';
import type { Rng } from '../simulate/random.ts';
import type { PersonaId } from './types.ts';

/** The simulated customers' today: Monday 2 March 2026. Fixed, so relative dates replay identically. */
export const SIM_TODAY = '2026-03-02';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Civil-date arithmetic without Date objects (the engine never touches the clock, and the architecture test
 * forbids `new Date(`): days since 1970-01-01 from a y-m-d and back, after Howard Hinnant's algorithms
 * (https://howardhinnant.github.io/date_algorithms.html).
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

interface CivilDate {
  year: number;
  month: number;
  day: number;
  /** Days since 1970-01-01. */
  days: number;
  /** 0 = Sunday. */
  weekday: number;
}

function parseIso(iso: string): CivilDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const days = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
  // 1970-01-01 was a Thursday.
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), days, weekday: (((days + 4) % 7) + 7) % 7 };
}

/** `iso` shifted by `days` (calendar arithmetic, no clock). */
export function addDays(iso: string, days: number): string {
  const d = parseIso(iso);
  if (!d) return iso;
  const [y, m, dd] = civilFromDays(d.days + days);
  return `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** Days from {@link SIM_TODAY} to `iso`. */
function daysFromToday(iso: string): number | null {
  const d = parseIso(iso);
  const t = parseIso(SIM_TODAY);
  return d && t ? d.days - t.days : null;
}

export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

type DateForm = 'relative' | 'weekday' | 'ordinal_day' | 'numeric' | 'month_day' | 'day_month' | 'day_of_month' | 'iso';

/**
 * Which forms each persona reaches for (shares of draws). Team estimates, no corpus gives them: people use
 * relative words for the near future (the impatient most), older people spell months out with ordinals,
 * learners favour numeric and "3 June" forms taught in class; ISO is rare outside technical users.
 */
const DATE_FORMS: Readonly<Record<PersonaId, readonly [DateForm, number][]>> = {
  impatient: [['relative', 3], ['weekday', 2], ['numeric', 3], ['ordinal_day', 1], ['iso', 0.3]],
  'typo-prone': [['relative', 2], ['weekday', 2], ['numeric', 2], ['month_day', 2], ['day_month', 1], ['ordinal_day', 1], ['iso', 0.3]],
  'non-native': [['numeric', 3], ['day_month', 3], ['weekday', 1], ['relative', 1], ['iso', 0.5]],
  elderly: [['day_of_month', 3], ['weekday', 2], ['relative', 1], ['ordinal_day', 1], ['day_month', 1]],
};

/**
 * The date `iso` as this persona writes it (only forms that name that exact day relative to SIM_TODAY).
 *
 * @example
 * spokenDate('2026-03-03', 'impatient', rng) // "tomorrow"
 * spokenDate('2026-03-12', 'elderly', rng)   // "the 12th of March"
 */
export function spokenDate(iso: string, persona: PersonaId, rng: Rng): string {
  const d = parseIso(iso);
  if (!d) return iso;
  const day = d.day;
  const month = MONTHS[d.month - 1];
  const offset = daysFromToday(iso);
  const usable = DATE_FORMS[persona].filter(([f]) => {
    if (f === 'relative') return offset !== null && offset >= -1 && offset <= 2;
    // "next Thursday" / "last Friday" are unambiguous only within a week or so either side.
    if (f === 'weekday') return offset !== null && ((offset >= 2 && offset <= 13) || (offset <= -2 && offset >= -6));
    // "the 12th" alone means this month's or the next one's 12th: only near dates.
    if (f === 'ordinal_day') return offset !== null && offset > 0 && offset <= 20;
    return true;
  });
  const form = usable[rng.weightedIndex(usable.map(([, w]) => w))][0];
  const weekday = WEEKDAYS[d.weekday];
  switch (form) {
    case 'relative':
      return offset === 0 ? 'today' : offset === 1 ? 'tomorrow' : offset === -1 ? 'yesterday' : 'the day after tomorrow';
    case 'weekday':
      if (offset !== null && offset < 0) return `last ${weekday}`;
      return offset !== null && offset <= 6 ? (rng.chance(0.5) ? weekday : `this ${weekday}`) : `next ${weekday}`;
    case 'ordinal_day':
      return `the ${ordinal(day)}`;
    case 'numeric': {
      const dd = rng.chance(0.5) ? String(day).padStart(2, '0') : String(day);
      const mm = String(d.month).padStart(2, '0');
      return rng.chance(0.3) ? `${dd}/${mm}/${d.year}` : `${dd}/${mm}`;
    }
    case 'month_day':
      return rng.chance(0.5) ? `${month} ${ordinal(day)}` : `${month} ${day}`;
    case 'day_month':
      return `${day} ${month}`;
    case 'day_of_month':
      return `the ${ordinal(day)} of ${month}`;
    case 'iso':
      return iso;
  }
}

/** Money slots: amounts, balances, payments, prices. */
const MONEY_SLOT = /(amount|price|total|cost|budget|payment|balance|refund|fee|charge|bill|spend)/i;

/**
 * A number as this persona writes it: money with a currency sign or word, other numbers as digits.
 *
 * @example
 * spokenNumber('45.2', 'payment_amount', 'elderly', rng) // "£45.20"
 */
export function spokenNumber(value: string, slot: string, persona: PersonaId, rng: Rng): string {
  const n = Number(value);
  if (!Number.isFinite(n) || !MONEY_SLOT.test(slot)) return value;
  const money = Number.isInteger(n) ? String(n) : n.toFixed(2);
  switch (persona) {
    case 'impatient':
      return rng.chance(0.5) ? money : `£${money}`;
    case 'elderly':
      return rng.chance(0.6) ? `£${money}` : `${money} pounds`;
    default:
      return rng.chance(0.7) ? `£${money}` : `${money} pounds`;
  }
}

/** The value of a slot as the customer writes it, for the entities whose form people vary. */
export function spokenValue(entity: EntitySpec | undefined, slot: string, value: string, persona: PersonaId, rng: Rng): string {
  if (entity?.type === 'date') return spokenDate(value, persona, rng);
  if (entity?.type === 'number') return spokenNumber(value, slot, persona, rng);
  return value;
}
