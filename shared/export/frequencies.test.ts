// Unit tests of the frequency tables and the Frequencies sheet: counts, percentages and the small-cell flag.
import { describe, expect, it } from 'vitest';
import { frequencyTable, isSmallCell } from './frequencies';
import { frequenciesSheet, type CellValue, type SheetSpec } from './layout';
import { DatasetBuilder, type NumberColumn } from './dataset';
import { defaultMissing, type Questionnaire } from '../domain/questionnaire';

const L = 'nl';
const q: Questionnaire = {
  id: 'q', title: 't', version: '1', languages: [L], defaultLanguage: L, missingDefaults: defaultMissing(L),
  lists: [{ name: 'func', choices: [{ code: '1', label: { [L]: 'Burgemeester' } }, { code: '2', label: { [L]: 'Wethouder' } }, { code: '3', label: { [L]: 'Griffier' } }, { code: '9', label: { [L]: 'Geen antwoord' } }] }],
  items: [
    { kind: 'variable', variable: { name: 'functie', type: 'single', listName: 'func', label: { [L]: 'Functie' }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false, missing: [{ code: '9', label: { [L]: 'Geen antwoord' } }] } },
  ],
};

/** All rows of a sheet spec. */
function rowsOf(sheet: SheetSpec): CellValue[][] {
  return Array.from({ length: sheet.rowCount }, (_, r) => {
    const out: CellValue[] = [];
    sheet.row(r, out);
    return [...out];
  });
}

/** 40 cases: 25 × code 1, 9 × code 2, 0 × code 3, 1 × code 9 (user-missing), 5 empty (system-missing). */
function dataset() {
  const codes = [...Array(25).fill('1'), ...Array(9).fill('2'), '9', ...Array(5).fill(null)] as (string | null)[];
  const b = new DatasetBuilder(q, codes.map((_, i) => String(i + 1).padStart(3, '0')));
  codes.forEach((c, i) => {
    if (c !== null) b.set(i, 'functie', c);
  });
  return b.build();
}

describe('small cells', () => {
  it('isSmallCell: 1 ≤ n < minN (default 10); an empty category is not a small cell', () => {
    expect([0, 1, 9, 10, 11].map((n) => isSmallCell(n))).toEqual([false, true, true, false, false]);
    expect([0, 1, 4, 5].map((n) => isSmallCell(n, 5))).toEqual([false, true, true, false]);
  });

  it('frequencyTable flags each row with 0 < n < minN, user- and system-missing rows too', () => {
    const ds = dataset();
    const col = ds.columns.find((c) => c.name === 'functie') as NumberColumn;
    const t = frequencyTable(ds, col, new Set(['9']), ['1', '2', '3', '9']);
    expect(t.minN).toBe(10);
    expect(t.rows.map((r) => [r.value, r.n, r.smallCell])).toEqual([[1, 25, false], [2, 9, true], [3, 0, false], [9, 1, true], [null, 5, true]]);
    expect(t.rows[1]!.validPercent).toBeCloseTo((100 * 9) / 34, 12);
    const t5 = frequencyTable(ds, col, new Set(['9']), ['1', '2', '3', '9'], 5);
    expect(t5.rows.map((r) => r.smallCell)).toEqual([false, false, false, true, false]);
  });

  it('the Frequencies sheet says "n < 10" in its Flag column on small cells only', () => {
    const sheet = frequenciesSheet(q, dataset());
    expect(sheet.columns.map((c) => c.header)).toEqual(['Variable', 'Label', 'Value', 'Value label', 'n', 'Percent', 'Valid percent', 'Flag']);
    expect(sheet.columns.at(-1)!.comment).toMatch(/fewer than 10 respondents/);
    const [note, ...rows] = rowsOf(sheet);
    expect(note).toEqual(['(note)', 'Populations: n, Percent and Valid percent count all 40 exported cases (no weight chosen).', null, null, null, null, null, null]);
    const flags = rows.map((r) => [r[3], r[4], r[7]]);
    expect(flags).toEqual([
      ['Burgemeester', 25, null],
      ['Wethouder', 9, 'n < 10'],
      ['Griffier', 0, null],
      ['Geen antwoord (missing)', 1, 'n < 10'],
      ['(no value)', 5, 'n < 10'],
      ['Valid total', 34, null],
      ['Total', 40, null],
    ]);
    // Valid total: the base of Valid percent (34 of 40 cases); the Total row has no valid percent.
    expect(rows.at(-2)!.slice(5, 7)).toEqual([(100 * 34) / 40, 100]);
    expect(rows.at(-1)!.slice(5, 7)).toEqual([100, null]);
    expect(rowsOf(frequenciesSheet(q, dataset(), 30)).slice(1).map((r) => r[7] ?? null)).toEqual(['n < 30', 'n < 30', null, 'n < 30', 'n < 30', null, null]);
  });
});

