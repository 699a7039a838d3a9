// Cleaning on a real Monitor project: planted errors of every kind found, clean cases silent, corrections/exclusions in the audit log and the dataset, replay, CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from '../../electron/backend/db/migrate';
import { migrations } from '../../electron/backend/db/migrations';
import { createProjectFile, openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import {
  acceptViolation, correctValue, defineDerived, excludeCase, includeCase, runCleaning, saveRule, undoCorrection,
} from '../../electron/backend/services/cleaning';
import { loadCases, queryViolations } from '../../electron/backend/db/repos/cleaningRepo';
import { queryAudit } from '../../electron/backend/db/repos/auditRepo';
import { loadDataset } from '../../electron/backend/export/loadDataset';
import { runCli } from '../../electron/cli/cli';
import { syntheticCases } from '../../shared/cleaning/synthetic';
import type { Questionnaire } from '../../shared/domain/questionnaire';
import { tempDir } from '../helpers/tmp';

const MONITOR_DIR = resolve(__dirname, '../../../shared/monitor');
const dir = tempDir();
const path = join(dir, 'cleaning.vwk');
let p: ProjectDb;
let db: Database;
let q: Questionnaire;
const TODAY = '2014-06-01';
const clean = new Map<string, Record<string, string>>();
let baseId = '';

function insertCase(caseId: string, values: Record<string, string>, status = 'complete'): number {
  const now = new Date().toISOString();
  const batch = (db.prepare("SELECT id FROM batch WHERE number = 'B1'").get() as { id: number }).id;
  const pk = Number(db.prepare("INSERT INTO case_record (case_id, batch_id, source, status, created_at, updated_at) VALUES (?, ?, 'keying', ?, ?, ?)").run(caseId, batch, status, now, now).lastInsertRowid);
  const ins = db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, 'test', ?)");
  for (const [k, v] of Object.entries(values)) ins.run(pk, k, v, now);
  return pk;
}

/** Planted errors: case ID → (values, a rule ID that must be reported). */
const planted: Record<string, { values: (base: Record<string, string>) => Record<string, string>; expect: string }> = {
  '900001': { values: (b) => ({ ...b, groep: '7' }), expect: 'code:groep' },
  '900002': { values: (b) => ({ ...b, jaren_functie: '60' }), expect: 'hard:jaren_functie' },
  '900003': { values: (b) => ({ ...b, jaren_functie: 'twee' }), expect: 'type:jaren_functie' },
  '900004': { values: () => ({ toestemming: '2', groep: '1' }), expect: 'offRoute:groep' },
  '900005': { values: (b) => Object.fromEntries(Object.entries(b).filter(([k]) => k !== 'groep')), expect: 'required:groep' },
  '900006': { values: (b) => ({ ...b, ag_verbaal: '2', ag_bedreig: '2', ag_fysiek: '2', ag_discrim: '2', ag_seks: '2', ag_schade: '2', ag_online: '2', ag_thuis: '2' }), expect: 'straightlining:g_vormen' },
  '900007': { values: () => ({ toestemming: '1' }), expect: 'incomplete' },
  '900008': { values: (b) => ({ ...b, groep: ` ${b.groep ?? '1'} ` }), expect: `normalise:groep` },
  '900009': { values: (b) => ({ ...b }), expect: 'duplicateAnswers' },
  '900010': { values: (b) => ({ ...b, jaren_functie: '45' }), expect: 'edit:lang_in_functie' },
};

beforeAll(async () => {
  createProjectFile(path, 'Cleaning');
  p = await openProjectForWrite(path, 'test');
  db = p.db;
  q = (await checkXlsform(MONITOR_DIR)).questionnaire;
  storeQuestionnaire(db, q, 'test');
  db.prepare("INSERT INTO batch (number, created_at) VALUES ('B1', 'now')").run();
  const cases = syntheticCases(q, 60, { seed: 11 });
  for (const c of cases) {
    const values = c.values as Record<string, string>;
    clean.set(c.caseId, values);
    insertCase(c.caseId, values);
  }
  // A base for the planted errors: a victim (the incident block on route) who hold office.
  const baseCase = cases.find(({ values: v }) => v.toestemming === '1' && v.groep !== undefined && v.inc_vorm !== undefined && v.jaren_functie !== undefined)!;
  baseId = baseCase.caseId;
  const base = baseCase.values as Record<string, string>;
  for (const [id, pl] of Object.entries(planted)) insertCase(id, pl.values(base));
  saveRule(db, {
    name: 'lang_in_functie', expression: '${jaren_functie} > 40 and ${jaren_functie} <= 50', message: 'Langer dan 40 jaar in de functie', severity: 'warning', variables: ['jaren_functie'], enabled: true,
    examples: [{ values: { toestemming: '1', jaren_functie: '45' }, triggers: true }, { values: { toestemming: '1', jaren_functie: '12' }, triggers: false }],
  }, 'test');
  // User-missing codes never count: a rule on a frequency item never fires for 8/9 (weet niet / geen antwoord).
  saveRule(db, { name: 'verbaal_buiten_schaal', expression: '${ag_verbaal} > 4', message: 'Frequentie buiten de schaal', severity: 'error', variables: [], examples: [{ values: { toestemming: '1', ag_verbaal: '9' }, triggers: false }], enabled: true }, 'test');
  insertCase('900011', { ...base, ag_verbaal: '9' });
}, 120_000);
afterAll(() => p.close());

