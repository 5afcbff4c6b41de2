#!/usr/bin/env node
// Builds the designer into designer/dist with Vite (served by the engine at /designer).
//   node designer/build.mjs             build now
//   node designer/build.mjs --if-stale  build only when dist is missing or older than a source file (npm start, tests)
// It shares runtime-ui's API client, form renderer (layout previews), language switch and locale, so those sources count too.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../runtime-ui/build.mjs';

await buildCli(path.dirname(fileURLToPath(import.meta.url)), 'designer', ['../runtime-ui/src/api', '../runtime-ui/src/form', '../runtime-ui/src/i18n', '../runtime-ui/src/shell']);
