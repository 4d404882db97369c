/**
 * A small JSON Schema (draft 2020-12) checker for the keywords `FLOW_SCHEMA` uses, so the tests can prove
 * that documents conform without adding a validator dependency. Unsupported keywords fail loudly, so the
 * schema cannot quietly outgrow the checker.
 */
type Schema = boolean | { [k: string]: unknown };

const SUPPORTED = new Set([
  '$schema', '$ref', '$defs', 'title', 'description', 'default',
  'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items',
  'minItems', 'maxItems', 'uniqueItems', 'minLength', 'pattern', 'minimum', 'maximum', 'allOf', 'if', 'then', 'else',
]);

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Returns the violations as "path: reason" strings (empty when the value conforms). */
export function checkSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Schema => {
    const m = /^#\/\$defs\/(.+)$/.exec(ref);
    const defs = (root as { $defs?: Record<string, Schema> }).$defs;
    if (!m || !defs?.[m[1]]) throw new Error(`unresolvable $ref ${ref}`);
    return defs[m[1]];
  };
  const check = (s: Schema, v: unknown, path: string, out: string[]): void => {
    if (s === true) return;
    if (s === false) {
      out.push(`${path}: not allowed`);
      return;
    }
    for (const k of Object.keys(s)) if (!SUPPORTED.has(k)) throw new Error(`checker does not support "${k}"`);
    if (typeof s.$ref === 'string') check(resolve(s.$ref), v, path, out);
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      const t = typeOf(v);
      if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) out.push(`${path}: expected ${types.join('|')}, got ${t}`);
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => sameJson(e, v))) out.push(`${path}: not one of ${JSON.stringify(s.enum)}`);
    if ('const' in s && !sameJson(s.const, v)) out.push(`${path}: expected ${JSON.stringify(s.const)}`);
    if (typeof v === 'string') {
      if (typeof s.minLength === 'number' && [...v].length < s.minLength) out.push(`${path}: shorter than ${s.minLength}`);
      if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) out.push(`${path}: does not match ${s.pattern}`);
    }
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) out.push(`${path}: below ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) out.push(`${path}: above ${s.maximum}`);
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems) out.push(`${path}: fewer than ${s.minItems} items`);
      if (typeof s.maxItems === 'number' && v.length > s.maxItems) out.push(`${path}: more than ${s.maxItems} items`);
      if (s.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) out.push(`${path}: items not unique`);
      if (s.items !== undefined) v.forEach((item, i) => check(s.items as Schema, item, `${path}[${i}]`, out));
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const r of (s.required as string[] | undefined) ?? []) if (!(r in o)) out.push(`${path}: missing "${r}"`);
      for (const [k, val] of Object.entries(o)) {
        if (k in props) check(props[k], val, `${path}.${k}`, out);
        else if (s.additionalProperties !== undefined) check(s.additionalProperties as Schema, val, `${path}.${k}`, out);
      }
    }
    for (const sub of (s.allOf as Schema[] | undefined) ?? []) check(sub, v, path, out);
    if (s.if !== undefined) {
      const probe: string[] = [];
      check(s.if as Schema, v, path, probe);
      const branch = probe.length === 0 ? s.then : s.else;
      if (branch !== undefined) check(branch as Schema, v, path, out);
    }
  };
  check(root, value, '$', errors);
  return errors;
}
