// Unit tests of the Tables sheet's indicator tables: % per row domain with logit CI (R svyciprop) and base n, reference columns, combined weights.
import { describe, expect, it } from 'vitest';
import { combineWeights, tablesSheetContent, type IndicatorTable, type TablesChoice } from './tables';
import { DatasetBuilder } from './dataset';
import { defaultMissing, type Questionnaire, type Variable } from '../domain/questionnaire';

const L = 'nl';
const single = (name: string, listName: string): Variable => ({ name, type: 'single', listName, label: { [L]: name }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false });
const q: Questionnaire = {
  id: 'q', title: 't', version: '1', languages: [L], defaultLanguage: L, missingDefaults: defaultMissing(L),
  lists: [
    { name: 'groep', choices: [{ code: '1', label: { [L]: 'Ambtsdrager' } }, { code: '2', label: { [L]: 'Medewerker' } }] },
    { name: 'janee', choices: [{ code: '1', label: { [L]: 'Ja' } }, { code: '2', label: { [L]: 'Nee' } }] },
  ],
  items: [{ kind: 'variable', variable: single('groep', 'groep') }, { kind: 'variable', variable: single('y', 'janee') }],
};

/** 30 office holders (12 yes) and 20 employees (5 yes, 1 user-missing 9). */
function dataset() {
  const rows: [string, string][] = [
    ...Array.from({ length: 30 }, (_, i): [string, string] => ['1', i < 12 ? '1' : '2']),
    ...Array.from({ length: 20 }, (_, i): [string, string] => ['2', i < 5 ? '1' : i === 19 ? '9' : '2']),
  ];
  const b = new DatasetBuilder(q, rows.map((_, i) => String(i + 1).padStart(3, '0')));
  rows.forEach(([g, y], i) => { b.set(i, 'groep', g); b.set(i, 'y', y); });
  return b.build([]);
}

const headline: IndicatorTable = {
  title: 'Ja per groep', variable: 'y', code: 1,
  rows: [{ label: 'Alle' }, { label: 'Ambtsdragers', where: { variable: 'groep', codes: [1] } }, { label: 'Medewerkers', where: { variable: 'groep', codes: [2] } }],
  references: [{ header: 'Gepubliceerd 2012', source: 'rapport 2012', values: { Ambtsdragers: 38, Medewerkers: 40 } }, { header: 'Gepubliceerd 2014', source: 'rapport 2014', values: { Ambtsdragers: 23, Medewerkers: null } }],
};

