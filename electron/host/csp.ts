// The Content-Security-Policy of the renderer, shared by the HTTP host, Electron main and the renderer build.

/** Directives that apply in every host (no inline or eval'd script; data only from our own origin). */
const BASE_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** CSP for the `<meta http-equiv>` tag of the built index.html (frame-ancestors is not allowed in a meta tag). */
export const META_CSP = BASE_DIRECTIVES.join('; ');

/** CSP for the HTTP response header (adds frame-ancestors so no other page can frame the UI). */
export const HEADER_CSP = [...BASE_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/**
 * Looser CSP for `electron-vite dev` only: the Vite dev server injects an inline React-refresh
 * preamble and talks to the page over a WebSocket. Never used for a built app.
 * @param devOrigin origin of the dev server, e.g. "http://localhost:5173"
 */
export function devCsp(devOrigin: string): string {
  const ws = devOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline' ${devOrigin}`,
    `style-src 'self' 'unsafe-inline' ${devOrigin}`,
    "img-src 'self' data:",
    `connect-src 'self' ${devOrigin} ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}
