import type { ButtonHTMLAttributes } from 'react';
import './flowstress.css';

export interface StressTestButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onClick' | 'children'> {
  /** Whether the panel is open (drives aria-expanded and the pressed look). */
  open: boolean;
  onOpenChange(next: boolean): void;
  /** The id of the panel element, for aria-controls (StressTestPanel's `id`). */
  panelId?: string;
}

/**
 * The "Stress-test" button for the host's top bar: toggles the panel.
 *
 * @example
 * const [open, setOpen] = useState(false);
 * <StressTestButton open={open} onOpenChange={setOpen} panelId="stress-panel" />
 * <StressTestPanel id="stress-panel" open={open} onClose={() => setOpen(false)} ... />
 */
export function StressTestButton({ open, onOpenChange, panelId, className, ...rest }: StressTestButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      className={`fs-topbar-button${className ? ` ${className}` : ''}`}
      aria-expanded={open}
      aria-controls={panelId}
      data-fs-open={open || undefined}
      onClick={() => onOpenChange(!open)}
    >
      <svg className="fs-topbar-button__icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        <path d="M1.5 12.5h2l2-6 3 8 2.5-10 2 8h1.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      Stress-test
    </button>
  );
}