describe('indicator tables', () => {
  it('show % of the code per row domain with logit CI, base n, flags and the reference figures, before the by-group tables', () => {
    const ds = dataset();
    const choice: TablesChoice = { variables: ['y'], by: 'groep', indicators: [headline] };
    const c = tablesSheetContent(q, ds, { choice, weights: null });
    expect(c.columns.slice(0, 10).map((x) => x.header)).toEqual(['Variable', 'Code', 'Label', '%', 'CI low', 'CI high', 'n', 'flag', 'Gepubliceerd 2012', 'Gepubliceerd 2014']);
    expect(c.columns.slice(3, 6).map((x) => x.format)).toEqual(['proportion', 'proportion', 'proportion']);
    expect(c.columns.slice(8, 10).map((x) => x.format)).toEqual(['proportion', 'proportion']);
    expect(c.rows[0]).toEqual(['y', null, 'Ja per groep']);
    const [all, pa, mw] = [c.rows[1]!, c.rows[2]!, c.rows[3]!];
    expect(all.slice(0, 3)).toEqual(['y', 1, 'Alle']);
    expect(all[3]).toBeCloseTo(17 / 49, 12); // the user-missing 9 is out of the base
    expect(all[6]).toBe(49);
    expect(pa[3]).toBeCloseTo(12 / 30, 12);
    expect(pa[6]).toBe(30);
    expect(mw[3]).toBeCloseTo(5 / 19, 12);
    expect(mw[6]).toBe(19);
    // logit 95 % CI = R svyciprop(~I(y == 1), subset(svydesign(ids = ~1, weights = ~1), …), na.rm = TRUE)
    // (tests/fixtures/svyciprop/make.R, cases tables_test_*; R's IRLS fit agrees to ~1e-10): asymmetric, not Wald
    const fromR: [typeof all, number, number][] = [[all, 0.22412899109910528, 0.49418011885506313], [pa, 0.2358774872032697, 0.5901257801130587], [mw, 0.10610769537010292, 0.5179652371077217]];
    for (const [r, lo, hi] of fromR) {
      expect(Math.abs((r[4] as number) - lo)).toBeLessThan(2e-9);
      expect(Math.abs((r[5] as number) - hi)).toBeLessThan(2e-9);
      expect((r[3] as number) - (r[4] as number)).not.toBeCloseTo((r[5] as number) - (r[3] as number), 3);
    }
    expect(c.columns[4]!.comment).toContain('logit, as R svyciprop');
    expect(pa.slice(7)).toEqual([null, 0.38, 0.23]);
    expect(mw.slice(7)).toEqual([null, 0.4, null]);
    expect(all.slice(8)).toEqual([null, null]);
    expect(c.rows.some((r) => r[2] === 'Note: Gepubliceerd 2012: rapport 2012')).toBe(true);
    // the by-group table follows under its own header row
    const sub = c.rows.findIndex((r) => r[0] === 'Variable');
    expect(sub).toBeGreaterThan(3);
    expect(c.rows[sub]!.slice(3, 5)).toEqual(['groep=1 %', 'groep=1 CI low']);
    expect(c.rows[sub + 1]).toEqual(['y', null, 'y by groep']);
    // by-group CIs: the same logit intervals (groep = 1, groep = 2, Total) as the indicator rows
    const yes = c.rows[sub + 2]!;
    expect(yes.slice(0, 2)).toEqual(['y', 1]);
    [[4, 0.2358774872032697], [5, 0.5901257801130587], [9, 0.10610769537010292], [10, 0.5179652371077217], [14, 0.22412899109910528], [15, 0.49418011885506313]]
      .forEach(([col, v]) => expect(Math.abs((yes[col!] as number) - v!), `column ${col}`).toBeLessThan(2e-9));
  });

  it('flag or suppress small rows, use combined weights, and leave the sheet unchanged without indicators', () => {
    const ds = dataset();
    const small = tablesSheetContent(q, ds, { choice: { variables: ['y'], by: 'groep', minN: 25, smallCells: 'suppress', indicators: [headline] }, weights: null });
    expect(small.rows[3]!.slice(3, 8)).toEqual([null, null, null, null, 'suppressed: n < 25']);
    // weights per group: office holders 2, employees 10 — combined from two "schemes"
    const n = ds.caseIds.length;
    const wPa = { values: Float64Array.from({ length: n }, (_, i) => (i < 30 ? 2 : Number.NaN)), label: 'pa' };
    const wMw = { values: Float64Array.from({ length: n }, (_, i) => (i < 30 ? Number.NaN : 10)), label: 'mw' };
    const weighted = tablesSheetContent(q, ds, { choice: { variables: ['y'], by: 'groep', indicators: [{ ...headline, weights: ['pa', 'mw'] }] }, weights: null, indicatorWeights: { pa: wPa, mw: wMw } });
    expect(weighted.rows[1]![3]).toBeCloseTo((12 * 2 + 5 * 10) / (30 * 2 + 19 * 10), 12);
    expect(weighted.rows.some((r) => typeof r[2] === 'string' && r[2].includes('weighted with pa + mw'))).toBe(true);
    expect(() => tablesSheetContent(q, ds, { choice: { variables: ['y'], by: 'groep', indicators: [{ ...headline, weights: ['nope'] }] }, weights: null })).toThrow(/nope/);
    expect(() => combineWeights([wPa, wPa], ds.caseIds)).toThrow(/case 001 has a weight in more than one/);
    const plain = tablesSheetContent(q, ds, { choice: { variables: ['y'], by: 'groep' }, weights: null });
    expect(plain.columns[3]!.header).toBe('groep=1 %');
    expect(plain.rows[0]).toEqual(['y', null, 'y by groep']);
    expect(() => tablesSheetContent(q, ds, { choice: { variables: ['y'], by: 'groep', indicators: [{ ...headline, variable: 'nope' }] }, weights: null })).toThrow(/nope/);
  });
});
