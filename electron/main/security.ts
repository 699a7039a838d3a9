// App-wide hardening: deny navigation, new windows, webviews and permissions; CSP on every response.
import { app, session } from 'electron';
import { HEADER_CSP, devCsp } from '../host/csp';
import { isTrustedRendererUrl, type RendererLocation } from './senderCheck';

/**
 * Installs the Electron security checklist items that are not per-window options: every web contents
 * may not navigate away (except a reload of our renderer), open windows or attach webviews; every
 * permission request and check is denied; responses get our CSP header (the built index.html also
 * carries it as a meta tag, which covers file:// loads).
 */
export function installSecurity(loc: RendererLocation): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e, url) => {
      if (!isTrustedRendererUrl(url, loc)) e.preventDefault();
    });
    contents.on('will-redirect', (e, url) => {
      if (!isTrustedRendererUrl(url, loc)) e.preventDefault();
    });
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  const csp = loc.kind === 'dev' ? devCsp(loc.origin) : HEADER_CSP;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}
