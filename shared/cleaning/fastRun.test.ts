// The fast rule run against the plain reference run on random cases, and the compiler's number fast paths against
// the XPath conversions they shortcut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultMissing, type Item, type Questionnaire, type Variable } from '../domain/questionnaire';
import { compile } from '../expr/compile';
import { parse } from '../expr/parser';
import { toNumber, valuesEqual, type Value } from '../expr/values';
import { createCleaner } from './engine';
import type { CleaningCase, DerivedVariable, EditRule } from './types';

function v(name: string, type: Variable['type'], extra: Partial<Variable> = {}): Item {
  return { kind: 'variable', variable: { name, type, label: { nl: name }, hint: {}, required: true, constraintMessage: {}, softConstraintMessage: {}, identifier: false, ...extra } };
}
const freq = (name: string): Item => v(name, 'single', { listName: 'freq' });

/** Every kind of finding: routing (variable and group), codes with letters, multiple choice, ranges, hard and soft checks, dates, lengths, grids, calculations, user-missing codes. */
const Q: Questionnaire = {
  id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl',
  lists: [
    { name: 'jn', choices: [{ code: '1', label: { nl: 'ja' } }, { code: '2', label: { nl: 'nee' } }] },
    { name: 'freq', choices: ['1', '2', '3', '4'].map((code) => ({ code, label: { nl: code } })) },
    { name: 'abc', choices: ['a', 'b', 'C'].map((code) => ({ code, label: { nl: code } })) },
  ],
  missingDefaults: defaultMissing('nl'),
  items: [
    v('werk', 'single', { listName: 'jn' }),
    v('uren', 'integer', { relevant: "${werk} = '1'", range: { min: 1, max: 80 }, constraint: '. >= 1 and . <= 80', constraintMessage: { nl: 'Tussen 1 en 80' }, softConstraint: '. <= 60' }),
    v('leeftijd', 'integer', { range: { min: 15, max: 99 }, missing: [{ code: '999', label: {} }], softConstraint: '. >= ${uren} div 4' }),
    v('bedrag', 'decimal', { required: false, decimals: 1, range: { min: 0 } }),
    v('geboren', 'date', { required: false }),
    v('naam', 'text', { maxLength: 5, required: false, identifier: true }),
    v('letters', 'multiple', { listName: 'abc', required: false }),
    v('totaal', 'calculated', { required: false, calculate: 'if(${werk} = 1, ${uren} * 4, 0)' }),
    { kind: 'group', group: { name: 'g_grid', label: {}, hint: {}, relevant: "${werk} != '2'", extra: { 'veldwerk::straightlining': 'except 4' } }, items: [freq('f1'), freq('f2'), freq('f3'), freq('f4')] },
    v('opm', 'text', { required: false, relevant: "selected(${letters}, 'a')" }),
  ],
};
const RULES: EditRule[] = [
  ['oud', "${leeftijd} > 67 and ${werk} = '1'"], ['veel', '${totaal} >= 240 or ${uren} * 2 > ${leeftijd}'], ['som', 'sum(${f1}, ${f2}, ${f3}) >= 10'],
  ['leeg', 'missing(${leeftijd})'], ['lang', 'string-length(${opm}) > 3 and count-selected(${letters}) = 1'], ['groep', "${lftgroep} = 3 and ${f4} = '1'"],
  ['datum', "${geboren} != '' and ${geboren} > today()"], ['gelijk', '${f1} = ${f2} and ${bedrag} >= 0.5'],
].map(([name, expression], i) => ({ name: name!, expression: expression!, message: name!, severity: i % 2 ? 'error' : 'warning', variables: i === 2 ? ['f1', 'f2'] : [], examples: [], enabled: true }));
const DERIVED: DerivedVariable[] = [
  { name: 'lftgroep', expression: "if(${leeftijd} = '', '', if(${leeftijd} < 35, 1, if(${leeftijd} < 55, 2, 3)))", label: '' },
  { name: 'leeg', expression: "if(${werk} = '', 1, 0) + if(${uren} = '', 2, 0) + if(${bedrag} = '', 4, 0) + if(${geboren} = '', 8, 0) + if(${letters} = '', 16, 0)", label: '' },
];

