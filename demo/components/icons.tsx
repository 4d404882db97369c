import type { ReactNode, SVGProps } from 'react';
import type { NodeKind } from 'flowstress';

/** Stroke icons drawn for the demo (24×24 grid, 2px strokes) so the builder needs no icon package. */
function Svg({ children, ...rest }: SVGProps<SVGSVGElement> & { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {children}
    </svg>
  );
}

const KIND_PATHS: Record<NodeKind, ReactNode> = {
  start: <path d="M7 4.5v15l12-7.5z" />,
  message: <path d="M4 5h16v11H9l-5 4z" />,
  question: (
    <>
      <path d="M4 5h16v11H9l-5 4z" />
      <path d="M10 9a2 2 0 1 1 2.8 1.8c-.5.3-.8.7-.8 1.2" />
      <path d="M12 14.2v.1" />
    </>
  ),
  router: (
    <>
      <path d="M4 12h6" />
      <path d="M10 12l4-6h6" />
      <path d="M10 12l4 6h6" />
      <path d="M17 3l3 3-3 3M17 15l3 3-3 3" />
    </>
  ),
  condition: (
    <>
      <path d="M12 3l8 9-8 9-8-9z" />
      <path d="M9 12h6" />
    </>
  ),
  action: <path d="M13 3L5 14h6l-1 7 8-11h-6z" />,
  handoff: (
    <>
      <path d="M4 14v-2a8 8 0 0 1 16 0v2" />
      <rect x="3" y="14" width="4" height="6" rx="1.5" />
      <rect x="17" y="14" width="4" height="6" rx="1.5" />
    </>
  ),
  end: (
    <>
      <path d="M5 21V4" />
      <path d="M5 4h12l-2 4 2 4H5" />
    </>
  ),
};

export function KindIcon({ kind, size = 16 }: { kind: NodeKind; size?: number }) {
  return (
    <Svg width={size} height={size}>
      {KIND_PATHS[kind]}
    </Svg>
  );
}

export function GaugeIcon({ size = 16 }: { size?: number }) {
  return (
    <Svg width={size} height={size}>
      <path d="M4 17a8 8 0 1 1 16 0" />
      <path d="M12 17l4-6" />
      <circle cx="12" cy="17" r="1.2" fill="currentColor" />
    </Svg>
  );
}

export function ResetIcon({ size = 16 }: { size?: number }) {
  return (
    <Svg width={size} height={size}>
      <path d="M4 12a8 8 0 1 0 2.5-5.8" />
      <path d="M4 4v4.5h4.5" />
    </Svg>
  );
}

export function TrashIcon({ size = 16 }: { size?: number }) {
  return (
    <Svg width={size} height={size}>
      <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13" />
    </Svg>
  );
}

export function PlusIcon({ size = 16 }: { size?: number }) {
  return (
    <Svg width={size} height={size}>
      <path d="M12 5v14M5 12h14" />
    </Svg>
  );
}

export function CloseIcon({ size = 16 }: { size?: number }) {
  return (
    <Svg width={size} height={size}>
      <path d="M6 6l12 12M18 6L6 18" />
    </Svg>
  );
}

export function DownloadIcon({ size = 16 }: { size?: number }) {
  return (
    <Svg width={size} height={size}>
      <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />
    </Svg>
  );
}

export function UploadIcon({ size = 16 }: { size?: number }) {
  return (
    <Svg width={size} height={size}>
      <path d="M12 20V9M7 14l5-5 5 5M5 4h14" />
    </Svg>
  );
}

export function ChevronIcon({ direction, size = 16 }: { direction: 'left' | 'right'; size?: number }) {
  return (
    <Svg width={size} height={size}>
      <path d={direction === 'left' ? 'M15 5l-7 7 7 7' : 'M9 5l7 7-7 7'} />
    </Svg>
  );
}
