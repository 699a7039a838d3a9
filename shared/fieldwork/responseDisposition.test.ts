import { describe, expect, it } from 'vitest';
import { COMPLETE_MIN_SHARE, PARTIAL_MIN_SHARE, completenessDisposition, rateDisposition } from './responseDisposition';
import { rateTable } from './report';

describe('completenessDisposition (AAPOR thresholds)', () => {
  it('uses ≥80 % complete, 50–80 % partial, <50 % break-off of applicable required questions', () => {
    expect([COMPLETE_MIN_SHARE, PARTIAL_MIN_SHARE]).toEqual([0.8, 0.5]);
    expect(completenessDisposition(52, 19)).toBe('2.12'); // the tester's form: 33 of 52 required questions empty
    expect(completenessDisposition(10, 8)).toBe('1.1');
    expect(completenessDisposition(10, 7)).toBe('1.2');
    expect(completenessDisposition(10, 5)).toBe('1.2');
    expect(completenessDisposition(10, 4)).toBe('2.12');
    expect(completenessDisposition(52, 52)).toBe('1.1');
    expect(completenessDisposition(0, 0)).toBe('1.1');
    expect(() => completenessDisposition(3, 4)).toThrow(RangeError);
  });
});

describe('rateDisposition (exclusions in the response rates)', () => {
  const excl = (exclusion: Parameters<typeof rateDisposition>[0]['forms'][number]['exclusion']) => ({ exclusion });
  it('maps each exclusion reason', () => {
    expect(rateDisposition({ stored: '1.1', beforeReturn: '3.19', forms: [excl(null)] })).toBe('1.1');
    expect(rateDisposition({ stored: '1.1', beforeReturn: '3.19', forms: [excl('tooIncomplete')] })).toBe('1.2');
    expect(rateDisposition({ stored: '2.12', beforeReturn: '3.19', forms: [excl('tooIncomplete')] })).toBe('2.12');
    expect(rateDisposition({ stored: '3.19', beforeReturn: '3.19', forms: [excl('tooIncomplete')] })).toBe('2.12');
    expect(rateDisposition({ stored: '1.1', beforeReturn: '3.19', forms: [excl('outOfScope')] })).toBe('4.90');
    expect(rateDisposition({ stored: '1.1', beforeReturn: '3.19', forms: [excl('refused')] })).toBe('2.11');
    expect(rateDisposition({ stored: '1.1', beforeReturn: '3.31', forms: [excl('testForm')] })).toBe('3.31');
    expect(rateDisposition({ stored: '1.1', beforeReturn: '3.19', forms: [excl('duplicate')] })).toBe('3.19');
    expect(rateDisposition({ stored: '1.1', beforeReturn: '3.19', forms: [excl('duplicate'), excl(null)] })).toBe('1.1');
    expect(rateDisposition({ stored: '1.2', beforeReturn: '3.19', forms: [excl('other')] })).toBe('1.2');
    expect(rateDisposition({ stored: '4.70', beforeReturn: '3.19', forms: [excl('refused')] })).toBe('4.70');
  });
  it('two exclusions (too incomplete, duplicate) take two complete interviews out of RR1, as in the example project', () => {
    const units = [
      ...Array.from({ length: 326 }, () => ({ stored: '1.1', beforeReturn: '3.19', forms: [excl(null)] })),
      ...Array.from({ length: 549 }, () => ({ stored: '3.19', beforeReturn: '3.19', forms: [] })),
    ];
    units[0] = { stored: '1.1', beforeReturn: '3.19', forms: [excl('tooIncomplete')] };
    units[1] = { stored: '1.1', beforeReturn: '3.19', forms: [excl('duplicate')] };
    const t = rateTable(units.map((u) => ({ strata: {}, disposition: rateDisposition(u) })), [], 'estimate');
    expect(t.overall.counts.I).toBe(324);
    expect(t.overall.counts.P).toBe(1);
    expect(t.overall.rates.RR1).toBeCloseTo(324 / 875, 12);
  });
});
