import { useMemo } from 'react';
import { PERSONA_IDS, PERSONA_LABELS, type PersonaId } from '../core/personas/types.ts';
import type { RunListItem } from '../history/types.ts';
import { formatPercent, PERSONA_SHORT_LABELS } from './format.ts';

const W = 72;
const H = 22;
const POINTS = 12;

/** A small completion trend per persona (last 12 finished runs, oldest to newest): did the fixes add up? */
export function TrendLines({ history, filter }: { history: readonly RunListItem[]; filter: PersonaId | 'all' }) {
  const series = useMemo(() => {
    const out: { persona: PersonaId; values: number[] }[] = [];
    for (const persona of PERSONA_IDS) {
      if (filter !== 'all' && filter !== persona) continue;
      const values = history
        .filter((h) => h.persona === persona && h.status !== 'cancelled')
        .slice(0, POINTS)
        .reverse()
        .map((h) => h.summary.scores.completion.value);
      if (values.length > 0) out.push({ persona, values });
    }
    return out;
  }, [history, filter]);
  if (series.length === 0) return null;
  return (
    <ul className="fs-trends" aria-label="Completion trend per persona">
      {series.map(({ persona, values }) => (
        <li key={persona} className="fs-trend">
          <span className="fs-trend__label" aria-hidden="true">
            {PERSONA_SHORT_LABELS[persona]}
          </span>
          <Sparkline values={values} label={`${PERSONA_LABELS[persona]} completion over ${values.length} runs: ${values.map(formatPercent).join(', ')}`} />
          <span className="fs-trend__last" aria-hidden="true">
            {formatPercent(values[values.length - 1]!)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Sparkline({ values, label }: { values: number[]; label: string }) {
  const step = values.length > 1 ? (W - 4) / (values.length - 1) : 0;
  const pts = values.map((v, i) => [2 + i * step, 2 + (1 - v) * (H - 4)] as const);
  const last = pts[pts.length - 1]!;
  return (
    <svg className="fs-sparkline" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label}>
      {/* 80% guide: the "good" band starts here */}
      <line x1="0" x2={W} y1={2 + 0.2 * (H - 4)} y2={2 + 0.2 * (H - 4)} className="fs-sparkline__guide" />
      {pts.length > 1 && <polyline points={pts.map((p) => p.join(',')).join(' ')} className="fs-sparkline__line" />}
      <circle cx={last[0]} cy={last[1]} r="2.2" className="fs-sparkline__dot" />
    </svg>
  );
}
