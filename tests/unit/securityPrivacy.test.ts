// Privacy: the renderer may only talk to its own origin (CSP as served), no module of the app opens an outbound
// network connection (a static scan of electron/ and renderer/), and real work makes none (a run-time watch).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import net from 'node:net';
import dgram from 'node:dgram';
import dns from 'node:dns';
import { join, relative, resolve } from 'node:path';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { startHttpHost, TOKEN_HEADER, type HttpHost } from '../../electron/host/server';
import { runCli } from '../../electron/cli/cli';
import { HEADER_CSP, META_CSP } from '../../electron/host/csp';
import { tempDir } from '../helpers/tmp';

const root = resolve(__dirname, '../..');

/** Parses a CSP into directive → sources. */
function parseCsp(csp: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const part of csp.split(';').map((s) => s.trim()).filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    m.set(name!.toLowerCase(), sources);
  }
  return m;
}

/** The checks every production CSP must pass: own origin only, no eval, no inline script, nothing remote. */
function expectPrivateCsp(csp: string): void {
  const d = parseCsp(csp);
  expect(d.get('connect-src')).toEqual(["'self'"]);
  expect(d.get('default-src')).toEqual(["'self'"]);
  expect(d.get('script-src')).toEqual(["'self'"]);
  expect(d.get('object-src')).toEqual(["'none'"]);
  for (const [name, sources] of d) {
    for (const s of sources) {
      expect(s, `${name} ${s}`).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|^\*|^https?:|^wss?:|^blob:|^filesystem:/i);
      if (s === 'data:') expect(name).toBe('img-src');
    }
  }
}

describe('the CSP of the renderer', () => {
  const dir = tempDir('veldwerk-csp-');
  let backend: Backend;
  let host: HttpHost;

  beforeAll(async () => {
    const staticDir = join(dir, 'web');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1);');
    backend = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
    host = await startHttpHost({ backend, staticDir, filesRoot: dir });
  });

  afterAll(async () => {
    await host.close();
    backend.close();
  });

  function get(path: string): Promise<Record<string, string | string[] | undefined>> {
    const url = new URL(host.url);
    return new Promise((res, rej) => {
      const req = request({ host: '127.0.0.1', port: Number(url.port), path, headers: { host: url.host } }, (r) => {
        r.resume();
        r.on('end', () => res(r.headers));
      });
      req.on('error', rej);
      req.end();
    });
  }

  it('as served by the HTTP host on the page: connect-src \'self\' only, nothing remote, no eval', async () => {
    const headers = await get(`/?token=${host.token}`);
    expectPrivateCsp(String(headers['content-security-policy']));
    expect(parseCsp(String(headers['content-security-policy'])).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('the header (Electron main and HTTP host) and the meta tag of the built index.html', () => {
    expectPrivateCsp(HEADER_CSP);
    expectPrivateCsp(META_CSP);
    // Electron main sends HEADER_CSP on every response; the looser dev CSP only for `electron-vite dev`.
    expect(readFileSync(join(root, 'electron/main/security.ts'), 'utf8')).toMatch(/loc\.kind === 'dev' \? devCsp\(loc\.origin\) : HEADER_CSP/);
    expect(readFileSync(join(root, 'renderer/vite.config.ts'), 'utf8')).toContain('META_CSP');
  });
});

/** All .ts/.tsx/.js/.html source files of a folder (build output and dependencies left out). */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'out') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|tsx|js|mjs|cjs|html)$/.test(name)) out.push(p);
  }
  return out;
}

