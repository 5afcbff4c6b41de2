import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { appStatic, designerStatic } from '../../engine/src/http/app-static.ts';

/** The designer at /designer beside the app at /app: one serving function, two folders (the real build is covered by designer.test.ts). */

let designerDir: string;
let appDir: string;
let designerBuilt: string | undefined;
let app: FastifyInstance;

function fakeBuild(marker: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-designer-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><div id="root">${marker}</div>`);
  fs.writeFileSync(path.join(dir, 'assets', `${marker}-1234.js`), `console.log("${marker}")`);
  return dir;
}

beforeAll(async () => {
  designerDir = fakeBuild('designer');
  appDir = fakeBuild('app');
  app = Fastify();
  await app.register(appStatic(() => appDir));
  await app.register(designerStatic(() => designerBuilt));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  for (const dir of [designerDir, appDir]) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the designer at /designer', () => {
  it('says how to build it while it is not built, while /app keeps working', async () => {
    designerBuilt = undefined;
    const res = await app.inject({ url: '/designer/o/lead' });
    expect([res.statusCode, res.headers['cache-control']]).toEqual([503, 'no-store']);
    expect(res.body).toContain('npm run build:designer');
    expect((await app.inject({ url: '/app/o/lead' })).body).toContain('>app<');
  });

  it('serves its own build: pages to its router, assets cached, nothing of the other app', async () => {
    designerBuilt = designerDir;
    expect((await app.inject({ url: '/designer' })).headers.location).toBe('/designer/');
    const page = await app.inject({ url: '/designer/er' });
    expect([page.statusCode, page.headers['cache-control']]).toEqual([200, 'no-cache']);
    expect(page.body).toContain('>designer<');
    const script = await app.inject({ url: '/designer/assets/designer-1234.js' });
    expect([script.statusCode, script.headers['cache-control']]).toEqual([200, 'public, max-age=31536000, immutable']);
    expect((await app.inject({ url: '/designer/assets/app-1234.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/' })).headers.location).toBe('/app/');
  });
});
