import { Component, type ErrorInfo, type ReactNode } from 'react';

export interface PanelErrorBoundaryProps {
  children: ReactNode;
  /** Shown or hidden, as the panel: the fallback follows the panel's visibility. */
  open?: boolean;
  onClose?(): void;
  id?: string;
  className?: string;
  /** Told about the failure (for the host's error reporting). */
  onError?(error: unknown, info: ErrorInfo): void;
}

interface State {
  error: unknown;
}

/**
 * Keeps a failure inside the Stress-test panel from taking the host builder down: React unmounts the whole
 * tree above a component that throws while rendering unless a boundary catches it, and a blank builder
 * loses the designer's unsaved draft. The panel is replaced by a short message with a way to try again;
 * the canvas and the rest of the host keep working.
 *
 * @example
 * <PanelErrorBoundary open={open} onClose={close}><PanelBody /></PanelErrorBoundary>
 */
export class PanelErrorBoundary extends Component<PanelErrorBoundaryProps, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error ?? new Error('unknown error') };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    this.props.onError?.(error, info);
  }

  private retry = () => this.setState({ error: null });

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { open = true, onClose, id, className } = this.props;
    const message = error instanceof Error ? error.message : String(error);
    return (
      <aside className={`fs-root fs-panel${className ? ` ${className}` : ''}`} id={id} hidden={!open} aria-label="Stress-test">
        <div className="fs-panel__body">
          <div className="fs-notice fs-notice--error" role="alert">
            <p className="fs-notice__text">
              <strong>The stress-test panel stopped after an error.</strong> Your flow is not affected. If a run in the
              history is damaged, export the history and delete that run. ({message})
            </p>
            <div className="fs-notice__actions">
              <button type="button" className="fs-button fs-button--small" onClick={this.retry}>
                Try again
              </button>
              {onClose && (
                <button type="button" className="fs-button fs-button--small" onClick={onClose}>
                  Close panel
                </button>
              )}
            </div>
          </div>
        </div>
      </aside>
    );
  }
}
