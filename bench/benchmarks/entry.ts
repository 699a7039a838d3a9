// Benchmark: field commit latency through the backend (SQLite, synchronous=FULL) and keystroke-to-next-field in Chromium.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { startHttpHost } from '../../electron/host/server';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import { entryMonitorQuestionnaire } from '../../tests/integration/entryFixture';
import type { Benchmark, Figure } from '../types';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** As tests/e2e/support/harness.ts: a sandbox-less container, no network use. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const FIELDS = ['ag_verbaal', 'ag_bedreig', 'ag_fysiek', 'ag_discrim', 'ag_seks', 'ag_schade', 'ag_online', 'ag_thuis', 'verm_moeilijk', 'verm_invloed', 'veiligheid', 'geslacht'];

async function call(b: Backend, channel: string, input: unknown): Promise<unknown> {
  const r = await b.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value;
}

function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

export const benchmark: Benchmark = {
  name: 'entry',
  description: 'Entry: entry.saveField through dispatch (one transaction + audit row per field) and keystroke → next field in Chromium',
  async run({ workDir, quick }) {
    const figures: Figure[] = [];
    const b = createBackend({ appDataDir: join(workDir, 'app'), hostLabel: 'bench' });
    try {
      await call(b, 'project.create', { path: join(workDir, 'entry.vwk'), title: 'bench' });
      storeQuestionnaire(b.session.project!.db, await entryMonitorQuestionnaire(), 'bench');
      const forms = quick ? 20 : 100;
      const samples: number[] = [];
      for (let f = 1; f <= forms; f++) {
        const caseId = formatCaseId(f, DEFAULT_CASE_ID_FORMAT);
        await call(b, 'entry.openCase', { operator: 'bench', caseId });
        await call(b, 'entry.saveField', { operator: 'bench', caseId, variable: 'toestemming', value: '1' });
        for (const v of FIELDS) {
          const t0 = performance.now();
          await call(b, 'entry.saveField', { operator: 'bench', caseId, variable: v, value: String(1 + (f % 2)) });
          samples.push(performance.now() - t0);
        }
      }
      figures.push({ name: 'field commit (dispatch → durable)', unit: 'ms', samples, note: `p99 ${pct(samples, 99).toFixed(2)} ms over ${samples.length} commits; goal median < 2 ms` });

      const staticDir = join(repoRoot, 'out', 'web');
      const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
      if (!existsSync(join(staticDir, 'index.html')) || !existsSync(chromiumPath)) {
        figures.push({ name: 'keystroke → next field (Chromium)', unit: 'ms', samples: [], note: 'skipped: build the renderer (npm run build:web) and install chromium' });
        return figures;
      }
      const host = await startHttpHost({ backend: b, staticDir, filesRoot: workDir });
      const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
      try {
        mkdirSync(join(workDir, 'shots'), { recursive: true });
        const page = await (await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'nl-NL' })).newPage();
        await page.goto(host.launchUrl);
        await page.getByRole('navigation').waitFor();
        await page.keyboard.press('Alt+3');
        await page.getByLabel('Invoerder').waitFor();
        await page.getByLabel('Invoerder').fill('bench');
        const keyed: number[] = [];
        const rounds = quick ? 3 : 10;
        for (let r = 0; r < rounds; r++) {
          const caseId = formatCaseId(1000 + r, DEFAULT_CASE_ID_FORMAT);
          await page.getByLabel('Case-ID').fill(caseId);
          await page.getByLabel('Case-ID').press('Enter');
          await page.waitForFunction(() => document.activeElement?.id === 'entry-toestemming');
          await page.keyboard.type('11');
          await page.waitForFunction(() => document.activeElement?.id === 'entry-functie');
          await page.keyboard.type('12');
          await page.keyboard.type('3');
          await page.waitForFunction(() => document.activeElement?.id === 'entry-jaren_functie');
          await page.keyboard.type('10');
          await page.waitForFunction(() => document.activeElement?.id === 'entry-ag_verbaal');
          // In-page: time from the keydown of a one-digit code to focus on the next field (auto-advance, routing, checks, render).
          await page.evaluate(() => {
            const w = window as unknown as { __k: number[]; __t: number };
            w.__k = [];
            w.__t = 0;
            document.addEventListener('keydown', () => (w.__t = performance.now()), { capture: true });
            document.addEventListener('focusin', () => {
              if (w.__t > 0) w.__k.push(performance.now() - w.__t);
              w.__t = 0;
            }, { capture: true });
          });
          for (let i = 0; i < 8; i++) await page.keyboard.type('1');
          await page.waitForFunction(() => document.activeElement?.id === 'entry-verm_moeilijk');
          keyed.push(...(await page.evaluate(() => (window as unknown as { __k: number[] }).__k)));
          await page.keyboard.press('F10');
          await page.getByRole('region', { name: 'Samenvatting' }).waitFor();
          await page.keyboard.press('Enter');
          await page.getByLabel('Case-ID').waitFor();
        }
        figures.push({ name: 'keystroke → next field (Chromium)', unit: 'ms', samples: keyed, note: `p95 ${pct(keyed, 95).toFixed(2)} ms over ${keyed.length} keystrokes; goal p95 < 16 ms` });
      } finally {
        await browser.close();
        await host.close();
      }
    } finally {
      b.close();
    }
    return figures;
  },
};
