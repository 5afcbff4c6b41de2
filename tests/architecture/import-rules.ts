import fs from 'node:fs';
import path from 'node:path';

/** engine/src stages in order: a folder may import only from folders before it, and only via their index.ts. */
export const STAGES = ['kernel', 'db', 'metadata', 'field-types', 'logic', 'schema', 'contracts', 'access', 'query', 'records', 'automation', 'analytics', 'transfer', 'plugin-host', 'http', 'cli'];

export interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(IMPORT)) found.push((match[1] ?? match[2]) as string);
  return found;
}

/** Checks one file's imports; `file` is relative to engine/src, e.g. `records/create-record.ts`. */
export function checkImports(file: string, source: string): Violation[] {
  const folder = file.split('/')[0] as string;
  const rank = STAGES.indexOf(folder);
  const violations: Violation[] = [];
  if (rank < 0) return [{ file, specifier: '', reason: `"${folder}" is not a stage folder of engine/src` }];
  for (const specifier of importSpecifiers(source)) {
    if (!specifier.startsWith('.')) continue;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    if (target.startsWith('..')) {
      violations.push({ file, specifier, reason: 'reaches outside engine/src' });
      continue;
    }
    const targetFolder = target.split('/')[0] as string;
    if (targetFolder === folder) continue;
    const targetRank = STAGES.indexOf(targetFolder);
    if (targetRank < 0) violations.push({ file, specifier, reason: `"${targetFolder}" is not a stage folder` });
    else if (targetRank > rank) violations.push({ file, specifier, reason: `${folder} imports from the later stage ${targetFolder}` });
    else if (target !== `${targetFolder}/index.ts`) violations.push({ file, specifier, reason: `reaches past ${targetFolder}/index.ts` });
  }
  return violations;
}

export function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__tests__') walk(full);
      } else if (entry.name.endsWith('.ts')) files.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return files.sort();
}
