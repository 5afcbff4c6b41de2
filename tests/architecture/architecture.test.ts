import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGES, checkImports, sourceFiles } from './import-rules.ts';

const root = path.resolve(import.meta.dirname, '../../engine/src');

describe('engine/src architecture', () => {
  it('has one folder per stage, each with a README and an index.ts', () => {
    const folders = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(folders).toEqual([...STAGES].sort());
    for (const folder of STAGES) {
      expect(fs.existsSync(path.join(root, folder, 'README.md')), `${folder}/README.md`).toBe(true);
      expect(fs.existsSync(path.join(root, folder, 'index.ts')), `${folder}/index.ts`).toBe(true);
    }
  });

  it('imports only from earlier stages, and only through their index.ts', () => {
    const violations = sourceFiles(root).flatMap((file) => checkImports(file, fs.readFileSync(path.join(root, file), 'utf8')));
    expect(violations).toEqual([]);
  });

  it('catches a folder importing from a later stage', () => {
    expect(checkImports('db/x.ts', "import { createRecord } from '../records/index.ts';")).toEqual([
      { file: 'db/x.ts', specifier: '../records/index.ts', reason: 'db imports from the later stage records' },
    ]);
  });

  it('catches a reach past another folder’s index.ts, including type-only and re-exports', () => {
    expect(checkImports('records/x.ts', "import type { Knex } from '../db/knex.ts';")[0]?.reason).toBe('reaches past db/index.ts');
    expect(checkImports('http/x.ts', "export { a } from '../schema/plan.ts';")[0]?.reason).toBe('reaches past schema/index.ts');
    expect(checkImports('cli/x.ts', "const m = await import('../http/app.ts');")[0]?.reason).toBe('reaches past http/index.ts');
  });

  it('allows same-folder imports, packages and earlier indexes', () => {
    expect(checkImports('records/x.ts', "import a from './y.ts';\nimport { b } from '../db/index.ts';\nimport Fastify from 'fastify';")).toEqual([]);
  });

  it('catches imports that leave engine/src', () => {
    expect(checkImports('db/x.ts', "import { t } from '../../../tests/support/db.ts';")[0]?.reason).toBe('reaches outside engine/src');
  });
});
