import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { appStatic } from '../../engine/src/http/app-static.ts';

/** Serving runtime-ui/dist at /app, with a folder made here (the real build is covered by app.test.ts). */

let dir: string;
let built: string | undefined;
let app: FastifyInstance;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-app-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the web');
  app = Fastify();
  await app.register(appStatic(() => built));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the app at /app', () => {
  it('says how to build it while it is not built', async () => {
    built = undefined;
    const res = await app.inject({ url: '/app/o/deal' });
    expect([res.statusCode, res.headers['cache-control']]).toEqual([503, 'no-store']);
    expect(res.body).toContain('npm run build:ui');
    expect((await app.inject({ url: '/app/assets/app-1234.js' })).statusCode).toBe(404);
  });

  it('serves the build as soon as it exists, without a restart', async () => {
    built = dir;
    const page = await app.inject({ url: '/app/o/deal/123/edit' });
    expect([page.statusCode, page.headers['content-type'], page.headers['cache-control']]).toEqual([200, 'text/html; charset=utf-8', 'no-cache']);
    expect(page.body).toContain('<div id="root">');
    const script = await app.inject({ url: '/app/assets/app-1234.js' });
    expect([script.statusCode, script.body, script.headers['cache-control']]).toEqual([200, 'console.log(1)', 'public, max-age=31536000, immutable']);
    expect((await app.inject({ url: '/' })).headers.location).toBe('/app/');
    expect((await app.inject({ url: '/app' })).headers.location).toBe('/app/');
  });

  it('never leaves the assets folder', async () => {
    built = dir;
    expect((await app.inject({ url: '/app/assets/nope.js' })).statusCode).toBe(404);
    for (const url of ['/app/assets/..%2Fsecret.txt', '/app/assets/%2e%2e/secret.txt', '/app/assets/..%5Csecret.txt']) {
      const res = await app.inject({ url });
      // Refused, or (a dot-segment resolved by the router) the app's page — never the file beside it.
      expect(res.statusCode >= 400 || res.body.includes('<div id="root">'), `${url} → ${res.statusCode}`).toBe(true);
      expect(res.body).not.toContain('not for the web');
    }
  });
});
