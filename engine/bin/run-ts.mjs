#!/usr/bin/env node
// Runs a TypeScript entry point (benchmarks, scripts) through tsx: node engine/bin/run-ts.mjs <file.ts> [args]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const entry = process.argv[2];
if (!entry) {
  console.error('usage: run-ts.mjs <file.ts> [args]');
  process.exit(2);
}
process.argv.splice(2, 1);
await import(pathToFileURL(path.resolve(entry)).href);
