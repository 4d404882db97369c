// jsdom lacks the layout APIs React Flow touches; these stand-ins are enough for it to render nodes.
class ResizeObserverStub {
  constructor(private cb: ResizeObserverCallback) {}
  observe(target: Element) {
    this.cb([{ target, contentRect: { width: 500, height: 500 } } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;
(globalThis as any).DOMMatrixReadOnly ??= class {
  m22: number;
  constructor(t?: string) {
    const s = t?.match(/scale\(([1-9.]+)\)/)?.[1];
    this.m22 = s !== undefined ? +s : 1;
  }
};
Object.defineProperties(HTMLElement.prototype, {
  offsetHeight: { configurable: true, get() { return parseFloat(this.style.height) || 1; } },
  offsetWidth: { configurable: true, get() { return parseFloat(this.style.width) || 1; } },
});
(SVGElement.prototype as any).getBBox ??= () => ({ x: 0, y: 0, width: 0, height: 0 });
