// Loopback HTTP host: serves the built renderer and POST /rpc/<channel> on 127.0.0.1 with token, Host and Origin checks.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { backendApi } from '../../shared/contract/api';
import { fail, type Result } from '../../shared/contract/result';
import { HEADER_CSP } from './csp';
import { listFiles } from './filesList';

/** The part of the backend the host needs (see electron/backend/backend.ts). */
export interface DispatchingBackend {
  dispatch(channel: string, rawInput: unknown): Promise<Result<unknown>>;
}

/** Options for {@link startHttpHost}. */
export interface HttpHostOptions {
  backend: DispatchingBackend;
  /** Folder of the built renderer (index.html + assets), e.g. out/web. */
  staticDir: string;
  /** Port to bind on 127.0.0.1; 0 or undefined picks a free one. */
  port?: number;
  /** Per-run secret; by default 32 random bytes as hex. */
  token?: string;
  /** Largest accepted request body in bytes (default 16 MiB). */
  maxBodyBytes?: number;
  /** Folder the file picker starts in (default: the user's home folder). */
  filesRoot?: string;
}

/** A running host. */
export interface HttpHost {
  /** Base URL, e.g. "http://127.0.0.1:43125". */
  url: string;
  /** URL to open in a browser once: carries the token, which the host swaps for a same-site cookie. */
  launchUrl: string;
  token: string;
  close(): Promise<void>;
}

/** Header every /rpc request must carry with the per-run token. */
export const TOKEN_HEADER = 'x-veldwerk-token';
/** Cookie that lets a browser that opened `launchUrl` reload the page without the token in the URL. */
export const SESSION_COOKIE = 'veldwerk_session';
/** Default body limit: 16 MiB. */
export const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

class HttpFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra });
  res.end(text);
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** Reads the request body up to `limit` bytes; throws HttpFailure(413) beyond it. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new HttpFailure(413, 'Request body too large'));
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpFailure(413, 'Request body too large'));
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts the loopback host. Binds 127.0.0.1 only; every request must name this host in its Host
 * header (127.0.0.1:<port> or localhost:<port>, a DNS-rebinding guard) and, if it sends an Origin,
 * come from the same origin. `POST /rpc/<channel>` additionally needs the `x-veldwerk-token` header.
 * Backend channels go to `backend.dispatch`; `files.list` is answered here; dialog.* and unknown
 * channels get 404 with an UNKNOWN_CHANNEL envelope. Static files come from `staticDir`; index.html
 * is only served with the token (in `?token=` or the session cookie) and carries it in a meta tag.
 * @returns the running host; `close()` stops listening and drops open connections
 */
export async function startHttpHost(opts: HttpHostOptions): Promise<HttpHost> {
  const token = opts.token ?? randomBytes(32).toString('hex');
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const staticRoot = resolve(opts.staticDir);
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  async function handleRpc(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      sendJson(res, 405, fail('INVALID_INPUT', 'Use POST for /rpc'));
      return;
    }
    const given = req.headers[TOKEN_HEADER];
    if (typeof given !== 'string' || given === '') {
      sendText(res, 401, 'Missing token');
      return;
    }
    if (!safeEqual(given, token)) {
      sendText(res, 403, 'Wrong token');
      return;
    }
    const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      sendJson(res, 415, fail('INVALID_INPUT', 'Content-Type must be application/json'));
      return;
    }
    const body = await readBody(req, maxBody);
    let input: unknown = {};
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        sendJson(res, 400, fail('INVALID_INPUT', 'Request body is not valid JSON'));
        return;
      }
    }
    if (Object.prototype.hasOwnProperty.call(backendApi, channel)) {
      sendJson(res, 200, await opts.backend.dispatch(channel, input));
    } else if (channel === 'files.list') {
      sendJson(res, 200, await listFiles(input, opts.filesRoot));
    } else {
      sendJson(res, 404, fail('UNKNOWN_CHANNEL', `Unknown channel: ${channel.slice(0, 100)}`));
    }
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendText(res, 405, 'Method not allowed');
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      sendText(res, 400, 'Bad path');
      return;
    }
    if (pathname === '/' || pathname === '/index.html') {
      await serveIndex(req, res, url);
      return;
    }
    const file = resolve(staticRoot, `.${pathname}`);
    if (!file.startsWith(staticRoot + sep) || pathname.includes('\0')) {
      sendText(res, 404, 'Not found');
      return;
    }
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) {
      sendText(res, 404, 'Not found');
      return;
    }
    const data = await readFile(file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': data.length,
      'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  async function serveIndex(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const fromQuery = url.searchParams.get('token');
    const fromCookie = readCookie(req, SESSION_COOKIE);
    const authorised = (fromQuery !== null && safeEqual(fromQuery, token)) || (fromCookie !== undefined && safeEqual(fromCookie, token));
    if (!authorised) {
      sendText(res, 401, 'Veldwerk: open the address printed by `npm run start:web` (it carries the access token).');
      return;
    }
    const html = await readFile(join(staticRoot, 'index.html'), 'utf8').catch(() => null);
    if (html === null) {
      sendText(res, 500, `Renderer not built: ${join(staticRoot, 'index.html')} is missing (run npm run build:web).`);
      return;
    }
    const page = html.replace(/<head>/i, `<head>\n    <meta name="veldwerk-token" content="${token}" />`);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': HEADER_CSP,
      'cache-control': 'no-store',
      'set-cookie': `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    res.end(req.method === 'HEAD' ? undefined : page);
  }

  const server = createServer((req, res) => {
    void (async () => {
      const host = req.headers.host ?? '';
      if (!allowedHosts().has(host.toLowerCase())) {
        sendText(res, 421, 'Misdirected request: unexpected Host header');
        return;
      }
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${host.toLowerCase()}`) {
        sendText(res, 403, 'Cross-origin request refused');
        return;
      }
      if (req.headers['sec-fetch-site'] === 'cross-site') {
        sendText(res, 403, 'Cross-site request refused');
        return;
      }
      const url = new URL(req.url ?? '/', `http://${host}`);
      const rpc = /^\/rpc\/([^/]+)$/.exec(url.pathname);
      try {
        if (rpc?.[1] !== undefined) await handleRpc(req, res, decodeURIComponent(rpc[1]));
        else if (url.pathname.startsWith('/rpc')) sendJson(res, 404, fail('UNKNOWN_CHANNEL', 'No channel given'));
        else await handleStatic(req, res, url);
      } catch (e) {
        if (res.headersSent) {
          res.destroy();
        } else if (e instanceof HttpFailure) {
          res.setHeader('connection', 'close');
          sendJson(res, e.status, fail('INVALID_INPUT', e.message));
        } else {
          console.error('[veldwerk host] request failed:', e);
          sendJson(res, 500, fail('INTERNAL', 'Internal host error'));
        }
      }
    })();
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 50;

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('HTTP host has no TCP address');
  port = address.port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    launchUrl: `${url}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
