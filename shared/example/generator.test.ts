// Example generator: same seed → same data; the population's true rates equal the published 2014 figures.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateExample } from './generator';
import { HEADLINE_2014, PUBLISHED_BY_FUNCTIE } from './model';
import { createRng } from './prng';

const csv = readFileSync(new URL('../../examples/monitor-2014/population-2014.csv', import.meta.url), 'utf8');

describe('example generator', () => {
  it('is deterministic: the same seed gives the same example, another seed another one', () => {
    const a = generateExample(csv, 7, 'small');
    const b = generateExample(csv, 7, 'small');
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(generateExample(csv, 8, 'small').cases)).not.toBe(JSON.stringify(a.cases));
    expect(createRng(1).next()).toBe(createRng(1).next());
  });

  it('the true population rates equal the published 2014 headline figures', () => {
    const ex = generateExample(csv, 2014, 'small');
    expect(ex.truth.populationSize).toEqual({ officeHolders: 12216, employees: 306700 });
    expect(ex.truth.victimisation.employees).toBeCloseTo(HEADLINE_2014.victimisation.employees, 4);
    expect(ex.truth.victimisation.officeHolders).toBeCloseTo(HEADLINE_2014.victimisation.officeHolders, 3);
    for (const [f, r] of Object.entries(PUBLISHED_BY_FUNCTIE)) expect(ex.truth.victimisation.byFunctie[f]).toBeCloseTo(r, 2);
  });

  it('small is about 300 respondents with paper and web, nonresponse differing by stratum, and planted keying errors', () => {
    const ex = generateExample(csv, 2014, 'small');
    const resp = ex.cases.filter((c) => c.responds);
    expect(resp.length).toBeGreaterThan(200);
    expect(resp.length).toBeLessThan(450);
    expect(resp.some((c) => c.mode === 'paper') && resp.some((c) => c.mode === 'web')).toBe(true);
    const rr = (pred: (s: string) => boolean) => { const c = ex.cases.filter((x) => pred(x.person.stratum)); return c.filter((x) => x.responds).length / c.length; };
    expect(rr((s) => s.startsWith('pa11'))).toBeGreaterThan(rr((s) => s.startsWith('pa13')));
    expect(ex.planted.length).toBeGreaterThan(0);
    // public contact raises victimisation
    const emp = ex.cases.filter((c) => c.person.groep === 2);
    const v = (pc: boolean) => { const g = emp.filter((c) => c.person.publicContact === pc); return g.filter((c) => c.person.victim).length / g.length; };
    expect(v(true)).toBeGreaterThan(v(false));
  });

  it('plants one data error of each kind in web respondents, with the true value kept', () => {
    const ex = generateExample(csv, 2014, 'small');
    expect(ex.dataErrors.map((e) => e.kind)).toEqual(['range', 'offRoute', 'rule', 'duplicate']);
    const byNumber = new Map(ex.cases.map((c) => [c.caseNumber, c]));
    const range = ex.dataErrors[0]!;
    expect(Number(range.recorded)).toBeGreaterThan(50);
    expect(byNumber.get(range.caseNumber)?.answers?.jaren_functie).toBe(range.recorded);
    expect(Number(range.value)).toBeLessThanOrEqual(50);
    const off = ex.dataErrors[1]!;
    expect(byNumber.get(off.caseNumber)?.answers?.inc_totaal).toBe(off.recorded);
    expect(byNumber.get(off.caseNumber)?.person.victim).toBe(false);
    const rule = ex.dataErrors[2]!;
    expect(rule.recorded).toBe(`${rule.value}0`);
    const dup = ex.dataErrors[3]!;
    const twin = byNumber.get(dup.caseNumber)!, real = byNumber.get(dup.duplicateOf!)!;
    expect(twin.responds).toBe(false);
    expect(twin.person.stratum).toBe(real.person.stratum);
    expect(twin.answers).toEqual(real.answers);
    expect(new Set(ex.dataErrors.map((e) => e.caseNumber)).size).toBe(4);
    for (const e of ex.dataErrors.slice(0, 3)) expect(byNumber.get(e.caseNumber)?.mode).toBe('web');
  });
});
