// The export rule for stored text that is not a value of its variable's type: empty in Data/CSV, as stored on Labels, counted on Info.
import { describe, expect, it } from 'vitest';
import { defaultMissing, type Item, type Questionnaire, type Variable } from '../domain/questionnaire';
import { csvLine, csvProfile } from './csv';
import { DatasetBuilder } from './dataset';
import { dataSheet, infoSheet, invalidValueCount, labelsSheet, plainNumber, type SheetSpec } from './layout';
import type { CellValue } from './layout';

function v(name: string, type: Variable['type'], extra: Partial<Variable> = {}): Item {
  return { kind: 'variable', variable: { name, type, label: { nl: name }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false, ...extra } };
}
const Q: Questionnaire = {
  id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl', missingDefaults: defaultMissing('nl'),
  lists: [{ name: 'jn', choices: [{ code: '1', label: { nl: 'Ja' } }, { code: '2', label: { nl: 'Nee' } }] }],
  items: [v('toestemming', 'single', { listName: 'jn' }), v('jaren_functie', 'integer'), v('datum', 'date'), v('oordeel', 'calculated', { calculate: "if(${jaren_functie} > 10, 'lang', 'kort')" })],
};

function rowsOf(s: SheetSpec): CellValue[][] {
  const out: CellValue[][] = [];
  for (let r = 0; r < s.rowCount; r++) {
    const cells = new Array<CellValue>(s.columns.length).fill(null);
    s.row(r, cells);
    out.push([...cells]);
  }
  return out;
}

const META = { projectTitle: 't', projectId: 'p', questionnaireId: 'q', questionnaireVersion: '1', exportedAt: 'now', appVersion: '0', filters: [], excludedCount: 0, includeIdentifiers: false, identifiersLeftOut: [] };

function build() {
  const stored: [string, string, string][] = [
    ['1', '7 jaar', '2014-03-01'],
    ['Ja', '12,5', 'gisteren'],
    ['2', '034', ''],
    ['1', '12.5', '2014-04-02'],
  ];
  const b = new DatasetBuilder(Q, stored.map((_, i) => `00000${i}`));
  stored.forEach(([t, j, d], i) => {
    b.set(i, 'toestemming', t);
    b.set(i, 'jaren_functie', j);
    b.set(i, 'datum', d);
    b.set(i, 'oordeel', i === 0 ? 'kort' : '');
  });
  return b.build();
}

describe('text in a numeric or date variable', () => {
  it('plainNumber: plain decimals (leading zeros, exponent) are numbers; "7 jaar", "12,5", "" are not', () => {
    expect(['034', '12.5', '-1e3', ' 7 ', '7 jaar', '12,5', '', '.'].map(plainNumber)).toEqual([34, 12.5, -1000, 7, null, null, null, null]);
  });

  it('Data sheet and CSV: system-missing (empty); numbers kept as text there are written as numbers; 12.5 in an integer stays 12.5; a calculated text stays', () => {
    const ds = build();
    const data = rowsOf(dataSheet(Q, ds));
    expect(data.map((r) => r.slice(1))).toEqual([
      [1, null, 41699, 'kort'],
      [null, null, null, null],
      [2, 34, null, null],
      [1, 12.5, 41731, null],
    ]);
    const profile = csvProfile('nl');
    const dateCols = [false, false, false, true, false];
    expect(data.map((r) => csvLine(r, dateCols, profile))).toEqual(['000000;1;;2014-03-01;kort\r\n', '000001;;;;\r\n', '000002;2;34;;\r\n', '000003;1;12,5;2014-04-02;\r\n']);
  });

  it('Labels sheet: the stored text as it is; Info: the count of values left empty (unknown code "Ja", "7 jaar", "12,5", "gisteren")', () => {
    const ds = build();
    expect(rowsOf(labelsSheet(Q, ds)).map((r) => r.slice(1))).toEqual([
      ['Ja', '7 jaar', 41699, 'kort'],
      ['Ja', '12,5', 'gisteren', null],
      ['Nee', '034', null, null],
      ['Ja', 12.5, 41731, null],
    ]);
    // Counted from the chunks before the Data sheet was written, and while writing (each row once, also when a
    // second Data sheet for the CSV reads the rows again).
    expect(invalidValueCount(ds)).toBe(4);
    const data = dataSheet(Q, ds);
    rowsOf(data);
    rowsOf(dataSheet(Q, ds));
    expect(invalidValueCount(ds)).toBe(4);
    const info = rowsOf(infoSheet(META, ds, { dataSha256: 'x', truncatedCells: 0, notes: [] }));
    expect(info.find((r) => r[0] === 'Invalid values left empty')).toEqual(['Invalid values left empty', 4]);
    expect(String(info.find((r) => r[0] === 'Invalid values')?.[1])).toMatch(/system-missing .* Labels sheet shows the stored text/);
  });
});