const POOLS: Record<string, string[]> = {
  // Invalid values (not a number, not a date: read as '' by derived variables and edit rules): werk 'j', uren 'x',
  // leeftijd '7 jaar', bedrag 'abc' and '1,5', geboren '2014-02-30' and 'morgen'; '4.5', '020' and '12.' are numbers.
  werk: ['1', '2', ' 1', '3', '9', '', '8', 'j'],
  uren: ['40', '1', '80', '0', '81', '70', '4.5', 'x', '', '99', ' 12 '],
  leeftijd: ['44', '15', '12', '999', '70', '', '100', '020', '7 jaar'],
  bedrag: ['0', '0.5', '1.25', '-1', '', 'abc', '12.', '1,5'],
  geboren: ['1970-01-01', '2014-02-30', '2015-01-01', '', 'morgen'],
  naam: ['Jan', 'Jantje', ''],
  letters: ['a', 'b', 'a C', 'c', 'A', 'a  b', 'b a', 'd', '', 'a a'],
  f1: ['1', '2', '3', '4', '8', '9', '', '5'], f2: ['1', '2', '4', '9', ''], f3: ['1', '2', '4', ''], f4: ['1', '2', '4', '9', ''],
  opm: ['', 'ok', 'lange tekst', '  '],
};
const NAMES = Object.keys(POOLS);
const ID_POOL = ['0001', '0002', ' 0001', '0003', '00-03', 'abc', 'ABC', '0004'];

const caseArb: fc.Arbitrary<CleaningCase> = fc.record({
  caseId: fc.constantFrom(...ID_POOL),
  values: fc.record(Object.fromEntries(NAMES.map((n) => [n, fc.constantFrom(...POOLS[n]!)])), { requiredKeys: [] }),
});

describe('the fast rule run', () => {
  const cleaner = createCleaner(Q, RULES, DERIVED);
  it('finds exactly what the reference run finds, in the same order, on random cases', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 12 }), fc.constantFrom('', '2014-03-01'), fc.integer({ min: 1, max: 6 }), (cases, today, minAnswers) => {
        const opts = { today, duplicateMinAnswers: minAnswers };
        const reference = cleaner.runReference(cases, opts);
        expect(cleaner.run(cases, opts)).toEqual(reference);
        // The same cases by slot, and by name and slot mixed.
        expect(cleaner.run(cases.map(cleaner.slotCase), opts)).toEqual(reference);
        expect(cleaner.run(cases.map((c, i) => (i % 2 ? cleaner.slotCase(c) : c)), opts)).toEqual(reference);
      }),
      { numRuns: 400 },
    );
  });
  it('finds what the reference run finds when routing reads later variables (dependency order is not paper order) and when it has a cycle', () => {
    // `eerst` is routed by f2, whose group is routed by werk: both are visited before it; werk's ' 1' and eerst's
    // 'A' are normalised, reported in paper order. c1 and c2 form a cycle that `na`'s routing reads.
    const first = v('eerst', 'single', { listName: 'abc', relevant: "${f2} != '9'" });
    const ordered: Questionnaire = { ...Q, items: [first, ...Q.items] };
    const cyclic: Questionnaire = {
      ...ordered,
      items: [...ordered.items, v('c1', 'calculated', { required: false, calculate: '${c2} + 1' }), v('c2', 'calculated', { required: false, calculate: "if(${werk} = '1', ${c1} + 1, 0)" }), v('na', 'integer', { required: false, relevant: '${c1} > 0 or ${eerst} = \'a\'' })],
    };
    const extra = { eerst: fc.constantFrom('a', 'A', 'c', ' b', '', 'x'), na: fc.constantFrom('', '5') };
    const arb: fc.Arbitrary<CleaningCase> = fc.record({
      caseId: fc.constantFrom(...ID_POOL),
      values: fc.record({ ...Object.fromEntries(NAMES.map((n) => [n, fc.constantFrom(...POOLS[n]!)])), ...extra }, { requiredKeys: [] }),
    });
    for (const q of [ordered, cyclic]) {
      const c = createCleaner(q, RULES, DERIVED);
      const order = c.router.plan().order;
      expect([...order]).not.toEqual([...order].sort((a, b) => a - b));
      expect(c.router.plan().acyclic).toBe(q === ordered);
      fc.assert(
        fc.property(fc.array(arb, { minLength: 1, maxLength: 8 }), fc.constantFrom('', '2014-03-01'), (cases, today) => {
          const reference = c.runReference(cases, { today, duplicateMinAnswers: 2 });
          expect(c.run(cases, { today, duplicateMinAnswers: 2 })).toEqual(reference);
          expect(c.run(cases.map(c.slotCase), { today, duplicateMinAnswers: 2 })).toEqual(reference);
        }),
        { numRuns: 250 },
      );
    }
  });
  it('finds identical answer vectors among many cases (hash buckets confirmed on the exact vectors)', () => {
    const base = fc.sample(caseArb, { numRuns: 400, seed: 7 });
    const cases = Array.from({ length: 3000 }, (_, i) => ({ caseId: String(i % 2900), values: base[(i * 7919) % base.length]!.values }));
    const fast = cleaner.run(cases, { today: '2014-03-01' });
    expect(fast).toEqual(cleaner.runReference(cases, { today: '2014-03-01' }));
    expect(cleaner.run(cases.map(cleaner.slotCase), { today: '2014-03-01' })).toEqual(fast);
    expect(fast.violations.filter((x) => x.kind === 'duplicateAnswers').length).toBeGreaterThan(100);
    expect(fast.violations.filter((x) => x.kind === 'duplicateId').length).toBe(200);
  });
});

