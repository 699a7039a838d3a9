// Pure sender check for IPC: is this message from our own renderer's top frame? (Unit-tested; no Electron import.)
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

/** Where the trusted renderer is loaded from: the built index.html, or the electron-vite dev server. */
export type RendererLocation = { kind: 'file'; indexFile: string } | { kind: 'dev'; origin: string };

/** What main knows about the frame that sent an IPC message. */
export interface SenderInfo {
  /** `event.senderFrame?.url`; undefined when the frame is gone. */
  frameUrl: string | undefined;
  /** True when the sender is a top-level frame (no parent), not an iframe. */
  isTopFrame: boolean;
}

/**
 * Decides where the renderer comes from. The dev server URL (`ELECTRON_RENDERER_URL`) is honoured only
 * when the app is not packaged; a packaged app always loads its own index.html.
 * @throws Error when the dev URL is not http(s) on localhost/127.0.0.1
 */
export function rendererLocation(opts: { isPackaged: boolean; devServerUrl: string | undefined; indexFile: string }): RendererLocation {
  if (!opts.isPackaged && opts.devServerUrl) {
    const u = new URL(opts.devServerUrl);
    if (!/^https?:$/.test(u.protocol) || !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) {
      throw new Error(`Refusing a non-local renderer dev server: ${opts.devServerUrl}`);
    }
    return { kind: 'dev', origin: u.origin };
  }
  return { kind: 'file', indexFile: resolve(opts.indexFile) };
}

/** The URL a BrowserWindow should load for a renderer location. */
export function rendererUrl(loc: RendererLocation): string {
  return loc.kind === 'dev' ? `${loc.origin}/` : pathToFileURL(loc.indexFile).href;
}

/**
 * True if `url` is our renderer: for a built app exactly our index.html as a file: URL (query and hash
 * ignored); in dev exactly the dev server's origin. Anything unparsable is refused.
 */
export function isTrustedRendererUrl(url: string | undefined, loc: RendererLocation): boolean {
  if (!url) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (loc.kind === 'dev') return u.origin === loc.origin && u.username === '' && u.password === '';
  if (u.protocol !== 'file:' || (u.host !== '' && u.host !== 'localhost')) return false;
  const expected = new URL(pathToFileURL(loc.indexFile).href);
  return u.pathname === expected.pathname;
}

/** True if an IPC message may be handled: it comes from a live top-level frame showing our renderer. */
export function isTrustedSender(sender: SenderInfo, loc: RendererLocation): boolean {
  return sender.isTopFrame && isTrustedRendererUrl(sender.frameUrl, loc);
}
