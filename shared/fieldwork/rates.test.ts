// Tests of AAPOR rates against a hand-worked disposition table, the disposition list and the per-stratum report.
import { describe, expect, it } from 'vitest';
import { completeFormOverrides, DISPOSITIONS, dispositionOf, isDispositionCode } from './dispositions';
import { estimateEligibility, outcomeCounts, outcomeRates } from './rates';
import { rateTable } from './report';

// Hand-worked table (260 cases):
//   1.1 complete 120, 1.2 partial 10            → I = 120, P = 10
//   2.11 refusal 20, 2.12 break-off 10          → R = 30
//   2.25 unavailable 15                         → NC = 15
//   2.31 death 5                                → O = 5
//   3.19 nothing returned 60                    → UH = 60
//   3.31 returned undeliverable 10              → UO = 10
//   4.70 no eligible respondent 10              → NE = 10
// By hand: RR1 = 120/250 = 0.48; RR2 = 130/250 = 0.52; with e = 0.5 the RR3/RR4 denominator is
// 130 + 50 + 0.5·70 = 215, RR3 = 120/215, RR4 = 130/215; COOP1 = 120/165, COOP2 = 130/165;
// REF1 = 30/250 = 0.12; REF2 = 30/215; CON1 = 165/250 = 0.66; estimated e = 180/190.
const table = { '1.1': 120, '1.2': 10, '2.11': 20, '2.12': 10, '2.25': 15, '2.31': 5, '3.19': 60, '3.31': 10, '4.70': 10 };

describe('AAPOR rates (Standard Definitions 2023, 10th ed.)', () => {
  it('classifies the hand-worked table', () => {
    expect(outcomeCounts(table)).toEqual({ I: 120, P: 10, R: 30, NC: 15, O: 5, UH: 60, UO: 10, NE: 10 });
  });

  it('RR1, RR2, RR3, RR4, COOP1, COOP2, REF1, REF2, CON1 equal the hand values exactly', () => {
    const r = outcomeRates(outcomeCounts(table), 0.5);
    expect(r.RR1).toBe(0.48);
    expect(r.RR2).toBe(0.52);
    expect(r.RR3).toBe(120 / 215);
    expect(r.RR4).toBe(130 / 215);
    expect(r.COOP1).toBe(120 / 165);
    expect(r.COOP2).toBe(130 / 165);
    expect(r.REF1).toBe(0.12);
    expect(r.REF2).toBe(30 / 215);
    expect(r.CON1).toBe(0.66);
    expect(r.e).toBe(0.5);
  });

  it('estimates e by proportional allocation; e = 1 makes RR3 = RR1; e = 0 drops unknowns', () => {
    const c = outcomeCounts(table);
    expect(estimateEligibility(c)).toBe(180 / 190);
    expect(outcomeRates(c).e).toBe(180 / 190);
    expect(outcomeRates(c, 1).RR3).toBe(outcomeRates(c, 1).RR1);
    expect(outcomeRates(c, 0).RR3).toBe(120 / 180);
    expect(() => outcomeRates(c, 1.2)).toThrow(RangeError);
  });

  it('gives null for an empty denominator', () => {
    const r = outcomeRates(outcomeCounts({ '4.70': 3 }));
    expect(r.RR1).toBeNull();
    expect(r.COOP1).toBeNull();
  });
});

describe('disposition codes', () => {
  it('are unique, AAPOR-numbered, with returned undeliverable as its own code', () => {
    const codes = DISPOSITIONS.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[1-4]\.\d{1,3}$/);
    expect(dispositionOf('3.31')).toMatchObject({ outcome: 'UO', en: 'Returned undeliverable' });
    expect(dispositionOf('3.19').outcome).toBe('UH');
    expect(isDispositionCode('9.9')).toBe(false);
    expect(() => dispositionOf('9.9')).toThrow(RangeError);
  });
  it('each code\'s first digit matches its class (1 = I/P, 2 = R/NC/O, 3 = UH/UO, 4 = NE)', () => {
    const byFirst: Record<string, string[]> = { '1': ['I', 'P'], '2': ['R', 'NC', 'O'], '3': ['UH', 'UO'], '4': ['NE'] };
    for (const d of DISPOSITIONS) expect(byFirst[d.code[0]!]).toContain(d.outcome);
  });
  it('a complete form overrides non-interviews and unknowns, not returns or not-eligible', () => {
    expect(completeFormOverrides('3.19')).toBe(true);
    expect(completeFormOverrides('2.11')).toBe(true);
    expect(completeFormOverrides('1.2')).toBe(false);
    expect(completeFormOverrides('4.70')).toBe(false);
  });
});

describe('rateTable', () => {
  it('tabulates overall and per stratum with one e for all', () => {
    const cases = [
      ...Array.from({ length: 3 }, () => ({ strata: { laag: '1' }, disposition: '1.1' })),
      { strata: { laag: '1' }, disposition: '3.19' },
      { strata: { laag: '2' }, disposition: '2.11' },
      { strata: { laag: '2' }, disposition: '4.70' },
    ];
    const t = rateTable(cases, ['laag'], 'estimate');
    expect(t.e).toBe(4 / 5);
    expect(t.eMethod).toBe('estimated');
    expect(t.overall.sampled).toBe(6);
    expect(t.overall.rates.RR1).toBe(3 / 5);
    expect(t.byStratum[0]!.rows.map((r) => [r.code, r.sampled, r.rates.RR1])).toEqual([['1', 4, 0.75], ['2', 2, 0]]);
    expect(t.dispositions.find((d) => d.code === '1.1')!.count).toBe(3);
    expect(t.dispositions).toHaveLength(DISPOSITIONS.length);
  });
});
