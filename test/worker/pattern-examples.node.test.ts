import { describe, expect, it } from 'vitest';
import { validateFlow } from '../../src/core/flow/validate.ts';
import { createWorkerApi } from '../../src/worker/worker-api.ts';
import { baseFlow } from '../fixtures/flows/broken-flows.ts';

/** The base flow whose order-number example its pattern rejects (FS016). */
function badExample() {
  const flow = baseFlow();
  const ask = flow.nodes.find((n) => n.id === 'ask_order')!;
  (ask.data as { entity: { example: string } }).entity.example = '1234AB';
  return flow;
}

describe('pattern examples are checked in the worker, never on the page (issue 11)', () => {
  it('the panel validates without running patterns: no FS016 there', () => {
    expect(validateFlow(badExample(), { runPatterns: false }).map((f) => f.code)).not.toContain('FS016');
    expect(validateFlow(badExample()).map((f) => f.code)).toContain('FS016');
  });

  it('the worker refuses to load such a flow with FS016, naming the node', () => {
    const loaded = createWorkerApi().load(badExample());
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.error.code).toBe('FS016');
      expect(loaded.error.message).toMatch(/Question "Order number" \(ask_order\) has the example "1234AB"/);
    }
  });

  it('a good flow still loads', () => {
    expect(createWorkerApi().load(baseFlow()).ok).toBe(true);
  });
});
