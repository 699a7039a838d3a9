// Tests of sample-frame validation and design weights: each kind of error located by row and column.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from './caseId';
import { parseDecimal, validateFrame, type FrameTable } from './frame';
import { populationWeights, weightFromProbability } from './designWeights';

const f = DEFAULT_CASE_ID_FORMAT;
const id = (n: number) => formatCaseId(n, f);
function table(header: string[], rows: (string | null)[][]): FrameTable {
  return { file: 'frame.csv', header, rows: rows.map((cells, i) => ({ row: i + 2, cells })) };
}
const header = ['case_id', 'groep', 'functie', 'selection_probability', 'naam', 'email', 'mode'];

describe('validateFrame', () => {
  it('accepts a valid frame: roles by column name, 1/π weights, contacts apart', () => {
    const v = validateFrame(table(header, [
      [id(1), '1', '11', '1', 'A. Jansen', 'a@example.nl', 'papier'],
      [id(2), '2', '', '0,25', 'B. de Vries', '', 'web'],
    ]), { caseIdFormat: f, optionalStrata: ['functie'], codes: { groep: ['1', '2'], functie: ['11', '12'] } });
    expect(v.errors).toEqual([]);
    expect(v.columns).toEqual({ caseId: 'case_id', probability: 'selection_probability', weight: null, mode: 'mode', strata: ['groep', 'functie'], contact: ['naam', 'email'] });
    expect(v.cases[1]).toEqual({ row: 3, caseId: id(2), strata: { groep: '2' }, probability: 0.25, designWeight: 4, weightSource: 'probability', mode: 'web', contact: { naam: 'B. de Vries' } });
    expect(v.cases[0]!.contact).toEqual({ naam: 'A. Jansen', email: 'a@example.nl' });
    expect(v.strataSummary[0]).toEqual({ variable: 'groep', codes: [{ code: '1', count: 1 }, { code: '2', count: 1 }] });
  });

  it('lists EVERY problem with row and column: duplicate ID, empty stratum, probability 0 and 1.5, unknown code, bad check digit', () => {
    const bad = `${id(5).slice(0, -1)}${(Number(id(5).slice(-1)) + 1) % 10}`;
    const v = validateFrame(table(header, [
      [id(1), '1', '11', '0.5', '', '', ''],
      [id(1), '1', '11', '0.5', '', '', ''],
      [id(2), '', '11', '0.5', '', '', ''],
      [id(3), '1', '11', '0', '', '', ''],
      [id(4), '1', '11', '1.5', '', '', ''],
      [id(6), '3', '11', '0.5', '', '', ''],
      [bad, '1', '11', '0.5', '', '', 'fax'],
    ]), { caseIdFormat: f, codes: { groep: ['1', '2'] }, existingCaseIds: new Set([id(6)]) });
    const got = v.errors.map((e) => [e.kind, e.row, e.column]);
    expect(got).toEqual([
      ['duplicate-id', 3, 'case_id'],
      ['missing-stratum', 4, 'groep'],
      ['probability', 5, 'selection_probability'],
      ['probability', 6, 'selection_probability'],
      ['existing-id', 7, 'case_id'],
      ['unknown-code', 7, 'groep'],
      ['bad-case-id', 8, 'case_id'],
      ['mode', 8, 'mode'],
    ]);
    for (const e of v.errors) expect(e.file).toBe('frame.csv');
    expect(v.errors[0]!.message).toContain('row 2');
  });

  it('reports missing and duplicate columns and an empty frame', () => {
    expect(validateFrame(table(['groep'], [['1']]), { caseIdFormat: f }).errors.map((e) => e.kind)).toEqual(['missing-column']);
    expect(validateFrame(table(['case_id', 'x', 'X'], [[id(1), '1', '1']]), { caseIdFormat: f }).errors.map((e) => e.kind)).toEqual(['duplicate-column']);
    expect(validateFrame(table(['case_id', 'x'], []), { caseIdFormat: f }).errors.map((e) => e.kind)).toEqual(['empty-frame']);
    expect(validateFrame(table(['case_id', 'x'], [[id(1), '1']]), { caseIdFormat: f, strata: ['y'] }).errors.map((e) => [e.kind, e.column])).toEqual([['missing-column', 'y']]);
  });

  it('assigns case IDs in row order when asked; checks a given weight against 1/π', () => {
    const v = validateFrame(table(['laag', 'design_weight'], [['1', '10'], ['2', '0.5']]), { caseIdFormat: f, assignCaseIdsFrom: 100 });
    expect(v.cases.map((c) => c.caseId)).toEqual([id(100), id(101)]);
    expect(v.errors.map((e) => [e.kind, e.row])).toEqual([['weight', 3]]);
    const w = validateFrame(table(['case_id', 'laag', 'prob', 'design_weight'], [[id(1), '1', '0.5', '3']]), { caseIdFormat: f });
    expect(w.errors.map((e) => e.kind)).toEqual(['weight']);
    const none = validateFrame(table(['case_id', 'laag'], [[id(1), '1']]), { caseIdFormat: f });
    expect(none.warnings.map((e) => e.kind)).toEqual(['weight']);
  });

  it('uses N_h / n_h from population counts and names strata without a count', () => {
    const rows = [[id(1), '1'], [id(2), '1'], [id(3), '2'], [id(4), '3']];
    const pop = { strata: ['laag'], cells: [{ values: { laag: '1' }, count: 100 }, { values: { laag: '2' }, count: 30 }] };
    const v = validateFrame(table(['case_id', 'laag'], rows), { caseIdFormat: f, population: pop });
    expect(v.errors.map((e) => [e.kind, e.row])).toEqual([['population', 5]]);
    const ok = validateFrame(table(['case_id', 'laag'], rows.slice(0, 3)), { caseIdFormat: f, population: pop });
    expect(ok.errors).toEqual([]);
    expect(ok.cases.map((c) => [c.designWeight, c.weightSource])).toEqual([[50, 'population'], [50, 'population'], [30, 'population']]);
  });
});

describe('design weights', () => {
  it('1/π and N_h/n_h', () => {
    expect(weightFromProbability(0.25)).toBe(4);
    expect(weightFromProbability(1)).toBe(1);
    expect(() => weightFromProbability(0)).toThrow(RangeError);
    const r = populationWeights([{ strata: { s: 'a' } }, { strata: { s: 'a' } }, { strata: { s: 'b' } }], { strata: ['s'], cells: [{ values: { s: 'a' }, count: 1 }, { values: { s: 'b' }, count: 9 }] });
    expect(r.weights).toEqual([0.5, 0.5, 9]);
    expect(r.problems.map((p) => p.message)).toEqual(['Stratum s=a has 2 sampled cases but a population of only 1.']);
  });
  it('parses decimals with a point or a Dutch comma', () => {
    expect(parseDecimal('0,25')).toBe(0.25);
    expect(parseDecimal(' 1e-3 ')).toBe(0.001);
    expect(parseDecimal('1.000,5')).toBeNull();
    expect(parseDecimal('abc')).toBeNull();
  });
});
