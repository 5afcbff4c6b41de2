#!/usr/bin/env node
// Builds a browser app with Vite into <app>/dist: the end-user app (runtime-ui, served at /app) and,
// through designer/build.mjs, the designer (served at /designer).
//   node runtime-ui/build.mjs             build now
//   node runtime-ui/build.mjs --if-stale  build only when dist is missing or older than a source file (npm start, tests)
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES = ['src', 'index.html', 'vite.config.ts', 'build.mjs', '../package.json', '../runtime-ui/build.mjs'];

function newest(entry) {
  const stat = statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

/** True when <root>/dist is missing or older than one of the app's sources. `extra` names more sources (relative to root). */
export function isStale(root, extra = []) {
  const built = path.join(root, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return [...SOURCES, ...extra].some((source) => newest(path.join(root, source)) > builtAt);
}

export async function buildApp(root, name) {
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.warn(`${name}: Vite is not installed (npm install without --omit=dev), so it cannot be built.`);
    return false;
  }
  const started = Date.now();
  // React's production build whatever runs this (vitest sets NODE_ENV=test, which would bundle the development build).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  console.log(`${name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

/** The command line of a build script: build now, or with --if-stale only when needed. */
export async function buildCli(root, name, extra = []) {
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || isStale(root, extra)) {
    if (ifStale) console.log(`${name}: building (its sources changed since the last build)…`);
    await buildApp(root, name);
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildCli(here, 'runtime-ui');
