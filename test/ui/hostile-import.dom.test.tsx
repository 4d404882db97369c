/**
 * Issue 11: whatever a history file holds, importing it through the panel never takes the panel (or the
 * host around it) down and never changes the runs already there. Property-based: arbitrary JSON, and valid
 * exports with arbitrary JSON put at arbitrary places.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from '../../src/history/create-memory-history.ts';
import type { HistoryExport } from '../../src/history/types.ts';
import { PanelErrorBoundary } from '../../src/ui/PanelErrorBoundary.tsx';
import { StressTestPanel } from '../../src/ui/StressTestPanel.tsx';
import { createRunFactory } from '../fixtures/history/make-run.ts';
import './dom-matchers.ts';
import { createFakeClient, hostGraph } from './fakes.ts';

afterEach(cleanup);

/** A valid export of runs of flow "flow-a" (ids imp-...), as plain JSON data. */
function validExport(): Record<string, unknown> {
  const f = createRunFactory();
  const runs = [f.run({ id: 'imp-1' }), f.run({ id: 'imp-2', persona: 'elderly' })];
  const file: HistoryExport = { format: 'flowstress-history', version: 1, exportedAt: 1, runs, transcripts: { 'imp-1': f.transcripts(3) } };
  return JSON.parse(JSON.stringify(file)) as Record<string, unknown>;
}

/** Every path to a value inside `v` (objects and arrays), for putting hostile values anywhere. */
function pathsOf(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}
const PATHS = pathsOf(validExport()).filter((p) => p.length > 0);

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let o = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  // defineProperty, so "__proto__" lands as an own key, as JSON.parse would put it.
  Object.defineProperty(o, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

const hostile = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom<unknown>('__proto__', 'constructor', 5, -1, 1e308, null, [], {}, [null, 5, 'x'], { __proto__: null, toString: 1 }),
);
const importFile = fc.oneof(
  { weight: 1, arbitrary: fc.jsonValue() },
  {
    weight: 4,
    arbitrary: fc.tuple(fc.constantFrom(...PATHS), hostile, fc.boolean()).map(([path, value, renameKey]) => {
      const file = validExport();
      if (renameKey && typeof path[path.length - 1] === 'string') {
        // Rename a key instead of replacing a value: unknown or reserved field names.
        setAt(file, [...path.slice(0, -1), '__proto__'], value);
      } else setAt(file, path, value);
      return file;
    }),
  },
);

describe('importing arbitrary JSON through the panel (property)', () => {
  it('the panel keeps rendering, and the runs already in the history are untouched', async () => {
    const f = createRunFactory();
    const kept = f.run({ id: 'kept-run' });
    const outcomes = { imported: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(importFile, async (data) => {
        cleanup();
        const history = createMemoryHistory({ now: () => 1 });
        await history.saveRun(kept, f.transcripts(2));
        const before = await history.getRun('kept-run');
        const graph = hostGraph();
        render(
          <div>
            <p>host canvas</p>
            <StressTestPanel open onClose={() => {}} client={createFakeClient()} history={history} getNodes={() => graph.nodes} getEdges={() => graph.edges} flow={{ ...graph.meta, id: 'flow-a' }} />
          </div>,
        );
        await screen.findByRole('table', { name: 'History' });
        const input = screen.getByLabelText('Import history file') as HTMLInputElement;
        const text = JSON.stringify(data) ?? 'null';
        await act(async () => {
          fireEvent.change(input, { target: { files: [new File([text], 'history.json', { type: 'application/json' })] } });
        });
        // The import answers with a notice: imported (maybe with FS213 for skipped runs) or refused (FS205).
        await waitFor(() => expect(document.body.textContent).toMatch(/Imported \d+ runs?\.|FS205/));
        // Still the panel, not the error fallback, and the host beside it.
        expect(screen.getByText('host canvas')).toBeInTheDocument();
        expect(screen.getByRole('heading', { name: 'Stress-test' })).toBeInTheDocument();
        expect(screen.queryByText(/stress-test panel stopped after an error/)).toBeNull();
        const rows = within(screen.getByRole('table', { name: 'History' })).getAllByRole('row');
        expect(rows.length).toBeGreaterThan(1);
        expect(await history.getRun('kept-run')).toEqual(before);
        expect(({} as Record<string, unknown>).completion).toBeUndefined();
        // Imported runs are rendered too: the checks let through only what the panel can show.
        if (/Imported [1-9]\d* run/.test(document.body.textContent ?? '')) outcomes.imported++;
        else outcomes.refused++;
      }),
      { numRuns: 60, seed: 11 },
    );
    // Both sides were exercised: hostile files refused, and harmless edits imported and rendered.
    expect(outcomes.imported).toBeGreaterThan(5);
    expect(outcomes.refused).toBeGreaterThan(5);
  }, 120_000);
});