/** Code without comments, so a comment that mentions a WebSocket does not count. */
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Patterns that open (or hand the user to) an outbound connection. */
const OUTBOUND: { what: string; re: RegExp }[] = [
  { what: 'a network module (http, https, net, tls, dgram, http2, undici, ws)', re: /from\s+['"](?:node:)?(?:https?|net|tls|dgram|http2|undici|ws)(?:\/[^'"]*)?['"]|require\(\s*['"](?:node:)?(?:https?|net|tls|dgram|http2|undici|ws)['"]\s*\)/ },
  { what: 'a client request (http.request/get, net.connect, createConnection)', re: /\b(?:request|get)\s*\(\s*['"`]https?:|\bnet\.(?:connect|createConnection|request|fetch)\b|\bcreateConnection\s*\(/ },
  { what: 'fetch of an absolute URL', re: /\bfetch\s*\(\s*['"`](?!\/)[a-z][a-z0-9+.-]*:/i },
  { what: 'a WebSocket, EventSource, beacon or XMLHttpRequest', re: /\bnew\s+(?:WebSocket|EventSource|XMLHttpRequest)\b|\bsendBeacon\s*\(/ },
  { what: 'an external link or remote page', re: /\bopenExternal\s*\(|\bloadURL\s*\(\s*['"`]https?:|\bhttps?:\/\/(?!127\.0\.0\.1|localhost|www\.w3\.org\/)[a-z0-9.-]+\.[a-z]{2,}/i },
];

/** Where the listed module may be imported, and why (it serves, it never connects out). */
const ALLOWED_IMPORTS: Record<string, RegExp> = {
  'electron/host/server.ts': /^import \{ createServer, type IncomingMessage, type ServerResponse \} from 'node:http';$/m,
};

describe('no outbound network from the app', () => {
  const files = [...sources(join(root, 'electron')), ...sources(join(root, 'renderer'))];

  it('scans a real tree', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(files.some((f) => f.endsWith('electron/host/server.ts'))).toBe(true);
  });

  it('no module imports a network client, connects out, fetches an absolute URL or opens a socket', () => {
    const found: string[] = [];
    for (const f of files) {
      const rel = relative(root, f).replace(/\\/g, '/');
      let code = stripComments(readFileSync(f, 'utf8'));
      const allowed = ALLOWED_IMPORTS[rel];
      if (allowed) {
        expect(code, `${rel}: its allowed import changed; review it`).toMatch(allowed);
        code = code.replace(allowed, '');
      }
      code.split('\n').forEach((line, i) => {
        for (const o of OUTBOUND) if (o.re.test(line)) found.push(`${rel}:${i + 1}: ${o.what}: ${line.trim().slice(0, 160)}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('the HTTP host listens on 127.0.0.1 only', () => {
    const server = readFileSync(join(root, 'electron/host/server.ts'), 'utf8');
    const listens = [...server.matchAll(/\.listen\(([^)]*)\)/g)].map((m) => m[1]!);
    expect(listens.length).toBeGreaterThan(0);
    for (const l of listens) expect(l).toContain("'127.0.0.1'");
  });

  it('the HTTP host bounds request time (slow or stalled clients are cut off)', () => {
    const server = readFileSync(join(root, 'electron/host/server.ts'), 'utf8');
    const ms = (name: string): number => Number(new RegExp(`server\\.${name} = ([\\d_]+);`).exec(server)?.[1]?.replace(/_/g, '') ?? NaN);
    expect(ms('requestTimeout')).toBeGreaterThan(0);
    expect(ms('requestTimeout')).toBeLessThanOrEqual(60_000);
    expect(ms('headersTimeout')).toBeGreaterThan(0);
    expect(ms('headersTimeout')).toBeLessThanOrEqual(ms('requestTimeout'));
  });

  it('the scan catches what it should (self-test on planted lines)', () => {
    const bad = [
      "import https from 'node:https';",
      "const s = require('net');",
      "fetch('https://telemetry.example.com/x')",
      'new WebSocket(url)',
      "shell.openExternal('https://example.org')",
      'net.connect(443, host)',
      "win.loadURL('https://example.org')",
    ];
    for (const line of bad) expect(OUTBOUND.some((o) => o.re.test(line)), line).toBe(true);
    for (const ok of ["fetch('/rpc/app.info')", 'doFetch(`${base}/rpc/${c}`)', "import { join } from 'node:path';", "xmlns='http://www.w3.org/2000/svg'"]) {
      expect(OUTBOUND.some((o) => o.re.test(ok)), ok).toBe(false);
    }
  });
});

/** One outbound attempt seen by {@link watchNetwork}: a TCP connect, a UDP send, a DNS lookup or a fetch. */
interface Attempt {
  kind: 'tcp' | 'udp' | 'dns' | 'fetch';
  target: string;
}

/** Describes the target of `net.Socket.prototype.connect(...)` (options object, port + host, IPC path, or Node's normalized array). */
function connectTarget(args: unknown[]): string {
  const a0 = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (a0 && typeof a0 === 'object') {
    const o = a0 as { host?: string; port?: number | string; path?: string };
    return o.path != null ? `ipc:${o.path}` : `${o.host ?? 'localhost'}:${String(o.port)}`;
  }
  if (typeof a0 === 'number' || (typeof a0 === 'string' && /^\d+$/.test(a0))) return `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${String(a0)}`;
  return `ipc:${String(a0)}`;
}

/**
 * Records every outbound attempt of this process until restored: TCP connects (which every http/https/tls/net
 * client goes through), UDP sends, DNS lookups and fetch. The calls still go through (nothing is faked).
 */
function watchNetwork(): { attempts: Attempt[]; restore(): void } {
  const attempts: Attempt[] = [];
  const connect = net.Socket.prototype.connect;
  const send = dgram.Socket.prototype.send;
  const lookup = dns.lookup;
  const promisesLookup = dns.promises.lookup;
  const fetchFn = globalThis.fetch;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    attempts.push({ kind: 'tcp', target: connectTarget(args) });
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
  dgram.Socket.prototype.send = function (this: dgram.Socket, ...args: unknown[]) {
    attempts.push({ kind: 'udp', target: args.filter((a) => typeof a === 'string' || typeof a === 'number').join(':') });
    return (send as (...a: unknown[]) => void).apply(this, args);
  } as typeof send;
  dns.lookup = function (...args: unknown[]) {
    attempts.push({ kind: 'dns', target: String(args[0]) });
    return (lookup as (...a: unknown[]) => void).apply(dns, args);
  } as typeof dns.lookup;
  dns.promises.lookup = function (...args: unknown[]) {
    attempts.push({ kind: 'dns', target: String(args[0]) });
    return (promisesLookup as (...a: unknown[]) => Promise<unknown>).apply(dns.promises, args);
  } as typeof dns.promises.lookup;
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    attempts.push({ kind: 'fetch', target: String(input instanceof Request ? input.url : input) });
    return fetchFn(input, init);
  }) as typeof fetch;
  return {
    attempts,
    restore() {
      net.Socket.prototype.connect = connect;
      dgram.Socket.prototype.send = send;
      dns.lookup = lookup;
      dns.promises.lookup = promisesLookup;
      globalThis.fetch = fetchFn;
    },
  };
}

/** True for an attempt that stays on this machine (loopback address, localhost or a local IPC path). */
function isLocal(a: Attempt): boolean {
  if (a.target.startsWith('ipc:')) return true;
  const host = a.kind === 'fetch' ? new URL(a.target).hostname : a.target.replace(/:[^:]*$/, '');
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
}

describe('no outbound network at run time (backend, HTTP host and CLI doing real work)', () => {
  const dir = tempDir('veldwerk-offline-');
  const monitor = resolve(root, '../shared/monitor');

  it('the watcher sees a planted outbound connect, lookup and fetch (self-test)', async () => {
    const w = watchNetwork();
    try {
      const s = net.connect({ host: '192.0.2.1', port: 9 }); // TEST-NET-1: never routed
      s.on('error', () => undefined);
      s.destroy();
      await new Promise<void>((res) => dns.lookup('localhost', () => res()));
      await fetch('http://127.0.0.1:9/').catch(() => undefined);
    } finally {
      w.restore();
    }
    expect(w.attempts.filter((a) => !isLocal(a))).toEqual([{ kind: 'tcp', target: '192.0.2.1:9' }]);
    expect(w.attempts.map((a) => a.kind)).toEqual(expect.arrayContaining(['tcp', 'dns', 'fetch']));
  });

  it('create, import a questionnaire and a sample, key, clean, weight, export, back up, restore, serve over HTTP: nothing leaves the machine', async () => {
    const w = watchNetwork();
    let host: HttpHost | undefined;
    let hostPort: string | undefined;
    const backend = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
    const call = async (channel: string, input: unknown): Promise<unknown> => {
      const r = await backend.dispatch(channel, input);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.value;
    };
    try {
      const path = join(dir, 'offline.vwk');
      await call('project.create', { path, title: 'Offline' });
      await call('questionnaire.importXlsform', { path: monitor });
      const frame = join(dir, 'frame.csv');
      writeFileSync(frame, `case_id,groep,naam\n${['000018', '000026', '000034'].map((id, i) => `${id},${1 + (i % 2)},Persoon ${i}`).join('\n')}\n`);
      await call('sample.dryRun', { file: frame });
      await call('sample.importFrame', { file: frame, operator: 'tester' }).catch(() => undefined); // a check-digit refusal is fine: the point is the network
      await call('cleaning.run', { operator: 'tester', today: '2014-06-01' });
      await call('weighting.targetsFromFile', { path: join(monitor, 'population-2014.csv') });
      await call('export.run', { path: join(dir, 'export.xlsx'), csv: { path: join(dir, 'export.csv'), locale: 'nl' }, sps: { path: join(dir, 'export.sps') } });
      await call('fieldwork.exportReport', { path: join(dir, 'veldwerk.xlsx') });
      await call('questionnaire.exportXlsform', { path: join(dir, 'form.xlsx') });
      const backups = (await call('project.listBackups', {})) as { path: string }[];
      await call('project.restoreBackup', { backup: backups[0]!.path, path: join(dir, 'restored.vwk') });
      await call('project.close', {});
      const staticDir = join(dir, 'web');
      mkdirSync(staticDir, { recursive: true });
      writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
      host = await startHttpHost({ backend, staticDir, filesRoot: dir });
      const url = new URL(host.url);
      hostPort = url.port;
      const post = (channel: string, body: unknown) =>
        new Promise<number>((res, rej) => {
          const req = request({ host: '127.0.0.1', port: Number(url.port), path: `/rpc/${channel}`, method: 'POST', headers: { host: url.host, 'content-type': 'application/json', [TOKEN_HEADER]: host!.token } }, (r) => {
            r.resume();
            r.on('end', () => res(r.statusCode ?? 0));
          });
          req.on('error', rej);
          req.end(JSON.stringify(body));
        });
      expect(await post('project.open', { path })).toBe(200);
      expect(await post('case.list', { offset: 0, limit: 5 })).toBe(200);
      expect(await post('app.info', {})).toBe(200);
      await call('project.close', {});
      // The CLI, in this process: an export and a restore.
      const out = { out: () => undefined, err: () => undefined };
      expect(await runCli(['export', path, '--out', join(dir, 'cli.xlsx')], out)).toBe(0);
      expect(await runCli(['restore', backups[0]!.path, join(dir, 'cli-restored.vwk')], out)).toBe(0);
    } finally {
      await host?.close();
      backend.close();
      w.restore();
    }
    expect(w.attempts.filter((a) => !isLocal(a))).toEqual([]);
    // Only the test's own client connected (to the host on 127.0.0.1); no fetch, no UDP; the one lookup is the
    // host's own listen('127.0.0.1').
    expect(w.attempts.filter((a) => a.kind === 'fetch' || a.kind === 'udp')).toEqual([]);
    expect(w.attempts.filter((a) => a.kind === 'dns').map((a) => a.target)).toEqual(['127.0.0.1']);
    expect([...new Set(w.attempts.filter((a) => a.kind === 'tcp').map((a) => a.target))]).toEqual([`127.0.0.1:${hostPort ?? 'none'}`]);
  }, 60_000);
});
