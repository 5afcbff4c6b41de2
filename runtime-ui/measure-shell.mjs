#!/usr/bin/env node
// Measures the app shell's initial download: the script, module preloads and styles index.html names
// (what the browser fetches before the first page renders), gzipped. Lazy page chunks are listed apart.
//   node runtime-ui/measure-shell.mjs   (after npm run build:ui)
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist');
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const gz = (file) => gzipSync(readFileSync(path.join(dist, file))).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

let total = 0;
console.log('initial (index.html):');
for (const file of initial) {
  const size = gz(file);
  total += size;
  console.log(`  ${file.padEnd(48)} ${kb(size).padStart(10)} gzip`);
}
console.log(`  ${'shell total'.padEnd(48)} ${kb(total).padStart(10)} gzip`);
console.log('loaded on demand:');
for (const file of readdirSync(path.join(dist, 'assets')).map((f) => `assets/${f}`).filter((f) => !initial.includes(f) && f.endsWith('.js'))) {
  console.log(`  ${file.padEnd(48)} ${kb(gz(file)).padStart(10)} gzip`);
}
