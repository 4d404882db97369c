#!/usr/bin/env node
// The flowstress command: a thin shell over runCli (which tests call in-process).
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { runCli } from './run-cli.ts';

const code = await runCli(process.argv.slice(2), {
  readFile: (p) => readFile(p, 'utf8'),
  // Waits for the pipe to drain when it is full, so a 100,000-conversation report never piles up in memory.
  stdout: (t) => (process.stdout.write(t) ? undefined : once(process.stdout, 'drain')),
  stderr: (t) => process.stderr.write(t),
  isTTY: process.stderr.isTTY === true,
});
process.exitCode = code;
