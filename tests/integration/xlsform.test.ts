// XLSForm files on disk: the Monitor folder, .xlsx with rich text and formulas, round trips, located faults, CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { checkXlsform, loadXlsform, saveXlsform, saveXlsformFolder } from '../../electron/backend/services/xlsformFiles';
import { commands } from '../../electron/cli/commands/questionnaire';
import { DomainError } from '../../shared/domain/errors';
import { findList, variablesOf, type Questionnaire } from '../../shared/domain/questionnaire';
import { createChecker } from '../../shared/checks';
import { fieldsOnRoute } from '../../shared/routing';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const monitor = resolve(repoRoot, '../shared/monitor');
let tmp: string;
let q: Questionnaire;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'veldwerk-xlsform-'));
  q = await loadXlsform(monitor);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const csv = (name: string): Record<string, string>[] => parseCsv(readFileSync(join(monitor, name)), { columns: true, bom: true }) as Record<string, string>[];

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const [a, b, ...rest] = argv;
  const cmd = commands.find((c) => c.name[0] === a && c.name[1] === b)!;
  let out = '';
  let err = '';
  const code = await cmd.run({ positional: rest, options: {} }, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('the Monitor questionnaire', () => {
  it('has every variable, label, code and routing condition of the CSVs', () => {
    const vars = variablesOf(q);
    const rows = csv('survey.csv').filter((r) => !/^(begin|end)_group$/.test(r.type!));
    expect(vars.map((v) => v.name)).toEqual(rows.map((r) => r.name));
    expect(vars.filter((v) => v.type !== 'note')).toHaveLength(72);
    expect(vars.filter((v) => v.type === 'calculated')).toHaveLength(9);
    for (const [i, r] of rows.entries()) {
      const v = vars[i]!;
      expect(v.label['Nederlands (nl)'] ?? '').toBe(r['label::Nederlands (nl)']);
      expect(v.label['English (en)'] ?? '').toBe(r['label::English (en)']);
      expect(v.relevant ?? '').toBe(r.relevant);
      expect(v.constraint ?? '').toBe(r.constraint);
      expect(v.calculate ?? '').toBe(r.calculate);
      expect(v.required).toBe(r.required === 'yes');
    }
    const choices = csv('choices.csv');
    expect(q.lists).toHaveLength(26);
    expect(q.lists.flatMap((l) => l.choices.map((c) => [l.name, c.code, c.label['Nederlands (nl)'], c.label['English (en)']]))).toEqual(
      choices.map((c) => [c.list_name, c.name, c['label::Nederlands (nl)'], c['label::English (en)']]),
    );
    expect(q).toMatchObject({ id: 'monitor_ag_2014', version: '2014.1', defaultLanguage: 'Nederlands (nl)', languages: ['Nederlands (nl)', 'English (en)'] });
    expect(vars.find((v) => v.name === 'inc_totaal')?.range).toEqual({ min: 1, max: 500 });
    expect(findList(q, 'functie')?.choices.map((c) => c.code)).toEqual(['11', '12', '13', '21', '22', '23', '31', '32']);
  });

  it('routes an office holder who was a victim through the incident section', () => {
    const checker = createChecker(q);
    const { state } = checker.check({ toestemming: '1', groep: '1', functie: '12', ag_verbaal: '2' }, { requireAnswers: false });
    const fields = fieldsOnRoute(checker.router, state);
    expect(fields).toContain('gemgr'); // laag = 1 via laag_pa from functie 12
    expect(fields).toContain('inc_totaal');
    expect(fields).not.toContain('laag_mw');
    const none = checker.check({ toestemming: '2' }, { requireAnswers: false });
    expect(fieldsOnRoute(checker.router, none.state)).toEqual(['toestemming']);
  });

  it('round trip: folder → .xlsx → read gives an identical questionnaire', async () => {
    const file = join(tmp, 'monitor.xlsx');
    await saveXlsform(q, file);
    expect(await loadXlsform(file)).toEqual(q);
  });

  it('round trip: folder → CSV folder → read gives an identical questionnaire', async () => {
    const dir = join(tmp, 'monitor-csv');
    await saveXlsformFolder(q, dir);
    expect(await loadXlsform(dir)).toEqual(q);
  });
});

describe('.xlsx oddities', () => {
  it('reads rich text as full plain text, formulas by cached value, numeric codes, odd headers and blank runs', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('Survey');
    s.addRow([' TYPE', 'Name ', 'label', 'Label :: English (en)', 'relevant']);
    s.addRow(['Select_One jn', 'rookt', { richText: [{ text: 'Rookt ', font: { bold: true } }, { text: 'u', font: { italic: true } }, { text: '?' }] }, 'Do you smoke?', '']);
    for (let i = 0; i < 30; i++) s.addRow([]);
    s.addRow(['INTEGER', 'aantal', { formula: 'CONCATENATE("Hoeveel ","per dag?")', result: 'Hoeveel per dag?' }, 'How many?', "${rookt} = '1'"]);
    const c = wb.addWorksheet('choices');
    c.addRow(['list_name', 'name', 'label', 'label::English (en)']);
    c.addRow(['jn', 1, 'Ja', 'Yes']);
    c.addRow(['jn', { formula: '1+1', result: 2 }, 'Nee', 'No']);
    const st = wb.addWorksheet('settings');
    st.addRow(['form_id', 'default_language']);
    st.addRow(['rook', 'Nederlands (nl)']);
    const file = join(tmp, 'odd.xlsx');
    await wb.xlsx.writeFile(file);
    const { questionnaire: r } = await checkXlsform(file);
    const [rookt, aantal] = variablesOf(r);
    expect(rookt?.label).toEqual({ 'Nederlands (nl)': 'Rookt u?', 'English (en)': 'Do you smoke?' });
    expect(aantal?.label['Nederlands (nl)']).toBe('Hoeveel per dag?');
    expect(r.lists[0]?.choices.map((x) => x.code)).toEqual(['1', '2']);
    expect(r.languages).toEqual(['Nederlands (nl)', 'English (en)']);
  });

  it('refuses a faulty .xlsx with every problem located, and creates nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('survey');
    s.addRow(['type', 'name', 'label', 'relevant', 'calculate']);
    s.addRow(['select_one jn', 'groep', 'Groep', '', '']);
    s.addRow(['select_multiple nope', 'Groep', 'Dubbel', '', '']);
    s.addRow(['calculate', 'c1', '', '', '${c2}']);
    s.addRow(['calculate', 'c2', '', '${onbekend} = 1', '${c1}']);
    const c = wb.addWorksheet('choices');
    c.addRow(['list_name', 'name', 'label']);
    c.addRow(['jn', '1', 'Ja']);
    c.addRow(['jn', '1', 'Nee']);
    const file = join(tmp, 'bad.xlsx');
    await wb.xlsx.writeFile(file);
    const err = await checkXlsform(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).issues.map((i) => `${i.file === file} ${i.sheet}!${i.column} ${i.row} ${i.value}`)).toEqual([
      'true survey!A 3 nope',
      'true survey!B 3 Groep',
      'true survey!E 4 ${c2}',
      'true survey!D 5 ${onbekend} = 1',
      'true choices!B 3 1',
    ]);
  });
});

