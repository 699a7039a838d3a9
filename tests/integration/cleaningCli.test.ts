// Cleaning CLI on a real Monitor project file: check (JSON and text), rules import/export (xlsx, csv, all or nothing), audit export.
import { beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { createProjectFile, openProjectForWrite, openProjectReadOnly } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import { acceptViolation, correctValue, excludeCase, runCleaning, saveRule } from '../../electron/backend/services/cleaning';
import { listRules } from '../../electron/backend/db/repos/cleaningRepo';
import { runCli } from '../../electron/cli/cli';
import { rulesToRows } from '../../shared/cleaning/ruleSheet';
import { syntheticCases } from '../../shared/cleaning/synthetic';
import { tempDir } from '../helpers/tmp';

const MONITOR_DIR = resolve(__dirname, '../../../shared/monitor');
const dir = tempDir();
const path = join(dir, 'cli.vwk');
const TODAY = '2014-06-01';
let cleanIds: string[] = [];

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

interface JsonViolation {
  caseId: string;
  variables: string[];
  rule: string;
  kind: string;
  severity: string;
  status: string;
  message: string;
  value: string | null;
}

beforeAll(async () => {
  createProjectFile(path, 'Cleaning CLI');
  const p = await openProjectForWrite(path, 'test');
  const db = p.db;
  try {
    const q = (await checkXlsform(MONITOR_DIR)).questionnaire;
    storeQuestionnaire(db, q, 'test');
    db.prepare("INSERT INTO batch (number, created_at) VALUES ('B1', 'now')").run();
    const batch = (db.prepare("SELECT id FROM batch WHERE number = 'B1'").get() as { id: number }).id;
    const insert = (caseId: string, values: Record<string, string>): void => {
      const pk = Number(db.prepare("INSERT INTO case_record (case_id, batch_id, source, status, created_at, updated_at) VALUES (?, ?, 'keying', 'complete', 'now', 'now')").run(caseId, batch).lastInsertRowid);
      const ins = db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, 'test', 'now')");
      for (const [k, v] of Object.entries(values)) ins.run(pk, k, v);
    };
    const cases = syntheticCases(q, 30, { seed: 5 });
    for (const c of cases) insert(c.caseId, c.values as Record<string, string>);
    cleanIds = cases.map((c) => c.caseId);
    const base = cases.find(({ values: v }) => v.toestemming === '1' && v.groep !== undefined && v.jaren_functie !== undefined)!.values as Record<string, string>;
    insert('800001', { ...base, groep: '7' }); // code not in the value labels
    insert('800002', { ...base, jaren_functie: '45' }); // edit rule (warning), accepted below
    insert('800003', { ...base, groep: '8' }); // excluded below
    insert('800004', { ...base, jaren_functie: 'twee' }); // corrected below
    saveRule(db, { name: 'lang_in_functie', expression: '${jaren_functie} > 40 and ${jaren_functie} <= 50', message: 'Langer dan 40 jaar in de functie', severity: 'warning', variables: ['jaren_functie'], examples: [{ values: { toestemming: '1', jaren_functie: '45' }, triggers: true }], enabled: true }, 'test');
    runCleaning(db, { operator: 'test', today: TODAY });
    acceptViolation(db, { caseId: '800002', ruleId: 'edit:lang_in_functie', reason: 'burgemeester sinds 1972', operator: 'anna' });
    excludeCase(db, { caseId: '800003', reasonCode: 'testForm', reason: 'proefformulier', operator: 'anna' });
    correctValue(db, { caseId: '800004', variable: 'jaren_functie', value: '2', reason: 'twee = 2', operator: 'bert' });
  } finally {
    p.close();
  }
}, 120_000);

