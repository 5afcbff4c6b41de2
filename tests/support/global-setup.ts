import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase, type DatabaseHandle } from '../../engine/src/db/index.ts';
import { silentLogger } from '../../engine/src/kernel/index.ts';

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
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-test-'));
  handle = await openDatabase({ databaseUrl: undefined, dataDir: dir, logger: silentLogger });
  project.provide('databaseUrl', handle.url);
}

export async function teardown(): Promise<void> {
  await handle?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
