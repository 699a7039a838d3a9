// CSV files whose lines end differently (a sheet written on Windows with CRLF, rows appended on Linux with LF, an
// old Mac's CR): every CSV reader takes each line as its own row, with the file's row numbers.
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { readFrameFile } from '../../electron/backend/services/frameReader';
import { readCsvTable } from '../../electron/backend/services/weightCsv';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import { createProjectFile, openProjectForWrite, openProjectReadOnly } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { listRules } from '../../electron/backend/db/repos/cleaningRepo';
import { runCli } from '../../electron/cli/cli';
import { tempDir } from '../helpers/tmp';

const MONITOR_DIR = resolve(__dirname, '../../../shared/monitor');
const dir = tempDir();

describe('CSV with mixed line endings', () => {
  it('the sheet reader (sample frames, rule sheets) reads each line as a row, a quoted line break staying in its cell', async () => {
    const file = join(dir, 'frame.csv');
    writeFileSync(file, 'id,naam\r\n1,"Jan\r\nde Vries"\r\n2,Piet\n3,Kees\r4,Anna\n');
    const { table } = await readFrameFile(file);
    expect(table.header).toEqual(['id', 'naam']);
    expect(table.rows.map((r) => [r.row, ...r.cells])).toEqual([
      [2, '1', 'Jan\r\nde Vries'],
      [4, '2', 'Piet'],
      [5, '3', 'Kees'],
      [6, '4', 'Anna'],
    ]);
  });

  it('the weighting CSV reader (targets, weights) too', () => {
    const file = join(dir, 'targets.csv');
    writeFileSync(file, 'variable,category,target\r\ngeslacht,1,0.48\r\ngeslacht,2,0.52\nlaag,1,0.6\nlaag,2,0.4\n');
    const t = readCsvTable(file);
    expect(t.rows).toEqual([
      ['geslacht', '1', '0.48'],
      ['geslacht', '2', '0.52'],
      ['laag', '1', '0.6'],
      ['laag', '2', '0.4'],
    ]);
  });

  it('rules import: rows appended with LF to a CRLF rule sheet are rules of their own (the tester’s case)', async () => {
    const path = join(dir, 'rules.vwk');
    createProjectFile(path, 'Line endings');
    const p = await openProjectForWrite(path, 'test');
    storeQuestionnaire(p.db, (await checkXlsform(MONITOR_DIR)).questionnaire, 'test');
    p.close();
    const csv = join(dir, 'mixed-rules.csv');
    writeFileSync(
      csv,
      '\ufeffname,expression,message,severity,variables,examples,enabled\r\n' +
        'lang_in_functie,${jaren_functie} > 40,Langer dan 40 jaar,warning,jaren_functie,,yes\r\n' +
        'veel_incidenten,${inc_totaal} > 30,Meer dan 30 incidenten,warning,inc_totaal,,yes\n' +
        'geen_groep,${groep} = \'\',Geen groep,error,groep,,no\n',
    );
    let out = '';
    let err = '';
    const code = await runCli(['rules', 'import', path, csv], { out: (t) => (out += t), err: (t) => (err += t) });
    expect(code, err).toBe(0);
    expect(out).toMatch(/Imported 3 edit rules \(0 replaced\): lang_in_functie, veel_incidenten, geen_groep/);
    const r = openProjectReadOnly(path);
    expect(listRules(r.db).map((x) => [x.name, x.expression, x.enabled])).toEqual([
      ['geen_groep', "${groep} = ''", false],
      ['lang_in_functie', '${jaren_functie} > 40', true],
      ['veel_incidenten', '${inc_totaal} > 30', true],
    ]);
    r.close();
  });
});
