// Finishes `npm run build:lib` after Vite (JS, CSS, worker) and tsc (types): adds the files Vite does not emit
// and checks that dist/ holds exactly what package.json points at, so a broken build never gets packed.
import { chmodSync, copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, 'dist');

copyFileSync(resolve(root, 'public/flow.schema.json'), resolve(dist, 'flow.schema.json'));
copyFileSync(resolve(root, 'src/cjs/require.cjs'), resolve(dist, 'require.cjs'));
chmodSync(resolve(dist, 'cli.js'), 0o755);

const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin)];
for (const entry of Object.values(pkg.exports)) targets.push(...(typeof entry === 'string' ? [entry] : Object.values(entry)));
const missing = targets.filter((t) => t !== './package.json' && !existsSync(resolve(root, t)));
if (missing.length > 0) {
  console.error(`finish-lib: package.json points at files the build did not produce: ${missing.join(', ')}`);
  process.exit(1);
}

// The CLI must share the library's engine chunk, not carry its own copy (issue 12): only these JS files.
const js = readdirSync(dist).filter((f) => f.endsWith('.js')).sort();
const expected = ['cli.js', 'conversation-thread.js', 'engine.js', 'flowstress.worker.js', 'index.js'];
if (js.join() !== expected.join()) {
  console.error(`finish-lib: expected dist/${expected.join(', dist/')}; got ${js.join(', ')} (check the chunking in vite.config.ts)`);
  process.exit(1);
}
if (!readFileSync(resolve(dist, 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')) {
  console.error('finish-lib: dist/cli.js must start with its #! line');
  process.exit(1);
}
