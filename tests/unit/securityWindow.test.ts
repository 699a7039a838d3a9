// Static checks of the Electron hardening in electron/main/ (the Electron binary is not available to run it):
// window options, navigation, new windows, webviews, permissions and CSP. Complements electronegativity.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const mainDir = resolve(__dirname, '../../electron/main');
const read = (f: string): string => readFileSync(join(mainDir, f), 'utf8');
const allMain = readdirSync(mainDir).filter((f) => f.endsWith('.ts')).map((f) => ({ f, code: read(f) }));

/** The object literal passed as `webPreferences` in window.ts. */
function webPreferences(): string {
  const code = read('window.ts');
  const m = /webPreferences:\s*\{([\s\S]*?)\n\s{4}\}/.exec(code);
  if (!m) throw new Error('no webPreferences block in window.ts');
  return m[1]!;
}

describe('the main window', () => {
  it('is isolated, sandboxed, without Node and with web security on', () => {
    const wp = webPreferences();
    for (const setting of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'nodeIntegrationInWorker: false', 'nodeIntegrationInSubFrames: false', 'webSecurity: true', 'allowRunningInsecureContent: false', 'webviewTag: false', 'navigateOnDragDrop: false']) {
      expect(wp, setting).toContain(setting);
    }
    expect(wp).toMatch(/disableBlinkFeatures: 'Auxclick'/);
    expect(wp).not.toMatch(/experimentalFeatures:\s*true|enableBlinkFeatures|enableRemoteModule/);
  });

  it('no BrowserWindow anywhere weakens these settings', () => {
    for (const { f, code } of allMain) {
      expect(code, f).not.toMatch(/contextIsolation:\s*false|sandbox:\s*false|nodeIntegration(?:InWorker|InSubFrames)?:\s*true|webSecurity:\s*false|allowRunningInsecureContent:\s*true|webviewTag:\s*true/);
      expect(code, f).not.toMatch(/app\.commandLine\.appendSwitch\(\s*['"](?:disable-web-security|no-sandbox|ignore-certificate-errors)/);
    }
    expect(allMain.filter(({ code }) => /new BrowserWindow\(/.test(code)).map(({ f }) => f)).toEqual(['window.ts']);
  });
});

describe('app-wide hardening (security.ts)', () => {
  const code = read('security.ts');

  it('denies navigation away, redirects, webviews and new windows for every web contents', () => {
    expect(code).toMatch(/app\.on\('web-contents-created'/);
    expect(code).toMatch(/contents\.on\('will-navigate', \(e, url\) => \{\s*if \(!isTrustedRendererUrl\(url, loc\)\) e\.preventDefault\(\);/);
    expect(code).toMatch(/contents\.on\('will-redirect', \(e, url\) => \{\s*if \(!isTrustedRendererUrl\(url, loc\)\) e\.preventDefault\(\);/);
    expect(code).toMatch(/contents\.on\('will-attach-webview', \(e\) => e\.preventDefault\(\)\)/);
    expect(code).toMatch(/contents\.setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
  });

  it('denies every permission request, check and device', () => {
    expect(code).toMatch(/setPermissionRequestHandler\(\(_wc, _permission, callback\) => callback\(false\)\)/);
    expect(code).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
    expect(code).toMatch(/setDevicePermissionHandler\(\(\) => false\)/);
  });

  it('sets the CSP header on every response; the production CSP has no unsafe-eval', () => {
    expect(code).toMatch(/webRequest\.onHeadersReceived/);
    expect(code).toMatch(/'Content-Security-Policy': \[csp\]/);
  });

  it('is installed before any window is created', () => {
    const index = read('index.ts');
    const install = index.indexOf('installSecurity(');
    const create = index.indexOf('createMainWindow(');
    expect(install).toBeGreaterThan(-1);
    expect(create).toBeGreaterThan(-1);
    expect(install).toBeLessThan(create);
  });
});
