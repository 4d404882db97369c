/**
 * Date expressions inside a customer's words, returned in a normalised form. The engine has no clock, so
 * relative dates stay words:
 * - full dates: "YYYY-MM-DD" (ISO 8601);
 * - day and month without a year: "--MM-DD" (ISO 8601's truncated form, XML Schema's gMonthDay);
 * - a day alone, "the 12th": "---12" (XML Schema's gDay);
 * - "today", "tomorrow", "yesterday", "day after tomorrow";
 * - weekdays: "monday", "next monday", "last monday" ("this" and "on" dropped, "coming" read as "next").
 */

export interface FoundDate {
  value: string;
  start: number;
  end: number;
  /** The expression is a well-formed date shape naming an impossible day ("31/02/2024"). */
  invalid?: boolean;
}

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11,
  nov: 11, december: 12, dec: 12,
};
const WEEKDAYS: Record<string, string> = {
  monday: 'monday', tuesday: 'tuesday', wednesday: 'wednesday', thursday: 'thursday', friday: 'friday',
  saturday: 'saturday', sunday: 'sunday',
};
/** Abbreviations are accepted in a direct answer only: "sat", "sun" and "wed" are also ordinary words. */
const WEEKDAY_ABBREVIATIONS: Record<string, string> = {
  mon: 'monday', tue: 'tuesday', tues: 'tuesday', wed: 'wednesday', weds: 'wednesday', thu: 'thursday',
  thur: 'thursday', thurs: 'thursday', fri: 'friday', sat: 'saturday', sun: 'sunday',
};

const MONTH_ALT = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const ORD = '(?:st|nd|rd|th)?';

const ISO_RE = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g;
const NUMERIC_RE = /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/.-]*\d)/g;
const DAY_MONTH_RE = new RegExp(`\\b(\\d{1,2})${ORD}(?:\\s+of)?\\s+(${MONTH_ALT})\\b\\.?(?:,?\\s+(\\d{4}))?`, 'g');
const MONTH_DAY_RE = new RegExp(`\\b(${MONTH_ALT})\\b\\.?\\s+(?:the\\s+)?(\\d{1,2})${ORD}\\b(?:,?\\s+(\\d{4}))?`, 'g');
/** "the 12th": a day of this or next month (XML Schema's gDay form, "---12"). Needs "the" and an ordinal suffix. */
const ORDINAL_DAY_RE = /\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b/g;
const RELATIVE_RE = /\b(?:the\s+)?(day\s+after\s+tomorrow|today|tomorrow|yesterday)\b/g;

function daysIn(month: number, year: number | null): number {
  if (month === 2) return year === null || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The normalised form of a calendar date, or null when the day does not exist. */
function calendar(day: number, month: number, year: number | null): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return null;
  if (year !== null && (year < 1900 || year > 2199)) return null;
  return year === null ? `--${pad(month)}-${pad(day)}` : `${year}-${pad(month)}-${pad(day)}`;
}

