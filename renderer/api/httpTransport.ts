// Transport over the loopback HTTP host: POST /rpc/<channel> with the per-run token header.
import type { Transport } from './transport';
import { ERROR_CODES, fail, type Result } from '../../shared/contract/result';
import { requestPick } from './pagePicker';

/** Name of the header the HTTP host requires on every /rpc request. */
export const TOKEN_HEADER = 'x-veldwerk-token';

/** Reads the per-run token the host wrote into index.html (`<meta name="veldwerk-token">`). */
export function readPageToken(doc: Document = document): string {
  return doc.querySelector('meta[name="veldwerk-token"]')?.getAttribute('content') ?? '';
}

function isResult(x: unknown): x is Result<unknown> {
  if (typeof x !== 'object' || x === null || !('ok' in x)) return false;
  const r = x as { ok: unknown; error?: unknown };
  if (r.ok === true) return 'value' in x;
  if (r.ok !== false || typeof r.error !== 'object' || r.error === null) return false;
  const e = r.error as { code?: unknown; message?: unknown };
  return typeof e.message === 'string' && (ERROR_CODES as readonly unknown[]).includes(e.code);
}

/**
 * Creates a transport that posts JSON to `${baseUrl}/rpc/<channel>`. The dialog.* channels are
 * answered in the page by the file picker (see pagePicker.ts) instead of by the host.
 */
export function createHttpTransport(opts: { token: string; baseUrl?: string; fetchFn?: typeof fetch }): Transport {
  const base = opts.baseUrl ?? '';
  const doFetch = opts.fetchFn ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  return {
    kind: 'http',
    async call(channel, input) {
      if (channel === 'dialog.openProject') return { ok: true, value: { path: await requestPick('open') } };
      if (channel === 'dialog.saveProject') {
        const name = (input as { defaultName?: unknown } | null)?.defaultName;
        return { ok: true, value: { path: await requestPick('save', typeof name === 'string' ? name : undefined) } };
      }
      if (channel === 'dialog.openFile' || channel === 'dialog.saveFile') {
        const o = (input ?? {}) as { title?: unknown; defaultName?: unknown; extensions?: unknown; folder?: unknown };
        const options = {
          extensions: Array.isArray(o.extensions) ? o.extensions.filter((e): e is string => typeof e === 'string') : [],
          folder: channel === 'dialog.openFile' && o.folder === true,
          ...(typeof o.title === 'string' ? { title: o.title } : {}),
        };
        const mode = channel === 'dialog.openFile' ? 'open' : 'save';
        return { ok: true, value: { path: await requestPick(mode, typeof o.defaultName === 'string' ? o.defaultName : undefined, options) } };
      }
      const res = await doFetch(`${base}/rpc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: opts.token },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
        cache: 'no-store',
      });
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        return fail('INTERNAL', `The host answered ${res.status} without a valid envelope`);
      }
      return isResult(body) ? body : fail('INTERNAL', `The host answered ${res.status} without a valid envelope`);
    },
  };
}