describe('veldwerk check', () => {
  it('--json lists each violation with case ID, variables, rule, kind, severity and status; exit 0 with violations', async () => {
    const r = await cli(['check', path, '--today', TODAY, '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { cases: number; totals: { error: number; warning: number; accepted: number }; violations: JsonViolation[] };
    expect(j.cases).toBe(33); // 34 cases, one excluded
    const code = j.violations.find((v) => v.caseId === '800001' && v.rule === 'code:groep');
    expect(code).toMatchObject({ variables: ['groep'], kind: 'code', severity: 'error', status: 'open', value: '7' });
    const edit = j.violations.find((v) => v.caseId === '800002' && v.rule === 'edit:lang_in_functie');
    expect(edit).toMatchObject({ variables: ['jaren_functie'], kind: 'edit', severity: 'warning', status: 'accepted', value: '45' });
    expect(j.totals.accepted).toBe(1);
    expect(j.totals.error).toBe(j.violations.filter((v) => v.severity === 'error').length);
    // The excluded case is not checked; the corrected case no longer has the type error.
    expect(j.violations.filter((v) => v.caseId === '800003')).toEqual([]);
    expect(j.violations.filter((v) => v.caseId === '800004').map((v) => v.rule)).not.toContain('type:jaren_functie');
    // Clean cases: at most the duplicate-answers finding shared with the planted copies of the base case.
    for (const v of j.violations.filter((x) => cleanIds.includes(x.caseId))) expect(v.rule).toBe('duplicateAnswers');
  });

  it('prints a readable table without --json', async () => {
    const r = await cli(['check', path, '--today', TODAY]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^33 cases checked: \d+ errors, \d+ warnings \(1 accepted\)/);
    expect(r.out).toMatch(/case +severity +status +rule +variables +message/);
    expect(r.out).toMatch(/800001 +error +open +code:groep +groep .*\[7\]/);
    expect(r.out).toMatch(/800002 +warning +accepted +edit:lang_in_functie +jaren_functie +Langer dan 40 jaar in de functie \[45\]/);
  });

  it('refuses a missing path (usage, exit 2) and an unknown file (exit 1)', async () => {
    expect((await cli(['check'])).code).toBe(2);
    const r = await cli(['check', join(dir, 'nope.vwk')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nope\.vwk/);
  });

  it('refuses a --today that is not an existing date (usage, exit 2)', async () => {
    for (const bad of ['2014-13-45', '2023-02-29', '2014-1-5', 'gisteren']) {
      const r = await cli(['check', path, '--today', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.err).toContain(`--today must be an existing date YYYY-MM-DD (got ${bad})`);
    }
    expect((await cli(['clean', path, '--today', '2014-02-30'])).code).toBe(2);
    expect((await cli(['check', path, '--today', '2024-02-29', '--json'])).code).toBe(0);
  });
});

describe('veldwerk rules import|export', () => {
  it('exports the rules as xlsx and csv that hold the rule sheet rows', async () => {
    const xlsx = join(dir, 'rules.xlsx');
    const csv = join(dir, 'rules.csv');
    expect((await cli(['rules', 'export', path, xlsx])).out).toMatch(/Wrote 1 edit rule to /);
    expect((await cli(['rules', 'export', path, csv])).code).toBe(0);
    const p = openProjectReadOnly(path);
    const expected = rulesToRows(listRules(p.db));
    p.close();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Edit rules');
    const got: string[][] = [];
    ws.eachRow((row) => got.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(got).toEqual(expected);
    const text = readFileSync(csv, 'utf8');
    expect(text.startsWith('\ufeffname,expression,message,severity,variables,examples,enabled\r\n')).toBe(true);
    expect(text).toContain('lang_in_functie,${jaren_functie} > 40 and ${jaren_functie} <= 50,Langer dan 40 jaar in de functie,warning,jaren_functie,"[{""values"":');
  });

  it('imports a sheet (xlsx and csv round trip), replacing rules of the same name', async () => {
    const csv = join(dir, 'new-rules.csv');
    writeFileSync(csv, 'name,expression,message,severity,variables\nveel_incidenten,${inc_totaal} > 30,Meer dan 30 incidenten,warning,inc_totaal\nlang_in_functie,${jaren_functie} > 42,Langer dan 42 jaar,error,jaren_functie\n');
    const r = await cli(['rules', 'import', path, csv]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Imported 2 edit rules \(1 replaced\): veel_incidenten, lang_in_functie/);
    let p = openProjectReadOnly(path);
    const rules = listRules(p.db);
    p.close();
    expect(rules.map((x) => [x.name, x.severity, x.expression])).toEqual([
      ['lang_in_functie', 'error', '${jaren_functie} > 42'],
      ['veel_incidenten', 'warning', '${inc_totaal} > 30'],
    ]);
    // Round trip: export as xlsx, import into the same project → the same rules.
    const xlsx = join(dir, 'round.xlsx');
    expect((await cli(['rules', 'export', path, xlsx])).code).toBe(0);
    expect((await cli(['rules', 'import', path, xlsx])).out).toMatch(/Imported 2 edit rules \(2 replaced\)/);
    p = openProjectReadOnly(path);
    expect(listRules(p.db)).toEqual(rules);
    p.close();
  });

  it('is all or nothing: a bad row names file, row and column, and no rule is stored', async () => {
    const csv = join(dir, 'bad-rules.csv');
    writeFileSync(csv, 'name,expression,message,severity,variables\ngoede_regel,${inc_totaal} > 99,Ok,warning,\nslechte_regel,${bestaat_niet} > 1,Fout,error,\nderde,${groep} = 1,Ok,error,onbekend\n');
    const r = await cli(['rules', 'import', path, csv]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad-rules\.csv: 2 problems in the rule sheet; no rule was imported/);
    expect(r.err).toMatch(/bad-rules\.csv, row 3, column expression: rule slechte_regel: .*bestaat_niet/);
    expect(r.err).toMatch(/bad-rules\.csv, row 4, column variables: rule derde: unknown variable onbekend/);
    const p = openProjectReadOnly(path);
    expect(listRules(p.db).map((x) => x.name)).toEqual(['lang_in_functie', 'veel_incidenten']);
    p.close();
    // Sheet-level problems (missing column, bad severity) come with the sheet's location too.
    writeFileSync(csv, 'name,expression,message,severity\nx,${groep} = 1,Ok,soms\n');
    const s = await cli(['rules', 'import', path, csv]);
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/bad-rules\.csv, row 2, column severity: severity must be error or warning/);
    expect((await cli(['rules', 'export', path, join(dir, 'rules.txt')])).err).toMatch(/must end in \.xlsx or \.csv/);
  });

  it('lists every problem of every row in one pass: sheet cells and expressions against the questionnaire', async () => {
    const csv = join(dir, 'many-problems.csv');
    writeFileSync(csv, [
      'name,expression,message,severity,variables,examples,enabled',
      'a,${groep} = 1,Ok,soms,,,',
      '9fout,${groep} = 1,Ok,error,,,',
      'c,${groep} = 1,Ok,error,,[niet json,',
      'd,${groep} = 1,Ok,error,,,misschien',
      'e,${groep} = 1,,error,,,',
      'f,${nosuchvar} = 1,Ok,error,,,',
      'g,${jaren_functie} >,Ok,error,,,',
      '',
    ].join('\n'));
    const r = await cli(['rules', 'import', path, csv]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/many-problems\.csv: 7 problems in the rule sheet; no rule was imported/);
    const lines = r.err.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.replace(/^.*many-problems\.csv, /, ''));
    expect(lines.map((l) => l.replace(/: .*$/, ''))).toEqual([
      'row 2, column severity', 'row 3, column name', 'row 4, column examples', 'row 5, column enabled', 'row 6, column message', 'row 7, column expression', 'row 8, column expression',
    ]);
    expect(lines[1]).toMatch(/rule 9fout: rule name "9fout" must start with a letter/);
    expect(lines[5]).toMatch(/rule f: .*nosuchvar/);
    expect(lines[6]).toMatch(/rule g: /);
    const p = openProjectReadOnly(path);
    expect(listRules(p.db).map((x) => x.name)).toEqual(['lang_in_functie', 'veel_incidenten']);
    p.close();
  });
});

describe('veldwerk audit export', () => {
  it('writes the audit log (who, when, case, variable, old, new, reason, source; the rule of an acceptance) as csv and xlsx', async () => {
    const csv = join(dir, 'audit.csv');
    const r = await cli(['audit', 'export', path, '--out', csv]);
    expect(r.code, r.err).toBe(0);
    const p = openProjectReadOnly(path);
    const n = (p.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    p.close();
    expect(r.out).toContain(`Wrote ${n} audit entries`);
    const lines = readFileSync(csv, 'utf8').replace(/^\ufeff/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,operator,source,action,rule,case_id,variable,old_value,new_value,reason,undoes');
    expect(lines).toHaveLength(n + 1);
    const correction = lines.find((l) => l.includes(',correct,,800004,'))!;
    expect(correction).toMatch(/^\d+,\d{4}-\d\d-\d\dT[^,]+,bert,cleaning,correct,,800004,jaren_functie,twee,2,twee = 2,$/);
    expect(lines.find((l) => l.includes(',exclude,,800003,'))).toMatch(/,anna,cleaning,exclude,,800003,,complete,excluded,testForm: proefformulier,$/);
    // Which warning was accepted: the rule and the variables it concerns.
    expect(lines.find((l) => l.includes(',accept,'))).toMatch(/,anna,cleaning,accept,edit:lang_in_functie,800002,jaren_functie,,,burgemeester sinds 1972,$/);

    const xlsx = join(dir, 'audit.xlsx');
    expect((await cli(['audit', 'export', path, '--out', xlsx])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet('Audit log')!;
    expect(ws.rowCount).toBe(n + 1);
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows.find((x) => x[4] === 'accept')).toEqual([expect.any(Number), expect.any(String), 'anna', 'cleaning', 'accept', 'edit:lang_in_functie', '800002', 'jaren_functie', undefined, undefined, 'burgemeester sinds 1972']);
    expect((await cli(['audit', 'export', path])).code).toBe(2);
    expect(existsSync(join(dir, 'audit.xlsx.writing-' + process.pid))).toBe(false);
  });
});
