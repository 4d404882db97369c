/**
 * The README's integration snippets compile as written (issue 12): the fenced tsx blocks of "Use it in your
 * builder" are written to files and type-checked with tsc, against the source entry, with `@xyflow/react` 12
 * and, with the two lines the README gives for it, `reactflow` 11.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

export function integrationSection(text: string): string {
  const start = text.indexOf('## Use it in your builder');
  const end = text.indexOf('\n## ', start + 1);
  if (start < 0) throw new Error('README has no "Use it in your builder" section');
  return text.slice(start, end < 0 ? undefined : end);
}

export function tsxBlocks(section: string): string[] {
  return [...section.matchAll(/```tsx\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** The two `reactflow` 11 lines the README gives, swapped in for the `@xyflow/react` ones. */
export function toReactFlow11(builder: string, section: string): string {
  const [imports, css] = [...section.matchAll(/`(import [^`]*from 'reactflow';|import 'reactflow\/dist\/style\.css';)`/g)].map((m) => m[1]!);
  if (!imports || !css) throw new Error('README does not give the reactflow 11 import lines');
  return builder.replace(/^import \{[^\n]*\} from '@xyflow\/react';$/m, imports).replace("import '@xyflow/react/dist/style.css';", css);
}

const dir = join(root, 'test/docs/.readme-snippet');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function typecheck(name: string, files: Record<string, string>): string {
  const at = join(dir, name);
  mkdirSync(at, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(at, file), text);
  copyFileSync(join(root, 'demo/flows/order-tracking-draft.json'), join(at, 'support-bot.json'));
  writeFileSync(
    join(at, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../../../tsconfig.json',
      compilerOptions: { noEmit: true, types: ['vite/client'], paths: { flowstress: ['../../../../src/index.ts'] } },
      include: ['*.tsx'],
      exclude: [],
    }),
  );
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(at, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}` || String(e);
  }
}

describe('README integration snippet', () => {
  const section = integrationSection(readme);
  const blocks = tsxBlocks(section);

  it('has the builder and the JSON-file blocks, with the imports a host needs', () => {
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain("import 'flowstress/style.css';");
    expect(blocks[0]).toContain('<ReactFlowProvider>');
    expect(blocks[0]!.startsWith("'use client';")).toBe(true);
    expect(blocks[1]).toContain('parseFlow(flowFile)');
  });

  it('type-checks as written with @xyflow/react 12', () => {
    expect(typecheck('xyflow', { 'StressTestedBuilder.tsx': blocks[0]!, 'App.tsx': blocks[1]! })).toBe('');
  }, 60_000);

  it('type-checks with reactflow 11 after the two lines the README gives', () => {
    const v11 = toReactFlow11(blocks[0]!, section);
    expect(v11).toContain("from 'reactflow';");
    expect(v11).not.toContain('@xyflow/react');
    expect(typecheck('reactflow11', { 'StressTestedBuilder.tsx': v11, 'App.tsx': blocks[1]! })).toBe('');
  }, 60_000);

  it('fails on a snippet that does not compile (the check is real)', () => {
    const broken = blocks[0]!.replace("import { useState } from 'react';\n", '');
    expect(typecheck('broken', { 'StressTestedBuilder.tsx': broken, 'App.tsx': blocks[1]! })).toMatch(/useState/);
  }, 60_000);
});
