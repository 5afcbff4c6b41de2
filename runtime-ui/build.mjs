#!/usr/bin/env node
// Builds the end-user app into runtime-ui/dist with Vite (served by the engine at /app).
//   node runtime-ui/build.mjs             build now
//   node runtime-ui/build.mjs --if-stale  build only when dist is missing or older than a source file (npm start, tests)
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const built = path.join(root, 'dist', 'index.html');
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'build.mjs', '../package.json'];

function newest(entry) {
  const stat = statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

export function isStale() {
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newest(path.join(root, source)) > builtAt);
}

export async function buildApp() {
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.warn('runtime-ui: Vite is not installed (npm install without --omit=dev), so the app at /app cannot be built.');
    return false;
  }
  const started = Date.now();
  await vite.build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`runtime-ui: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || isStale()) {
    if (ifStale) console.log('runtime-ui: building the app (its sources changed since the last build)…');
    await buildApp();
  }
}
