/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { resolve } from 'node:path';

const here = import.meta.dirname;
// The demo and tests import the package by name, as a host would.
const alias = { flowstress: resolve(here, 'src/index.ts') };
const chromiumArgs = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Vite's lib output wraps worker URLs in a form Next.js cannot load; rewrite it to the canonical
 * `new URL("./x.worker.js", import.meta.url)` that Vite, webpack and Next all understand (see toolchain.md §6).
 */
function canonicalWorkerUrl(): Plugin {
  const re = /new URL\(\s*\/\* @vite-ignore \*\/\s*new URL\((["'])([^"']+)\1, import\.meta\.url\)\.href,\s*["']{2} \+ import\.meta\.url\s*\)/g;
  return {
    name: 'canonical-worker-url',
    apply: 'build',
    renderChunk(code) {
      if (!re.test(code)) return null;
      re.lastIndex = 0;
      return {
        code: code.replace(re, (_m, _q, p: string) => `new URL(${JSON.stringify(p.startsWith('.') ? p : './' + p)}, import.meta.url)`),
        map: null,
      };
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'lib') {
    return {
      plugins: [react(), canonicalWorkerUrl()],
      publicDir: false,
      base: './',
      build: {
        outDir: 'dist',
        emptyOutDir: true,
        // The entries share one engine chunk: the library (browser, React), the command line (Node) and its
        // conversation thread.
        lib: { entry: { index: resolve(here, 'src/index.ts'), cli: resolve(here, 'src/cli/main.ts'), 'conversation-thread': resolve(here, 'src/cli/conversation-thread.ts') }, formats: ['es'], cssFileName: 'flowstress' },
        rollupOptions: {
          external: [/^react($|\/)/, /^react-dom($|\/)/, 'zustand', /^zustand\//, 'comlink', 'idb', /^node:/],
          output: {
            // The library's components use hooks: Next.js must treat the entry as a client module.
            banner: (chunk: { name: string }) => (chunk.name === 'cli' || chunk.name === 'conversation-thread' ? '' : "'use client';"),
            // One shared chunk: the engine (src/core), imported by the entries (library, CLI, CLI thread).
            chunkFileNames: 'engine.js',
            manualChunks: (id: string) => (id.includes('/src/core/') ? 'engine' : undefined),
          },
        },
      },
      worker: { format: 'es', rollupOptions: { output: { entryFileNames: '[name].js' } } },
    };
  }
  if (mode === 'test') {
    return {
      plugins: [react()],
      resolve: { alias },
      optimizeDeps: { include: ['comlink', 'idb', 'zustand', 'zustand/vanilla', 'react', 'react-dom/client', '@testing-library/react'] },
      worker: { format: 'es' },
      test: {
        projects: [
          { extends: true, test: { name: 'node', environment: 'node', include: ['test/**/*.node.test.ts'] } },
          { extends: true, test: { name: 'dom', environment: 'jsdom', include: ['test/**/*.dom.test.{ts,tsx}'], setupFiles: ['test/setup-dom.ts'] } },
          {
            extends: true,
            test: {
              name: 'browser',
              include: ['test/**/*.browser.test.{ts,tsx}'],
              browser: {
                enabled: true,
                headless: true,
                provider: playwright({ launchOptions: { executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: chromiumArgs } }),
                instances: [{ browser: 'chromium' }],
              },
            },
          },
        ],
      },
    };
  }
  return {
    root: 'demo',
    publicDir: resolve(here, 'public'),
    resolve: { alias },
    plugins: [react()],
    // The demo bundles React, React Flow and the panel in one page (~620 kB, 190 kB gzip); that is expected.
    build: { outDir: resolve(here, 'dist-demo'), emptyOutDir: true, chunkSizeWarningLimit: 800 },
    worker: { format: 'es' },
  };
});
