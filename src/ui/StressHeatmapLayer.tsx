import { Fragment, useCallback, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { defaultScheduler } from '../store/frame-throttle.ts';
import { nodeLabelsOf } from '../store/node-labels.ts';
import { useMaybePanelStoreApi } from '../store/panel-context.tsx';
import { selectSelectedRun } from '../store/selectors.ts';
import { previousRunOf, regressionOf } from './conversation-helpers.ts';
import { getNodeHeat, heatBadgeText, heatStep, type NodeHeat } from './heatmap.ts';
import './flowstress.css';

export interface StressHeatmapLayerProps {
  /**
   * The React Flow container (`.react-flow`), an element inside it, or a wrapper around it. When omitted,
   * the layer looks for the `.react-flow` it is rendered in (as a child of `<ReactFlow>`), then the first
   * one in the document.
   */
  container?: RefObject<HTMLElement | null> | HTMLElement | null;
  /** Heat to show. Defaults to the selected run of the surrounding panel store. */
  heat?: Record<string, NodeHeat>;
  /** Nodes at or below this level get no badge (default 0: any trouble shows). */
  minLevel?: number;
  /** Called after a badge click has filtered the panel's conversations to the node. */
  onNodeClick?(nodeId: string): void;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function sameBoxes(a: Record<string, Box>, b: Record<string, Box>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => {
    const p = a[k]!;
    const q = b[k];
    return !!q && Math.abs(p.x - q.x) < 0.5 && Math.abs(p.y - q.y) < 0.5 && Math.abs(p.w - q.w) < 0.5 && Math.abs(p.h - q.h) < 0.5;
  });
}

function resolveContainer(container: StressHeatmapLayerProps['container'], anchor: HTMLElement | null): HTMLElement | null {
  const explicit = container && 'current' in container ? container.current : (container ?? null);
  if (explicit) {
    return (explicit.closest('.react-flow') as HTMLElement | null) ?? explicit.querySelector<HTMLElement>('.react-flow') ?? explicit;
  }
  return (anchor?.closest('.react-flow') as HTMLElement | null) ?? document.querySelector<HTMLElement>('.react-flow');
}

const noop = () => () => {};

/**
 * Marks the canvas nodes where simulated customers got stuck: a halo around each troubled node and a
 * badge with its main problem; clicking a badge filters the panel's conversations to that node.
 *
 * Works in `reactflow` 11 and `@xyflow/react` 12 hosts without importing either and without touching
 * the host's store: it reads the rendered `.react-flow__node[data-id]` elements and follows pan, zoom,
 * drags and resizes by observing the container.
 *
 * @example
 * <StressTestProvider {...setup}>
 *   <ReactFlow nodes={nodes} edges={edges}>
 *     <StressHeatmapLayer />
 *   </ReactFlow>
 *   <StressTestPanel open={open} onClose={close} />
 * </StressTestProvider>
 */
const serverNull = () => null;
const serverUndefined = () => undefined;

export function StressHeatmapLayer({ container, heat: heatProp, minLevel = 0, onNodeClick }: StressHeatmapLayerProps) {
  const api = useMaybePanelStoreApi();
  const subscribe = useCallback((cb: () => void) => (api ? api.subscribe(cb) : noop()), [api]);
  // The server snapshot (no run yet) lets hosts that render on the server (Next.js) render the layer.
  const run = useSyncExternalStore(subscribe, () => (api ? selectSelectedRun(api.getState()) : null), serverNull);
  const nodeFilter = useSyncExternalStore(subscribe, () => (api ? api.getState().nodeFilter : null), serverNull);

  // Against the previous run of the same customers: the node whose started failures rose most gets a mark.
  const previous = useSyncExternalStore(subscribe, () => (api ? previousRunOf(api.getState(), api.getState().selectedRunId) : undefined), serverUndefined);
  const before = useSyncExternalStore(subscribe, () => (api && previous ? api.getState().transcripts[previous.id] : undefined), serverUndefined);
  const after = useSyncExternalStore(subscribe, () => (api && run ? api.getState().transcripts[run.id] : undefined), serverUndefined);
  const previousLabel = useSyncExternalStore(subscribe, () => (api && run ? (api.getState().comparisons[run.id]?.previousVersionLabel ?? null) : null), serverNull);
  const regression = useMemo(() => (heatProp ? null : regressionOf(run, previous, before, after)), [heatProp, run, previous, before, after]);
  const heat = useMemo(() => heatProp ?? (run ? getNodeHeat(run.summary, { regression }) : {}), [heatProp, run, regression]);
  const labels = useMemo(() => (run ? nodeLabelsOf(run.flowSnapshot) : {}), [run]);
  const hotIds = useMemo(() => Object.keys(heat).filter((id) => heat[id]!.level > minLevel && heat[id]!.label !== ''), [heat, minLevel]);
  const hotKey = hotIds.join('\u0000');

  const anchorRef = useRef<HTMLSpanElement>(null);
  const overlayRef = useRef<HTMLDivElement>(null);
  const [host, setHost] = useState<HTMLElement | null>(null);
  const [boxes, setBoxes] = useState<Record<string, Box>>({});

  useLayoutEffect(() => {
    setHost(resolveContainer(container, anchorRef.current));
  }, [container]);

  useLayoutEffect(() => {
    if (!host || !hotKey) return;
    const hot = new Set(hotKey.split('\u0000'));
    let cancelFrame: (() => void) | null = null;
    const measure = () => {
      cancelFrame = null;
      const overlay = overlayRef.current;
      if (!overlay) return;
      // Relative to the overlay itself, so the host's container need not be positioned.
      const origin = overlay.getBoundingClientRect();
      const next: Record<string, Box> = {};
      host.querySelectorAll<HTMLElement>('.react-flow__node[data-id]').forEach((el) => {
        const id = el.getAttribute('data-id')!;
        if (!hot.has(id)) return;
        const r = el.getBoundingClientRect();
        next[id] = { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height };
      });
      setBoxes((prev) => (sameBoxes(prev, next) ? prev : next));
    };
    const schedule = () => {
      cancelFrame ??= defaultScheduler(measure);
    };
    measure();
    // Pan and zoom restyle `.react-flow__viewport`, drags restyle nodes, new nodes are added: all in the
    // container's subtree. Our own badges live there too and are ignored, or every reposition would loop.
    const mutations = new MutationObserver((records) => {
      if (records.some((r) => !overlayRef.current?.contains(r.target))) schedule();
    });
    mutations.observe(host, { subtree: true, childList: true, attributes: true, attributeFilter: ['style', 'class', 'transform'] });
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(schedule) : null;
    resize?.observe(host);
    window.addEventListener('resize', schedule);
    return () => {
      mutations.disconnect();
      resize?.disconnect();
      window.removeEventListener('resize', schedule);
      cancelFrame?.();
    };
  }, [host, hotKey]);

  const overlay = (
    <div ref={overlayRef} className="fs-root fs-heatmap" data-fs-heatmap="">
      {hotIds.map((id) => {
        const b = boxes[id];
        const h = heat[id]!;
        if (!b) return null;
        const step = heatStep(h.level);
        const name = labels[id] ?? id;
        const since = previousLabel ? ` since ${previousLabel}` : ' since the previous run';
        const worse = h.worse ? `. Failures starting here rose from ${h.worse.before} to ${h.worse.after}${since}` : '';
        return (
          <Fragment key={id}>
            <div className={`fs-heat-halo fs-heat--${step}`} style={{ left: b.x, top: b.y, width: b.w, height: b.h }} aria-hidden="true" />
            <button
              type="button"
              className={`fs-heat-badge fs-heat--${step}`}
              style={{ left: b.x + b.w, top: b.y }}
              data-node-id={id}
              aria-label={`“${name}”: ${h.label}${worse}. Show these conversations`}
              aria-pressed={api ? nodeFilter === id : undefined}
              title={`${name}: ${h.label}${worse}`}
              onClick={() => {
                api?.getState().setNodeFilter(id);
                onNodeClick?.(id);
              }}
            >
              {heatBadgeText(h)}
              {h.worse && (
                <span className="fs-heat-worse" aria-hidden="true">
                  ▲ +{h.worse.delta}
                  {since}
                </span>
              )}
            </button>
          </Fragment>
        );
      })}
    </div>
  );

  return (
    <>
      <span ref={anchorRef} hidden data-fs-heatmap-anchor="" />
      {host && hotIds.length > 0 && createPortal(overlay, host)}
    </>
  );
}
