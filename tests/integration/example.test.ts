// The example project end to end: `demo` (small) builds a project with questionnaire, frame, keyed and imported cases; `export` works on it.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../../electron/cli/cli';
import { tempDir } from '../helpers/tmp';
import { createBackend } from '../../electron/backend/backend';
import { openProjectForWrite } from '../../electron/backend/db/open';

const dir = tempDir();

function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  return Promise.resolve(runCli(argv, { out: (t: string) => { out += t; }, err: (t: string) => { err += t; } })).then((code) => ({ code, out, err }));
}

describe('veldwerk demo', () => {
  it('builds the small example through the real paths, and export runs on it', async () => {
    const path = join(dir, 'm.vwk');
    const r = await cli('demo', path, '--seed', '3', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { keyed: number; verified: number; imported: number; respondents: number; planted: unknown[] };
    expect(rep.keyed).toBeGreaterThan(10);
    expect(rep.imported).toBeGreaterThan(100);
    const db = new Database(path, { readonly: true });
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(n('SELECT count(*) AS n FROM questionnaire_version')).toBe(1);
    expect(n('SELECT count(*) AS n FROM case_record')).toBe(rep.respondents);
    expect(n(`SELECT count(*) AS n FROM case_record WHERE source = 'keying' AND status IN ('complete', 'verified')`)).toBe(rep.keyed);
    expect(n(`SELECT count(*) AS n FROM case_record WHERE source = 'import'`)).toBe(rep.imported);
    expect(n(`SELECT count(*) AS n FROM audit_log WHERE source = 'keying'`)).toBeGreaterThan(rep.keyed * 10);
    // every planted keying error is caught by the blind re-keying as an open verification difference
    expect(rep.planted.length).toBeGreaterThanOrEqual(3);
    expect(n('SELECT count(*) AS n FROM verification_difference')).toBe(rep.planted.length);
    expect(rep.verified).toBeGreaterThan(0);
    db.close();
    const e = await cli('export', path, '--out', join(dir, 'm.xlsx'));
    expect(e.err).toBe('');
    expect(e.code).toBe(0);
  }, 60_000);

  it('refuses a bad size', async () => {
    expect((await cli('demo', join(dir, 'x.vwk'), '--size', 'huge')).code).toBe(2);
  });
});

describe('example.open', () => {
  it('builds the example in the app-data folder, opens it, rebuilds it when asked again, and refuses while another process holds it', async () => {
    const appDataDir = join(dir, 'appdata');
    const b = createBackend({ appDataDir, hostLabel: 'test' });
    try {
      const first = await b.dispatch('example.open', {});
      if (!first.ok) throw new Error(JSON.stringify(first.error));
      const info = first.value as { path: string };
      expect(info.path).toBe(join(appDataDir, 'voorbeeld-monitor-2014.vwk'));
      expect(b.session.project?.path).toBe(info.path);
      const again = await b.dispatch('example.open', {});
      expect(again.ok).toBe(true);
      await b.dispatch('project.close', {});
      const other = await openProjectForWrite(join(appDataDir, 'voorbeeld-monitor-2014.vwk'), 'other');
      try {
        const refused = await b.dispatch('example.open', {});
        expect(refused.ok ? 'ok' : refused.error.code).toBe('PROJECT_IN_USE');
      } finally {
        other.close();
      }
    } finally {
      b.close();
    }
  }, 60_000);
});
