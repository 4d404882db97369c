import type { ConditionBranch } from './types.ts';

/**
 * What a condition branch means, defined once for the runtime, the path finder and goal generation:
 * case-insensitive string comparison, numeric gt/lt, and exists/missing on empty values.
 */
export function testCondition(b: Pick<ConditionBranch, 'op' | 'value'>, v: string | undefined): boolean {
  const expected = String(b.value ?? '').toLowerCase();
  switch (b.op) {
    case 'exists':
      return v !== undefined && v !== '';
    case 'missing':
      return v === undefined || v === '';
    case 'eq':
      return v !== undefined && v.toLowerCase() === expected;
    case 'neq':
      return v === undefined || v.toLowerCase() !== expected;
    case 'contains':
      return v !== undefined && v.toLowerCase().includes(expected);
    case 'gt':
    case 'lt': {
      const a = Number(v);
      const c = Number(b.value);
      if (v === undefined || Number.isNaN(a) || Number.isNaN(c)) return false;
      return b.op === 'gt' ? a > c : a < c;
    }
    default:
      return false;
  }
}
