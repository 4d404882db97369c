import type { NodeKind } from 'flowstress';
import type { CSSProperties, DragEvent } from 'react';
import { KIND_INFO, PALETTE_KINDS } from '../node-kinds.ts';
import { KindIcon } from './icons.tsx';

/** MIME type of the palette drag payload; the canvas accepts only this, not arbitrary dropped text. */
export const KIND_DRAG_TYPE = 'application/x-flowstress-kind';

export function NodePalette({ onAdd }: { onAdd: (kind: NodeKind) => void }) {
  const onDragStart = (event: DragEvent, kind: NodeKind) => {
    event.dataTransfer.setData(KIND_DRAG_TYPE, kind);
    event.dataTransfer.effectAllowed = 'move';
  };
  return (
    <nav className="fb-palette" aria-label="Add node">
      <p className="fb-palette__title">Add</p>
      {PALETTE_KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          draggable
          className="fb-palette__item"
          style={{ '--kind': KIND_INFO[kind].color } as CSSProperties}
          title={`${KIND_INFO[kind].hint}. Click to add, or drag onto the canvas.`}
          aria-label={`Add ${KIND_INFO[kind].label} node`}
          onDragStart={(e) => onDragStart(e, kind)}
          onClick={() => onAdd(kind)}
        >
          <span className="fb-palette__icon">
            <KindIcon kind={kind} size={15} />
          </span>
          <span className="fb-palette__label">{KIND_INFO[kind].label.replace('Intent router', 'Router')}</span>
        </button>
      ))}
    </nav>
  );
}