describe('populations with a weight for one group', () => {
  /** The 40 cases of dataset() with a weight w on the first 20 code-1 cases (2 each), 4 code-2 cases (1 each) and 2 empty ones (3 each); the other 14 have none. */
  function weighted() {
    const codes = [...Array(25).fill('1'), ...Array(9).fill('2'), '9', ...Array(5).fill(null)] as (string | null)[];
    const w = codes.map((_, i) => (i < 20 ? '2' : i >= 25 && i < 29 ? '1' : i >= 35 && i < 37 ? '3' : null));
    const qw: Questionnaire = { ...q, items: [...q.items, { kind: 'variable', variable: { name: 'w', type: 'decimal', label: { [L]: 'Gewicht' }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false, missing: [] } }] };
    const b = new DatasetBuilder(qw, codes.map((_, i) => String(i + 1).padStart(3, '0')), { weight: 'w' });
    codes.forEach((c, i) => {
      if (c !== null) b.set(i, 'functie', c);
      if (w[i] !== null) b.set(i, 'w', w[i]!);
    });
    return { qw, ds: b.build() };
  }

  it('the weighted valid percent has its own base: n with weight per row and in the Total; a note states both populations', () => {
    const { qw, ds } = weighted();
    const sheet = frequenciesSheet(qw, ds);
    expect(sheet.columns.map((c) => c.header)).toEqual(['Variable', 'Label', 'Value', 'Value label', 'n', 'Percent', 'Valid percent', 'Weighted valid percent', 'n with weight', 'Flag']);
    const [note, ...rows] = rowsOf(sheet);
    expect(note![0]).toBe('(note)');
    expect(note![1]).toBe('Populations: n, Percent and Valid percent count all 40 exported cases. Weighted valid percent counts only the 26 cases with a weight w '
      + '(a weighting scheme for one group weights only that group; the other cases are outside its population, not weight 0). n with weight counts the cases with a weight unweighted: '
      + 'per value; in the Valid total row the base of the weighted valid percent (cases with a weight and a valid value); in the Total row every case with a weight, those without a valid value too.');
    const f = rows.filter((r) => r[0] === 'functie');
    // code 1: 25 of 34 valid unweighted; weighted 20 × 2 = 40 of 40 + 4 × 1 = 44. The weighted valid percent rests on
    // 24 cases (Valid total); the Total's 26 has the 2 weighted cases without a value in it.
    expect(f.map((r) => [r[3], r[4], r[8], r[9]])).toEqual([
      ['Burgemeester', 25, 20, null],
      ['Wethouder', 9, 4, 'n < 10; n with weight < 10'],
      ['Griffier', 0, 0, null],
      ['Geen antwoord (missing)', 1, 0, 'n < 10'],
      ['(no value)', 5, 2, 'n < 10'],
      ['Valid total', 34, 24, null],
      ['Total', 40, 26, null],
    ]);
    expect(f.at(-2)!.slice(5, 8)).toEqual([(100 * 34) / 40, 100, 100]);
    expect(f.at(-1)!.slice(5, 8)).toEqual([100, null, null]);
    expect(f[0]![6]).toBeCloseTo((100 * 25) / 34, 12);
    expect(f[0]![7]).toBeCloseTo((100 * 40) / 44, 12);
    expect(f[1]![7]).toBeCloseTo((100 * 4) / 44, 12);
  });

  it('flags a weighted percent on 1–9 weighted cases though n is 10 or more ("n with weight < 10"), and a small weighted base', () => {
    // code 1: 38 cases, 7 of them weighted (the tester's gemgr = 1: n 38, n with weight 7); code 2: 12 cases, all weighted.
    const codes = [...Array(38).fill('1'), ...Array(12).fill('2')] as string[];
    const qw: Questionnaire = { ...q, items: [...q.items, { kind: 'variable', variable: { name: 'w', type: 'decimal', label: { [L]: 'Gewicht' }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false, missing: [] } }] };
    const b = new DatasetBuilder(qw, codes.map((_, i) => String(i + 1).padStart(3, '0')), { weight: 'w' });
    codes.forEach((c, i) => {
      b.set(i, 'functie', c);
      if (i < 7 || i >= 38) b.set(i, 'w', '2');
    });
    const sheet = frequenciesSheet(qw, b.build());
    expect(sheet.columns.at(-1)!.comment).toMatch(/"n with weight < 10" when the weighted valid percent rests on fewer than 10 cases with a weight/);
    const f = rowsOf(sheet).filter((r) => r[0] === 'functie');
    // [label, n, weighted valid %, n with weight, flag]: 7 × 2 = 14 of 14 + 24 = 38
    expect(f.map((r) => [r[3], r[4], r[7], r[8], r[9]])).toEqual([
      ['Burgemeester', 38, (100 * 14) / 38, 7, 'n with weight < 10'],
      ['Wethouder', 12, (100 * 24) / 38, 12, null],
      ['Griffier', 0, 0, 0, null],
      ['Geen antwoord (missing)', 0, null, 0, null],
      ['(no value)', 0, null, 0, null],
      ['Valid total', 50, 100, 19, null],
      ['Total', 50, null, 19, null],
    ]);
    // With a threshold of 20 the weighted base of the Valid total (19 cases) is small too.
    expect(rowsOf(frequenciesSheet(qw, b.build(), 20)).filter((r) => r[0] === 'functie').map((r) => r[9])).toEqual(['n with weight < 20', 'n < 20; n with weight < 20', null, null, null, 'n with weight < 20', null]);
  });

  it('says so when every case has a weight', () => {
    const codes = ['1', '2', null];
    const qw: Questionnaire = { ...q, items: [...q.items, { kind: 'variable', variable: { name: 'w', type: 'decimal', label: { [L]: 'Gewicht' }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false, missing: [] } }] };
    const b = new DatasetBuilder(qw, ['a', 'b', 'c'], { weight: 'w' });
    codes.forEach((c, i) => {
      if (c !== null) b.set(i, 'functie', c);
      b.set(i, 'w', '1.5');
    });
    expect(rowsOf(frequenciesSheet(qw, b.build()))[0]![1]).toBe('Populations: every column counts all 3 exported cases; each has a weight w.');
  });
});
