// E2E harness: a real backend + loopback HTTP host on a temp app-data folder, and Debian's Chromium via playwright-core.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createBackend, type Backend } from '../../../electron/backend/backend';
import { startHttpHost, type HttpHost } from '../../../electron/host/server';

/** Everything one e2e test file needs, torn down by {@link Harness.close}. */
export interface Harness {
  dir: string;
  projectsDir: string;
  backend: Backend;
  host: HttpHost;
  browser: Browser;
  page: Page;
  screenshotDir: string;
  close(): Promise<void>;
}

/** Repository root (tests/e2e/support → ../../..). */
export const repoRoot = resolve(__dirname, '../../..');

/** Chromium launch arguments for a sandbox-less CI container with no network use. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Starts backend, host and browser. The renderer must be built to out/web (`npm run build:web`,
 * which `npm run test:e2e` does first). Screenshots go to test-results/e2e/.
 * `close()` throws if the page logged errors or threw during the run.
 */
export async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'veldwerk-e2e-'));
  const projectsDir = join(dir, 'projects');
  mkdirSync(projectsDir, { recursive: true });
  const backend = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'e2e' });
  const host = await startHttpHost({ backend, staticDir: join(repoRoot, 'out', 'web'), filesRoot: dir });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'nl-NL', deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const screenshotDir = join(repoRoot, 'test-results', 'e2e');
  mkdirSync(screenshotDir, { recursive: true });
  return {
    dir,
    projectsDir,
    backend,
    host,
    browser,
    page,
    screenshotDir,
    async close() {
      await browser.close().catch(() => undefined);
      await host.close();
      backend.close();
      rmSync(dir, { recursive: true, force: true });
      if (errors.length > 0) throw new Error(`Browser errors during the test:\n${errors.join('\n')}`);
    },
  };
}