describe('PanelErrorBoundary', () => {
  function Boom(): never {
    throw new Error('render failed: cannot read properties of undefined');
  }

  it('a failure inside the panel shows a message instead of blanking the host', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const onClose = vi.fn();
    render(
      <div>
        <p>host canvas</p>
        <PanelErrorBoundary open onClose={onClose}>
          <Boom />
        </PanelErrorBoundary>
      </div>,
    );
    expect(screen.getByText('host canvas')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(/stress-test panel stopped after an error.*cannot read properties of undefined/);
    fireEvent.click(screen.getByRole('button', { name: 'Close panel' }));
    expect(onClose).toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it('"Try again" renders the panel again once the fault is gone', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let broken = true;
    function Flaky() {
      if (broken) throw new Error('flaky');
      return <p>panel body</p>;
    }
    render(
      <PanelErrorBoundary>
        <Flaky />
      </PanelErrorBoundary>,
    );
    broken = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('panel body')).toBeInTheDocument();
    vi.restoreAllMocks();
  });
});

describe('damaged stored runs', () => {
  it('are named in an FS211 notice whose button deletes them', async () => {
    const memory = createMemoryHistory();
    const deleteDamaged = vi.fn(async () => 2);
    const history = {
      ...memory,
      deleteDamaged,
      onNotice(listener: Parameters<typeof memory.onNotice>[0]) {
        queueMicrotask(() => listener({ code: 'FS211', message: 'FS211: 2 damaged runs left out of the table (run "r9": run.summary.scores.completion.value: expected a number <= 1, got 5)', actions: ['delete-damaged', 'export'] }));
        return () => {};
      },
    };
    const graph = hostGraph();
    render(<StressTestPanel open onClose={() => {}} client={createFakeClient()} history={history} getNodes={() => graph.nodes} getEdges={() => graph.edges} flow={graph.meta} />);
    const notice = await screen.findByText(/2 damaged runs left out of the table/);
    expect(notice.closest('[role="alert"]')).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Delete damaged runs' }));
    await screen.findByText('Deleted 2 damaged runs.');
    expect(deleteDamaged).toHaveBeenCalledTimes(1);
    expect(screen.queryByText(/2 damaged runs left out of the table/)).toBeNull();
  });
});

describe('a run where most conversations failed to run', () => {
  it('shows "Failed to run" (FS155) instead of scores that would read as a verdict', async () => {
    const { ScoreCards } = await import('../../src/ui/ScoreCards.tsx');
    const f = createRunFactory();
    const run = f.run();
    const rate = { value: 1, successes: 6, total: 6, low: 0.61, high: 1, band: 'green' as const };
    run.summary.scores = { ...run.summary.scores, completion: rate, scored: 6, errors: 44 };
    render(<ScoreCards run={{ ...run, versionLabel: 'v1' } as never} comparison={undefined} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Failed to run. 44 of 50 conversations could not run');
    expect(screen.queryByText('100%')).toBeNull();
  });
});
