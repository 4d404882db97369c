/**
 * QWERTY key geometry, derived rather than hand-typed: each key sits at (row, column + row offset) on the ANSI
 * stagger, so neighbours fall out of the distances and a typo in a hand-written table cannot creep in.
 */

/** Letter rows of an ANSI QWERTY keyboard, top to bottom. */
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'] as const;

/**
 * Horizontal offset of each row's first key, in key widths. The ANSI stagger puts the home row a quarter key and
 * the bottom row three quarters of a key right of the top row (persona-realism.md §2.4).
 */
const ROW_OFFSETS = [0, 0.25, 0.75] as const;

/**
 * Keys in the next row count as vertical neighbours when their centres are at most this far apart sideways.
 * ¾ key width admits the two keys a finger can slip onto (e.g. `s` -> `w`, `e`, `z`, `x`) and nothing further.
 */
const VERTICAL_REACH = 0.75;

/** Columns 0-4 of each letter row are typed by the left hand in touch typing (q-t, a-g, z-b). */
const LEFT_HAND_COLUMNS = 5;

/** Neighbours of one key: same-row (`h`) and row above/below (`v`). */
export interface KeyNeighbours {
  h: string;
  v: string;
}

interface KeyPos {
  row: number;
  col: number;
  x: number;
}

function keyPositions(): Map<string, KeyPos> {
  const pos = new Map<string, KeyPos>();
  ROWS.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) pos.set(row[c], { row: r, col: c, x: ROW_OFFSETS[r] + c });
  });
  return pos;
}

function buildAdjacency(): Record<string, KeyNeighbours> {
  const pos = keyPositions();
  const out: Record<string, KeyNeighbours> = {};
  for (const [key, p] of pos) {
    let h = '';
    let v = '';
    for (const [other, q] of pos) {
      if (other === key) continue;
      if (q.row === p.row && Math.abs(q.col - p.col) === 1) h += other;
      // A tiny epsilon: offsets are exact binary fractions, but keep the comparison robust to edits.
      else if (Math.abs(q.row - p.row) === 1 && Math.abs(q.x - p.x) <= VERTICAL_REACH + 1e-9) v += other;
    }
    out[key] = { h, v };
  }
  return out;
}

/** Same-row and adjacent-row neighbours of each lowercase letter on a QWERTY keyboard. */
export const QWERTY_NEIGHBOURS: Readonly<Record<string, KeyNeighbours>> = buildAdjacency();

/** Letters typed by the left hand; the rest are right-hand keys. */
export const LEFT_HAND_KEYS: ReadonlySet<string> = new Set(
  ROWS.flatMap((row) => row.slice(0, LEFT_HAND_COLUMNS).split('')),
);

/**
 * Weight of a same-row neighbour relative to a row above/below: 2 : 1, after MulTypo's example weighting
 * (persona-realism.md §2.2); sideways slips dominate because fingers travel along rows.
 */
export const HORIZONTAL_WEIGHT = 2;
export const VERTICAL_WEIGHT = 1;

/**
 * A neighbouring key for `letter` (lowercase a-z), drawn with horizontal neighbours weighted 2 : 1 over vertical
 * ones. Returns `undefined` for characters that are not letter keys.
 */
export function pickNeighbour(letter: string, rng: { weightedIndex(weights: readonly number[]): number }): string | undefined {
  const n = QWERTY_NEIGHBOURS[letter];
  if (!n) return undefined;
  const keys = n.h + n.v;
  if (keys.length === 0) return undefined;
  const weights: number[] = [];
  for (let i = 0; i < n.h.length; i++) weights.push(HORIZONTAL_WEIGHT);
  for (let i = 0; i < n.v.length; i++) weights.push(VERTICAL_WEIGHT);
  return keys[rng.weightedIndex(weights)];
}

/** True when two letters are typed by different hands (the typical transposition, Salthouse 1986 via Wu & Liu 2008). */
export function isCrossHand(a: string, b: string): boolean {
  return LEFT_HAND_KEYS.has(a.toLowerCase()) !== LEFT_HAND_KEYS.has(b.toLowerCase());
}
