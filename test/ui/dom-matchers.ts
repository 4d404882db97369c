/**
 * The few DOM matchers these tests use (jest-dom is not a dependency of the project).
 * Import once per test file: `import './dom-matchers.ts';`.
 */
import { expect } from 'vitest';

// The matcher types come with vitest's browser package (TestingLibraryMatchers); only the runtime is added here.

const el = (x: unknown) => x as HTMLElement;

expect.extend({
  toBeChecked(received) {
    const pass = !!(el(received) as HTMLInputElement).checked;
    return { pass, message: () => `expected element ${pass ? 'not ' : ''}to be checked` };
  },
  toBeEnabled(received) {
    const pass = !(el(received) as HTMLButtonElement).disabled;
    return { pass, message: () => `expected element ${pass ? 'not ' : ''}to be enabled` };
  },
  toBeDisabled(received) {
    const pass = !!(el(received) as HTMLButtonElement).disabled;
    return { pass, message: () => `expected element ${pass ? 'not ' : ''}to be disabled` };
  },
  toBeInTheDocument(received) {
    const pass = !!received && el(received).ownerDocument.contains(el(received));
    return { pass, message: () => `expected element ${pass ? 'not ' : ''}to be in the document` };
  },
  toHaveFocus(received) {
    const pass = el(received).ownerDocument.activeElement === received;
    const active = el(received).ownerDocument.activeElement;
    return { pass, message: () => `expected element ${pass ? 'not ' : ''}to have focus; focus is on <${active?.tagName.toLowerCase()}> "${active?.textContent?.slice(0, 60)}"` };
  },
  toHaveAttribute(received, name: string, value?: string) {
    const actual = el(received).getAttribute(name);
    const pass = value === undefined ? actual !== null : actual === value;
    return { pass, message: () => `expected ${name}=${JSON.stringify(actual)} ${pass ? 'not ' : ''}to be ${JSON.stringify(value)}` };
  },
  toHaveTextContent(received, text: string | RegExp) {
    const content = (el(received).textContent ?? '').replace(/\s+/g, ' ');
    const pass = typeof text === 'string' ? content.includes(text) : text.test(content);
    return { pass, message: () => `expected text ${JSON.stringify(content.slice(0, 300))} ${pass ? 'not ' : ''}to contain ${String(text)}` };
  },
  toHaveClass(received, name: string) {
    const pass = el(received).classList.contains(name);
    return { pass, message: () => `expected class "${el(received).className}" ${pass ? 'not ' : ''}to contain ${name}` };
  },
});
