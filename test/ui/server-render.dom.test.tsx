/**
 * Hosts that render on the server (Next.js app router prerendering) render the panel's pieces with
 * react-dom/server: every useSyncExternalStore needs a server snapshot, or the build fails with "Missing
 * getServerSnapshot". This catches a new subscription without one before the host matrix does.
 */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StressHeatmapLayer } from '../../src/index.ts';

describe('server rendering', () => {
  it('renders the heatmap layer without throwing', () => {
    expect(() => renderToString(createElement(StressHeatmapLayer, { container: null }))).not.toThrow();
  });
});
