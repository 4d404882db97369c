import type { Scheduler } from './types.ts';

/**
 * Once per animation frame; 100 ms (10 Hz) where there are no frames (jsdom without a visual mode, a
 * hidden tab never needs more).
 */
export const defaultScheduler: Scheduler = (cb) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(() => cb());
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(cb, 100);
  return () => clearTimeout(id);
};

export interface FrameThrottle<T> {
  /** Keeps the latest value; applies it at the next scheduled tick. */
  push(value: T): void;
  /** Applies a pending value now. */
  flush(): void;
  /** Drops a pending value. */
  cancel(): void;
}

/**
 * Coalesces bursts of updates into at most one per tick: a 50-conversation batch reports 50 progress
 * events, often several in one frame, and each store update re-renders the panel.
 *
 * @example
 * const t = createFrameThrottle((p) => store.setState({ progress: p }));
 * client.runBatch(req, { onProgress: (p) => t.push({ done: p.done, total: p.total }) });
 */
export function createFrameThrottle<T>(apply: (value: T) => void, schedule: Scheduler = defaultScheduler): FrameThrottle<T> {
  let pending: { value: T } | null = null;
  let cancelTick: (() => void) | null = null;
  const flush = () => {
    cancelTick?.();
    cancelTick = null;
    if (pending) {
      const { value } = pending;
      pending = null;
      apply(value);
    }
  };
  return {
    push(value) {
      pending = { value };
      cancelTick ??= schedule(() => {
        cancelTick = null;
        flush();
      });
    },
    flush,
    cancel() {
      cancelTick?.();
      cancelTick = null;
      pending = null;
    },
  };
}
