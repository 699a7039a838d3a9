// Loopback HTTP host: token, Host and Origin guards, body limit, static serving and the envelope, on a real backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { startHttpHost, SESSION_COOKIE, TOKEN_HEADER, type HttpHost } from '../../electron/host/server';
import { tempDir } from '../helpers/tmp';

const dir = tempDir('veldwerk-host-');
let backend: Backend;
let host: HttpHost;
let port: number;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP request so Host and Origin can be set freely (fetch forbids changing Host). */
function send(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

function rpc(channel: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send({
    method: 'POST',
    path: `/rpc/${channel}`,
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token, ...headers },
    body: JSON.stringify(input),
  });
}

beforeAll(async () => {
  const staticDir = join(dir, 'web');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  mkdirSync(join(dir, 'projects', 'sub'), { recursive: true });
  backend = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
  host = await startHttpHost({ backend, staticDir, filesRoot: join(dir, 'projects') });
  port = Number(new URL(host.url).port);
});

afterAll(async () => {
  await host.close();
  backend.close();
});

describe('HTTP host', () => {
  it('binds 127.0.0.1 and issues a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses /rpc without a token (401) or with a wrong one (403)', async () => {
    const none = await send({ method: 'POST', path: '/rpc/app.info', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    const wrong = await rpc('app.info', {}, { [TOKEN_HEADER]: 'x'.repeat(64) });
    expect(wrong.status).toBe(403);
  });

  it('refuses a foreign Host header (DNS-rebinding guard), also for static files', async () => {
    expect((await rpc('app.info', {}, { host: `evil.example:${port}` })).status).toBe(421);
    expect((await send({ path: `/?token=${host.token}`, headers: { host: 'evil.example' } })).status).toBe(421);
    expect((await rpc('app.info', {}, { host: `127.0.0.1:${port + 1}` })).status).toBe(421);
  });

  it('accepts localhost:<port> as Host', async () => {
    const r = await rpc('app.info', {}, { host: `localhost:${port}` });
    expect(r.status).toBe(200);
  });

  it('refuses a foreign Origin and a cross-site fetch', async () => {
    expect((await rpc('app.info', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await rpc('app.info', {}, { origin: `http://localhost:${port}` })).status).toBe(403);
    expect((await rpc('app.info', {}, { origin: 'null' })).status).toBe(403);
    expect((await rpc('app.info', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await rpc('app.info', {}, { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
  });

  it('refuses an oversized body with 413 (declared or streamed)', async () => {
    const big = Buffer.alloc(16 * 1024 * 1024 + 10, 0x20);
    const declared = await send({ method: 'POST', path: '/rpc/app.info', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token }, body: big });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses non-JSON content types and bad JSON', async () => {
    const form = await rpc('app.info', {}, { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
    const bad = await send({ method: 'POST', path: '/rpc/app.info', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token }, body: '{nope' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('answers a good request with the backend envelope', async () => {
    const r = await rpc('app.info', {});
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body) as { ok: boolean; value: { schemaVersion: number } };
    expect(body.ok).toBe(true);
    expect(typeof body.value.schemaVersion).toBe('number');
    const current = JSON.parse((await rpc('project.current', {})).body) as unknown;
    expect(current).toEqual({ ok: true, value: null });
  });

  it('passes validation errors through as INVALID_INPUT envelopes', async () => {
    const r = await rpc('project.open', { path: 42 });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('creates and reports a project through /rpc', async () => {
    const path = join(dir, 'projects', 'p.vwk');
    const created = JSON.parse((await rpc('project.create', { path, title: 'Host test' })).body) as { ok: boolean; value: { title: string } };
    expect(created).toMatchObject({ ok: true, value: { title: 'Host test', path } });
    const list = JSON.parse((await rpc('case.list', {})).body) as unknown;
    expect(list).toEqual({ ok: true, value: { total: 0, rows: [] } });
  });

  it('answers files.list itself with folders and .vwk files only', async () => {
    writeFileSync(join(dir, 'projects', 'notes.txt'), 'x');
    const r = JSON.parse((await rpc('files.list', {})).body) as { ok: boolean; value: { dir: string; entries: { name: string; kind: string }[] } };
    expect(r.ok).toBe(true);
    expect(r.value.dir).toBe(join(dir, 'projects'));
    const names = r.value.entries.map((e) => `${e.kind}:${e.name}`);
    expect(names).toContain('dir:sub');
    expect(names).toContain('project:p.vwk');
    expect(names).not.toContain('project:notes.txt');
    const missing = JSON.parse((await rpc('files.list', { dir: join(dir, 'nope') })).body) as unknown;
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers unknown and dialog channels with 404 UNKNOWN_CHANNEL', async () => {
    for (const ch of ['no.such', 'dialog.openProject']) {
      const r = await rpc(ch, {});
      expect(r.status).toBe(404);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });

  it('refuses GET on /rpc', async () => {
    expect((await send({ path: '/rpc/app.info', headers: { [TOKEN_HEADER]: host.token } })).status).toBe(405);
  });

  it('serves index.html only with the token, with CSP, the token meta tag and a session cookie', async () => {
    expect((await send({ path: '/' })).status).toBe(401);
    const r = await send({ path: `/?token=${host.token}` });
    expect(r.status).toBe(200);
    expect(r.body).toContain(`<meta name="veldwerk-token" content="${host.token}"`);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const again = await send({ path: '/', headers: { cookie: `${SESSION_COOKIE}=${host.token}` } });
    expect(again.status).toBe(200);
  });

  it('serves assets but never files outside the static folder', async () => {
    const js = await send({ path: '/assets/app.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect((await send({ path: '/../secret.txt' })).status).toBe(404);
    expect((await send({ path: '/%2e%2e/secret.txt' })).status).toBe(404);
    expect((await send({ path: '/assets/..%2f..%2fsecret.txt' })).status).toBe(404);
  });
});
