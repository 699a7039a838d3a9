// Privacy: the renderer may only talk to its own origin (CSP as served), and no module of the app opens an
// outbound network connection (a static scan of electron/ and renderer/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, relative, resolve } from 'node:path';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { startHttpHost, type HttpHost } from '../../electron/host/server';
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