describe('CLI', () => {
  it('questionnaire check passes on the Monitor folder with a summary', async () => {
    const r = await run(['questionnaire', 'check', monitor]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Form id:        monitor_ag_2014 (version 2014.1)');
    expect(r.out).toContain('Variables:      72 (63 questions, 9 calculations)');
    expect(r.out).toMatch(/OK: no errors/);
  });

  it('questionnaire check exits 1 listing every problem as "sheet!column row: message"', async () => {
    const dir = join(tmp, 'broken');
    cpSync(monitor, dir, { recursive: true });
    const survey = readFileSync(join(dir, 'survey.csv'), 'utf8').replace('select_one doelgroep,groep,', 'select_one doelgroepen,groep,').replace('integer,jaren_functie,', 'integer,Groep,');
    writeFileSync(join(dir, 'survey.csv'), survey);
    const r = await run(['questionnaire', 'check', dir]);
    expect(r.code).toBe(1);
    expect(r.out.trim().split('\n')).toEqual([
      "survey!A 5: select list 'doelgroepen' does not exist in the choices sheet",
      "survey!B 15: name 'Groep' differs only in letter case from 'groep'",
    ]);
    expect(r.err).toContain('2 problems');
  });

  it('questionnaire diff tells label-only from structural changes', async () => {
    const dir = join(tmp, 'wave2');
    cpSync(monitor, dir, { recursive: true });
    const choices = readFileSync(join(dir, 'choices.csv'), 'utf8').replace('janee,1,Ja,Yes', 'janee,1,Jazeker,Yes');
    writeFileSync(join(dir, 'choices.csv'), choices);
    const label = await run(['questionnaire', 'diff', monitor, dir]);
    expect(label.out).toContain("label      toestemming: label of code 1 changed from 'Ja' to 'Jazeker'");
    expect(label.out).toMatch(/: label-only\n$/);
    writeFileSync(join(dir, 'choices.csv'), `${choices.trimEnd()}\nkanaal,25,Via een app,Through an app\n`);
    const structural = await run(['questionnaire', 'diff', monitor, dir]);
    expect(structural.out).toContain('structural inc_kanaal: code 25 added (Via een app)');
    expect(structural.out).toMatch(/: structural\n$/);
  });
});