const ruleIdsOf = (caseId: string): string[] => queryViolations(db, { caseId, offset: 0, limit: 1000 }).rows.map((r) => r.ruleId);

describe('a rule run over a Monitor project', () => {
  it('migration 60 applies to a file at version 50 and adds only the cleaning tables', () => {
    const mem = new BetterSqlite3(':memory:');
    migrate(mem, migrations.filter((m) => m.version <= 50));
    const before = (mem.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(migrate(mem, migrations.filter((m) => m.version <= 60))).toEqual([60]);
    expect(mem.pragma('user_version', { simple: true })).toBe(60);
    const after = (mem.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(after.filter((t) => !before.includes(t)).sort()).toEqual(['cleaning_acceptance', 'cleaning_run', 'cleaning_violation', 'correction', 'derived_variable', 'edit_rule', 'exclusion']);
    mem.close();
  });

  it('migration 60 made the cleaning tables', () => {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    for (const t of ['edit_rule', 'derived_variable', 'correction', 'cleaning_acceptance', 'exclusion', 'cleaning_run', 'cleaning_violation']) expect(tables).toContain(t);
  });

  it('finds every planted error, reports nothing on the clean cases, and runs the rules\' example cases', () => {
    const progress: number[] = [];
    const r = runCleaning(db, { operator: 'test', today: TODAY }, (e) => void (e.phase === 'check' && progress.push(e.done)));
    expect(r.cases).toBe(60 + Object.keys(planted).length + 1);
    expect(progress.at(-1)).toBe(r.cases);
    for (const [id, pl] of Object.entries(planted)) expect(ruleIdsOf(id), id).toContain(pl.expect);
    for (const id of clean.keys()) {
      // The base of the planted cases shares its answers with 900009; nothing else on clean cases.
      expect(ruleIdsOf(id), id).toEqual(id === baseId ? ['duplicateAnswers'] : []);
    }
    expect(ruleIdsOf('900011')).not.toContain('edit:verbaal_buiten_schaal');
    expect(r.ruleTests).toEqual([]);
    expect(r.counts.find((c) => c.ruleId === 'edit:lang_in_functie')).toMatchObject({ severity: 'warning', count: 1 });
    expect(r.nonresponse.find((n) => n.variable === 'ag_verbaal')!.userMissing).toBe(1);
    // Filters: batch, variable, severity, rule, status; paging.
    const all = queryViolations(db, { offset: 0, limit: 100_000 });
    // The rule filter's choices: every stored rule ID once, sorted, whatever the filter.
    expect(all.ruleIds).toEqual([...new Set(all.rows.map((r) => r.ruleId))].sort());
    expect(queryViolations(db, { batch: 'B2', offset: 0, limit: 1 }).ruleIds).toEqual(all.ruleIds);
    expect(queryViolations(db, { batch: 'B1', offset: 0, limit: 1 }).total).toBe(all.total);
    expect(queryViolations(db, { batch: 'B2', offset: 0, limit: 1 }).total).toBe(0);
    const groep = queryViolations(db, { variable: 'groep', offset: 0, limit: 1000 }).rows;
    expect(groep.length).toBeGreaterThan(0);
    for (const v of groep) expect(v.variables).toContain('groep');
    expect(queryViolations(db, { severity: 'error', offset: 0, limit: 1 }).total).toBe(r.totals.error);
    expect(queryViolations(db, { ruleId: 'incomplete', offset: 0, limit: 10 }).rows.map((v) => v.caseId)).toEqual(['900007']);
    expect(queryViolations(db, { status: 'open', offset: 2, limit: 3 }).rows).toEqual(all.rows.slice(2, 5));
  });

  it('a correction needs a reason, lands in the audit log and in the loaded dataset, and clears the violation', () => {
    expect(() => correctValue(db, { caseId: '900001', variable: 'groep', value: '1', reason: ' ', operator: 'anna' })).toThrow(/reason/);
    const c = correctValue(db, { caseId: '900001', variable: 'groep', value: '1', reason: 'read from the paper form', operator: 'anna' });
    expect(c).toMatchObject({ oldValue: '7', newValue: '1' });
    expect(c.violations.map((v) => v.ruleId)).not.toContain('code:groep');
    const audit = db.prepare('SELECT operator, source, variable, old_value, new_value, reason FROM audit_log WHERE id = ?').get(c.auditId);
    expect(audit).toEqual({ operator: 'anna', source: 'cleaning', variable: 'groep', old_value: '7', new_value: '1', reason: 'read from the paper form' });
    const { dataset } = loadDataset(db);
    const row = dataset.caseIds.indexOf('900001');
    const col = dataset.columns.find((x) => x.name === 'groep')!;
    expect(col.kind === 'number' ? col.values[row] : undefined).toBe(1);
  });

  it('an accepted warning stays accepted across runs until its values change', () => {
    // The answer carries the accepted total the run summary shows (it follows at once, not only after the next run).
    expect(acceptViolation(db, { caseId: '900010', ruleId: 'edit:lang_in_functie', reason: 'burgemeester sinds 1972', operator: 'anna' })).toEqual({ caseId: '900010', ruleId: 'edit:lang_in_functie', accepted: true, acceptedTotal: 1 });
    expect(() => acceptViolation(db, { caseId: '900003', ruleId: 'type:jaren_functie', reason: 'x', operator: 'anna' })).toThrow(/error/);
    runCleaning(db, { operator: 'test', today: TODAY });
    const status = () => queryViolations(db, { caseId: '900010', ruleId: 'edit:lang_in_functie', offset: 0, limit: 10 }).rows[0]?.status;
    expect(status()).toBe('accepted');
    expect(queryViolations(db, { status: 'accepted', offset: 0, limit: 10 }).total).toBe(1);
    correctValue(db, { caseId: '900010', variable: 'jaren_functie', value: '46', reason: 'typo', operator: 'anna' });
    expect(status()).toBe('open');
  });

  it('an exclusion takes the case out of the dataset and the rule run; including it brings it back', () => {
    excludeCase(db, { caseId: '900007', reasonCode: 'tooIncomplete', reason: 'only the first question', operator: 'anna' });
    let ds = loadDataset(db).dataset;
    expect(ds.caseIds).not.toContain('900007');
    expect(ds.excluded.map((e) => e.caseId)).toContain('900007');
    expect(ds.excluded.find((e) => e.caseId === '900007')!.reason).toBe('tooIncomplete: only the first question');
    expect(ruleIdsOf('900007')).toEqual([]);
    expect(() => excludeCase(db, { caseId: '900007', reasonCode: 'other', reason: 'again', operator: 'anna' })).toThrow(/already/);
    includeCase(db, { caseId: '900007', reason: 'keep it after all', operator: 'anna' });
    ds = loadDataset(db).dataset;
    expect(ds.caseIds).toContain('900007');
    expect(ruleIdsOf('900007')).toContain('incomplete');
    excludeCase(db, { caseId: '900007', reasonCode: 'tooIncomplete', reason: 'only the first question', operator: 'anna' });
  });

  it('undo is a new entry; raw values + the audit log replayed = the current dataset', () => {
    const c = correctValue(db, { caseId: '900002', variable: 'jaren_functie', value: '6', reason: 'read 60 for 6', operator: 'anna' });
    const u = undoCorrection(db, { correctionId: c.correctionId, reason: 'the form says 60 after all', operator: 'bert' });
    expect(u).toMatchObject({ oldValue: '6', newValue: '60' });
    // The audit view says which entry undid the correction (its Undo is then not offered); the undo itself is not undone.
    const page = queryAudit(db, { offset: 0, limit: 10 });
    const corr = page.rows.find((r) => r.correctionId === c.correctionId)!;
    const undo = page.rows.find((r) => r.undoes === c.correctionId)!;
    expect(corr.undoneBy).toBe(undo.id);
    expect(undo.undoneBy).toBeNull();
    correctValue(db, { caseId: '900003', variable: 'jaren_functie', value: '2', reason: 'twee = 2', operator: 'bert' });
    // Replay: start from the keyed values (pass 3 over pass 1), apply the cleaning entries of the audit log in order.
    const replayed = new Map<number, Record<string, string | null>>();
    for (const r of db.prepare('SELECT case_pk, variable, pass, value FROM response WHERE pass IN (1, 3) ORDER BY case_pk, variable, pass').all() as { case_pk: number; variable: string; pass: number; value: string | null }[]) {
      if (r.pass === 3 && r.value === null) continue;
      const m = replayed.get(r.case_pk) ?? {};
      m[r.variable] = r.value;
      replayed.set(r.case_pk, m);
    }
    const statuses = new Map<number, string>();
    for (const a of db.prepare("SELECT case_pk, variable, old_value, new_value, details FROM audit_log WHERE source = 'cleaning' AND case_pk IS NOT NULL ORDER BY id").all() as { case_pk: number; variable: string | null; old_value: string | null; new_value: string | null; details: string }[]) {
      const action = (JSON.parse(a.details) as { action: string }).action;
      if (action === 'correct' || action === 'undo') replayed.get(a.case_pk)![a.variable!] = a.new_value;
      if (action === 'exclude' || action === 'include') statuses.set(a.case_pk, a.new_value!);
    }
    const current = loadCases(db, ['open', 'complete', 'verified', 'excluded']);
    for (const c2 of current) {
      expect(replayed.get(c2.pk) ?? {}, c2.caseId).toEqual(c2.values);
      if (statuses.has(c2.pk)) expect(statuses.get(c2.pk)).toBe(c2.status);
    }
  });

  it('replay after late forms: corrections stay, new violations appear, changed keyed values are flagged', () => {
    insertCase('900100', { ...clean.values().next().value!, groep: '5' });
    db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) SELECT id, 'groep', 3, '2', 'adj', 'now' FROM case_record WHERE case_id = '900001'").run();
    const r = runCleaning(db, { operator: 'test', today: TODAY });
    expect(ruleIdsOf('900100')).toContain('code:groep');
    expect(loadCases(db).find((c) => c.caseId === '900001')!.values.groep).toBe('1');
    expect(r.staleCorrections).toEqual([{ caseId: '900001', variable: 'groep', correctedFrom: '7', keyedNow: '2', correctedTo: '1' }]);
  });

  it('derived variables: checked, previewed, usable by rules', () => {
    expect(() => defineDerived(db, { name: 'groep', expression: '1', label: '', operator: 'anna' })).toThrow(/questionnaire variable/);
    const d = defineDerived(db, { name: 'lang', expression: "if(${jaren_functie} = '', '', if(${jaren_functie} >= 10, 1, 0))", label: '10+ jaar', operator: 'anna', today: TODAY });
    expect(d.derived.map((x) => x.name)).toEqual(['lang']);
    expect(d.preview!.filled).toBeGreaterThan(0);
    saveRule(db, { name: 'lang_jong', expression: '${lang} = 1 and ${jaren_functie} < 10', message: 'inconsistent', severity: 'error', variables: [], examples: [], enabled: true }, 'test');
    expect(runCleaning(db, { operator: 'test', today: TODAY }).counts.find((c) => c.ruleId === 'edit:lang_jong')).toBeUndefined();
  });

  it('CLI: clean imports a rule sheet, runs and prints counts (exit 0 with violations)', async () => {
    p.close();
    const sheet = join(dir, 'rules.csv');
    writeFileSync(sheet, 'name,expression,message,severity,variables,examples\nveel_incidenten,${inc_totaal} > 30,Meer dan 30 incidenten,warning,inc_totaal,"[{""values"": {""toestemming"": ""1"", ""inc_totaal"": ""31""}, ""triggers"": true}]"\n');
    let out = '';
    const code = await runCli(['clean', path, '--rules', sheet, '--today', TODAY, '--json'], { out: (t) => (out += t), err: (t) => (out += t) });
    expect(code, out).toBe(0);
    const j = JSON.parse(out) as { rulesImported: number; cases: number; totals: { error: number } };
    expect(j.rulesImported).toBe(1);
    expect(j.totals.error).toBeGreaterThan(0);
    let text = '';
    expect(await runCli(['clean', path], { out: (t) => (text += t), err: (t) => (text += t) })).toBe(0);
    expect(text).toMatch(/Violations: +\d+ errors/);
    p = await openProjectForWrite(path, 'test');
    db = p.db;
  });
});
