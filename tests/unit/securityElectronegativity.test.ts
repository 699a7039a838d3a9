// Electronegativity (Doyensec's Electron security scanner) over electron/ and renderer/: no high or medium finding
// except the exceptions documented in SECURITY.md; a planted insecure window proves the scanner really ran.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { tempDir } from '../helpers/tmp';

const root = resolve(__dirname, '../..');
/** The Electron major the app ships with (package.json devDependencies.electron); the scanner's defaults depend on it. */
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron!.replace(/^[^\d]*/, '');

/** Findings accepted on purpose, each with its reason in SECURITY.md ("Electronegativity exceptions"). */
const EXCEPTIONS: Record<string, string> = {
  PRELOAD_JS_CHECK: 'electron/main/window.ts',
};

interface Finding {
  id: string;
  file: string;
  severity: { name: string; value: number };
  confidence: { name: string };
  description: string;
  location: { line: number; column: number };
}
interface ScanResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Finding[];
}
type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<ScanResult>;

/**
 * Loads the scanner with its HTTP client replaced by one that always fails: it would otherwise fetch
 * translations and Electron's release list, and this test (like the app) makes no network requests.
 */
function loadScanner(): Run {
  const req = createRequire(join(root, 'node_modules/@doyensec/electronegativity/dist/runner.js'));
  const gotPath = req.resolve('got');
  const offline = Object.assign(() => Promise.reject(new Error('offline')), { head: () => Promise.reject(new Error('offline')) });
  req.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) } as unknown as NodeJS.Module;
  return req('@doyensec/electronegativity') as Run;
}

const CANARY = `// Planted insecure window: the scan must flag it (modern syntax on purpose).
import { BrowserWindow } from 'electron';
const size = { width: 10 } satisfies Record<string, number>;
export const w = new BrowserWindow({ ...size, webPreferences: { contextIsolation: false, sandbox: false, nodeIntegration: true, webSecurity: false } });
`;

describe('electronegativity over electron/ and renderer/', () => {
  it('no high or medium finding but the documented exceptions; every file parsed; the canary flagged', async () => {
    const scan = tempDir('veldwerk-eng-');
    cpSync(join(root, 'electron'), join(scan, 'electron'), { recursive: true });
    cpSync(join(root, 'renderer'), join(scan, 'renderer'), { recursive: true, filter: (src) => !/[\\/](dist|node_modules)([\\/]|$)/.test(src.slice(root.length)) });
    mkdirSync(join(scan, 'zz-canary'));
    writeFileSync(join(scan, 'zz-canary', 'window.ts'), CANARY);
    const run = loadScanner();
    const log = console.log;
    console.log = () => undefined; // the scanner prints "could not retrieve translations"
    let r: ScanResult;
    try {
      r = await run({ input: scan, isRelative: true, customScan: [], excludeFromScan: ['availablesecurityfixesglobalcheck'], electronVersionOverride: ELECTRON_VERSION, parserPlugins: [] }, false);
    } finally {
      console.log = log;
    }
    expect(r.errors.filter((e) => !e.tolerable), 'files the scanner could not parse hide findings').toEqual([]);
    expect(r.atomicChecks).toBeGreaterThan(20);
    expect(r.globalChecks).toBeGreaterThan(2);
    const canary = new Set(r.issues.filter((i) => i.file.startsWith('zz-canary')).map((i) => i.id));
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']) expect(canary, `canary not flagged: ${id}`).toContain(id);
    const serious = r.issues
      .filter((i) => !i.file.startsWith('zz-canary') && i.severity.value >= 2)
      .filter((i) => EXCEPTIONS[i.id] !== i.file)
      .map((i) => `${i.id} ${i.severity.name} ${i.file}:${i.location.line} ${i.description}`);
    expect(serious).toEqual([]);
  }, 60_000);

  it('every exception is documented with its reason in SECURITY.md', () => {
    const doc = readFileSync(join(root, 'SECURITY.md'), 'utf8');
    for (const id of Object.keys(EXCEPTIONS)) expect(doc).toContain(id);
  });
});