describe('the compiler number fast paths', () => {
  const text = fc.oneof(
    fc.constantFrom('', ' ', '0', '00', '007', '12', ' 12', '12 ', '1.5', '.5', '5.', '-3', '+4', '1e3', 'abc', '2014-03-01', '2014-02-30', '999999999999999', '9999999999999999'),
    fc.stringMatching(/^[0-9]{1,17}$/),
    fc.string({ maxLength: 4 }),
  );
  const value: fc.Arbitrary<Value> = fc.oneof(text, fc.double(), fc.integer(), fc.boolean());
  const fns = ['<', '<=', '>', '>=', '=', '!=', '+', '-', '*', 'div', 'mod'] as const;
  it('compiled operators equal toNumber/valuesEqual on random values, with and without literals', () => {
    const scope = { slotOf: (n: string) => ({ a: 0, b: 1 })[n] };
    const ops = fns.map((op) => ({ op, fn: compile(parse(`\${a} ${op} \${b}`), scope) }));
    fc.assert(
      fc.property(value, value, (a, b) => {
        for (const { op, fn } of ops) {
          const got = fn({ values: [a, b], self: '', today: '' });
          const x = toNumber(a);
          const y = toNumber(b);
          const want = { '<': x < y, '<=': x <= y, '>': x > y, '>=': x >= y, '=': valuesEqual(a, b), '!=': !valuesEqual(a, b), '+': x + y, '-': x - y, '*': x * y, div: x / y, mod: x % y }[op];
          expect(got, `${String(a)} ${op} ${String(b)}`).toEqual(want);
        }
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(value, fc.oneof(fc.constantFrom('1', '12', '', '2014-01-01', 'a'), fc.nat({ max: 1000 })), (a, lit) => {
        const src = typeof lit === 'number' ? String(lit) : `'${lit}'`;
        for (const op of ['<', '<=', '>', '>=', '=', '!='] as const) {
          const got = compile(parse(`\${a} ${op} ${src}`), scope)({ values: [a, ''], self: '', today: '' });
          const x = toNumber(a);
          const y = toNumber(lit);
          const want = { '<': x < y, '<=': x <= y, '>': x > y, '>=': x >= y, '=': valuesEqual(a, lit), '!=': !valuesEqual(a, lit) }[op];
          expect(got, `${String(a)} ${op} ${src}`).toBe(want);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
