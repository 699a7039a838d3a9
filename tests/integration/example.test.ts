// The example project end to end: `demo` (small) builds a project with questionnaire, frame, keyed and imported cases; `export` works on it.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../../electron/cli/cli';
import { tempDir } from '../helpers/tmp';
import { createBackend } from '../../electron/backend/backend';
import { openProjectForWrite } from '../../electron/backend/db/open';
import { estimate } from '../../electron/backend/services/weighting';

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
    const rep = JSON.parse(r.out) as {
      keyed: number; verified: number; imported: number; respondents: number; planted: unknown[];
      dataErrors: { kind: string; caseNumber: number }[];
      weighting: { name: string; weighted: number; populationTotal: number; maxRelDeviation: number; merged: { from: string; into: string }[] }[];
      truth: { victimisation: { employees: number; officeHolders: number } };
      cleaning: { rules: number; before: { error: number }; after: { error: number; warning: number }; handled: { caseId: string; kind: string; ruleId: string; action: string; variable: string | null; from: string | null; to: string | null }[] };
    };
    expect(rep.keyed).toBeGreaterThan(10);
    expect(rep.imported).toBeGreaterThan(100);
    const db = new Database(path, { readonly: true });
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(n('SELECT count(*) AS n FROM questionnaire_version')).toBe(1);
    // the planted duplicate is a second web submission under a non-respondent's case ID
    expect(n('SELECT count(*) AS n FROM case_record')).toBe(rep.respondents + 1);
    expect(n(`SELECT count(*) AS n FROM case_record WHERE source = 'keying' AND status IN ('complete', 'verified')`)).toBe(rep.keyed);
    expect(n(`SELECT count(*) AS n FROM case_record WHERE source = 'import'`)).toBe(rep.imported);
    expect(n(`SELECT count(*) AS n FROM audit_log WHERE source = 'keying'`)).toBeGreaterThan(rep.keyed * 10);
    // every planted keying error is caught by the blind re-keying as an open verification difference
    expect(rep.planted.length).toBeGreaterThanOrEqual(3);
    expect(n('SELECT count(*) AS n FROM verification_difference')).toBe(rep.planted.length);
    expect(rep.verified).toBeGreaterThan(0);
    // cleaning: every planted data error found by the run and handled through the cleaning service, with reasons
    expect(rep.dataErrors.map((e) => e.kind)).toEqual(['range', 'offRoute', 'rule', 'duplicate']);
    expect(rep.cleaning.handled.map((h) => `${h.kind}:${h.ruleId}:${h.action}`)).toEqual([
      'range:hard:jaren_functie:corrected', 'offRoute:offRoute:inc_totaal:corrected', 'rule:edit:jaren_functie_leeftijd:corrected', 'duplicate:duplicateAnswers:excluded',
    ]);
    expect(rep.cleaning.before.error).toBeGreaterThanOrEqual(1);
    expect(rep.cleaning.after.error).toBe(0);
    // only real findings: "never" on all forms of aggression (g_vormen: veldwerk::straightlining = except 1) and
    // yes/no item lists are no straightlining (seed 2014 had 278 warnings left: 235 on g_vormen, 43 on yes/no lists);
    // what is left (seed 3: one young respondent with 11 years in the post) comes from the edit rules
    expect(n("SELECT count(*) AS n FROM cleaning_violation WHERE kind = 'straightlining'")).toBe(0);
    expect(rep.cleaning.after.warning).toBe(n("SELECT count(*) AS n FROM cleaning_violation WHERE kind = 'edit' AND severity = 'warning'"));
    expect(n('SELECT count(*) AS n FROM edit_rule')).toBe(3);
    for (const h of rep.cleaning.handled.filter((x) => x.action === 'corrected')) {
      const c = db.prepare(`SELECT c.new_value AS v, c.reason AS reason, a.source AS source, a.old_value AS old FROM correction c JOIN audit_log a ON a.id = c.audit_id JOIN case_record r ON r.id = c.case_pk WHERE r.case_id = ? AND c.variable = ?`).get(h.caseId, h.variable) as { v: string | null; reason: string; source: string; old: string | null };
      expect(c.v).toBe(h.to);
      expect(c.old).toBe(h.from);
      expect(c.source).toBe('cleaning');
      expect(c.reason.length).toBeGreaterThan(20);
    }
    const dup = rep.cleaning.handled.find((h) => h.action === 'excluded')!;
    const ex = db.prepare(`SELECT e.reason_code AS code, e.reason AS reason, r.status AS status FROM exclusion e JOIN case_record r ON r.id = e.case_pk WHERE r.case_id = ?`).get(dup.caseId) as { code: string; reason: string; status: string };
    expect(ex).toMatchObject({ code: 'duplicate', status: 'excluded' });
    expect(ex.reason).toMatch(/Dubbel ingevuld/);
    db.close();
    // weighting: employees raked, office holders post-stratified, both to the population file's totals
    expect(rep.weighting.map((w) => w.name)).toEqual(['Medewerkers', 'Politieke ambtsdragers']);
    const [mw, pa] = rep.weighting as [typeof rep.weighting[number], typeof rep.weighting[number]];
    expect(mw.populationTotal).toBeCloseTo(306_700, 6);
    expect(mw.maxRelDeviation).toBeLessThan(1e-6);
    expect(pa.maxRelDeviation).toBeLessThan(1e-6);
    expect(pa.populationTotal).toBeCloseTo(12_216, 6); // empty cells are merged, never dropped
    expect(mw.weighted + pa.weighted).toBeLessThanOrEqual(rep.respondents);
    // the weighted estimates recover the generator's true rates: the truth lies in the calibrated 95 % CI
    const p = await openProjectForWrite(path, 'test');
    try {
      for (const [scheme, truth] of [['Medewerkers', rep.truth.victimisation.employees], ['Politieke ambtsdragers', rep.truth.victimisation.officeHolders]] as const) {
        const e = estimate(p.db, scheme, 'slachtoffer_d');
        const c = e.tables[0]!.categories.find((x) => x.code === 1)!;
        expect(c.ci95Calibrated![0]).toBeLessThan(truth);
        expect(c.ci95Calibrated![1]).toBeGreaterThan(truth);
      }
    } finally {
      p.close();
    }
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
