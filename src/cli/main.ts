#!/usr/bin/env node
// The flowstress command: a thin shell over runCli (which tests call in-process).
import { readFile } from 'node:fs/promises';
import { runCli } from './run-cli.ts';

const code = await runCli(process.argv.slice(2), {
  readFile: (p) => readFile(p, 'utf8'),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: process.stderr.isTTY === true,
});
process.exitCode = code;