function fullYear(y: string | undefined): number | null {
  if (y === undefined) return null;
  // Two-digit years are this century's: customers write "12/03/25" for 2025.
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

/**
 * Every date expression in `text`, left to right, overlapping matches resolved to the longest.
 *
 * Numeric dates "a/b/y": when one part is above 12 it is the day; when both could be months the first is
 * the day (day-first is the order in most of the world). A date with a year may use "/", "." or "-"; one
 * without a year needs "/" ("3.5" is a number, "12-3" a range).
 *
 * @param options.abbreviations accept "mon", "fri"... (direct answers only)
 */
export function findDates(text: string, options: { abbreviations?: boolean } = {}): FoundDate[] {
  const s = text.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019]/g, "'");
  const found: FoundDate[] = [];
  const add = (m: RegExpMatchArray, value: string | null): void => {
    const f: FoundDate = { value: value ?? '', start: m.index!, end: m.index! + m[0].length };
    if (value === null) f.invalid = true;
    found.push(f);
  };

  for (const m of s.matchAll(ISO_RE)) add(m, calendar(Number(m[3]), Number(m[2]), Number(m[1])));
  for (const m of s.matchAll(NUMERIC_RE)) {
    const [, a, sep, b, y] = m;
    if (y === undefined && sep !== '/') continue;
    const x = Number(a);
    const z = Number(b);
    const dayFirst = x > 12 || z <= 12;
    add(m, calendar(dayFirst ? x : z, dayFirst ? z : x, fullYear(y)));
  }
  for (const m of s.matchAll(DAY_MONTH_RE)) add(m, calendar(Number(m[1]), MONTHS[m[2]], fullYear(m[3])));
  for (const m of s.matchAll(MONTH_DAY_RE)) add(m, calendar(Number(m[2]), MONTHS[m[1]], fullYear(m[3])));
  for (const m of s.matchAll(RELATIVE_RE)) add(m, m[1].replace(/\s+/g, ' '));
  for (const m of s.matchAll(ORDINAL_DAY_RE)) {
    const day = Number(m[1]);
    add(m, day >= 1 && day <= 31 ? `---${pad(day)}` : null);
  }

  const days = { ...WEEKDAYS, ...(options.abbreviations ? WEEKDAY_ABBREVIATIONS : {}) };
  const dayAlt = Object.keys(days).sort((a, b) => b.length - a.length).join('|');
  const weekdayRe = new RegExp(`\\b(?:(next|last|this|coming|this\\s+coming)\\s+)?(${dayAlt})\\b`, 'g');
  for (const m of s.matchAll(weekdayRe)) {
    const rel = m[1] === undefined || m[1] === 'this' ? '' : m[1] === 'last' ? 'last ' : 'next ';
    add(m, rel + days[m[2]]);
  }

  // Longest first, then leftmost; drop anything overlapping an expression already kept.
  found.sort((p, q) => q.end - q.start - (p.end - p.start) || p.start - q.start);
  const kept: FoundDate[] = [];
  for (const f of found) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.sort((p, q) => p.start - q.start);
}

/**
 * Words that may stand around a date in an answer or a proposal ("how about tomorrow?", "would Friday
 * work?", "is the 12th of March ok?"). A question with any other word ("is it going to rain tomorrow?") is
 * about something else that happens to mention a date: a slot look-alike, which must not fill the slot.
 */
const DATE_FRAME = new Set(
  `is it ok okay fine good alright possible would could can you do does how what about on for the a be that
  this works work suit suits available free then maybe perhaps please i am will we at by in morning afternoon
  evening before after next coming or and yes no sure let us say me deliver delivered delivery come send sent
  bring arrive ship shipped pick up collect book visit get have make go see meet call there`.split(/\s+/),
);

/**
 * True when `text` is a question about something other than the date it mentions (see DATE_FRAME).
 *
 * @example
 * isDateLookalike('is it going to rain tomorrow?') // true
 * isDateLookalike('how about tomorrow?') // false
 */
export function isDateLookalike(text: string, dates: readonly FoundDate[]): boolean {
  const s = text.normalize('NFKC').toLowerCase();
  if (dates.length === 0) return false;
  // Only the sentence that holds the date counts: "The 20th would suit me. Did that go through?" answers,
  // and its second sentence is another matter.
  const at = dates[0].start;
  const start = s.slice(0, at).match(/^(.*[.!?\u2026]+\s+)/s)?.[1].length ?? 0;
  // A date may swallow its own full stop ("the 15th of Feb."): then its sentence ends with it.
  const endMatch = s[dates[0].end - 1] === '.' ? null : /[.!?\u2026]+(\s+|$)/.exec(s.slice(dates[0].end));
  const end = s[dates[0].end - 1] === '.' ? dates[0].end : endMatch ? dates[0].end + endMatch.index + endMatch[0].trimEnd().length : s.length;
  const sentence = s.slice(start, end);
  if (!sentence.trim().endsWith('?')) return false;
  let rest = sentence;
  for (const d of [...dates].filter((x) => x.start >= start && x.end <= end).sort((p, q) => q.start - p.start)) {
    rest = rest.slice(0, d.start - start) + ' ' + rest.slice(d.end - start);
  }
  const words = rest.replace(/'/g, ' ').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  return words.some((w) => !DATE_FRAME.has(w));
}
