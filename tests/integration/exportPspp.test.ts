// PSPP reads the exported CSV through the generated .sps (Dutch and international profiles) and shows the labels.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openProjectReadOnly } from '../../electron/backend/db/open';
import { runExport } from '../../electron/backend/export/runExport';
import { tempDir } from '../helpers/tmp';
import { createFixtureProject } from './exportFixture';

const havePspp = spawnSync('pspp', ['--version'], { encoding: 'utf8' }).status === 0;
if (!havePspp) console.warn('exportPspp.test.ts: skipped — pspp is not installed (apt-get install -y pspp)');

describe.skipIf(!havePspp)('PSPP reads the CSV through the .sps', () => {
  const dir = tempDir('veldwerk-pspp-');
  const project = join(dir, 'p.vwk');
  const { cases } = createFixtureProject(project, 300);
  const exported = cases.filter((c) => c.status !== 'excluded');

  for (const locale of ['nl', 'intl'] as const) {
    it(`locale ${locale}: every case read, labels, missing values, levels, weights to full precision`, async () => {
      const p = openProjectReadOnly(project);
      const csv = join(dir, `d-${locale}.csv`);
      const sps = join(dir, `d-${locale}.sps`);
      try {
        await runExport(p, { out: join(dir, `d-${locale}.xlsx`), weight: 'gewicht', csv: { path: csv, locale }, sps: { path: sps } });
      } finally {
        p.close();
      }
      const run = join(dir, `run-${locale}.sps`);
      writeFileSync(run, `${readFileSync(sps, 'utf8')}DISPLAY DICTIONARY.\nFREQUENCIES geslacht kanaal_3.\nSET DECIMAL=DOT.\nFORMATS gewicht (F20.16).\nLIST case_id gewicht datum /CASES=FROM 1 TO 3.\nSHOW N.\n`);
      const res = spawnSync('pspp', [run, '-O', 'format=txt', '-O', 'width=200'], { encoding: 'utf8', cwd: dir });
      const out = `${res.stdout}\n${res.stderr}`;
      expect(res.status, out).toBe(0);
      expect(out).not.toMatch(/error|warning/i);
      expect(out).toContain(`N is ${exported.length}.`);
      expect(out).toContain('1. Wat is uw geslacht?');
      expect(out).toMatch(/\|\s*2\s*\|\s*Vrouw/);
      expect(out).toContain('Face-to-face');
      expect(out).toMatch(/geslacht[^\n]*F2\.0[^\n]*8; 9/);
      expect(out).toMatch(/case_id\s*\|\s*1\s*\|[^\n]*Nominal/);
      expect(out).toMatch(/gewicht\s*\|[^\n]*Scale/);
      const first = exported[0]!;
      expect(out).toContain(first.caseId);
      expect(out).toContain(Number(first.pass1.gewicht).toFixed(16).slice(0, 17));
      expect(out).toMatch(/2014\/01\/01/);
    });
  }
});
