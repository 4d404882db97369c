/**
 * The engine functions the store calls, in one place: the store depends on their behaviour, not on
 * where in `core/` they live.
 * @internal
 */
export { validateFlow, hasErrors } from '../core/flow/validate.ts';
export { comparePaired } from '../core/score/compare.ts';
