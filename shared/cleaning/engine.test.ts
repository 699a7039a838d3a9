// Rule runs: each kind of finding, user-missing semantics, edit rules with their example cases, derived variables.
import { describe, expect, it } from 'vitest';
import { defaultMissing, type Item, type Questionnaire, type Variable } from '../domain/questionnaire';
import { DomainError } from '../domain/errors';
import { countViolations, createCleaner, normaliseCode } from './engine';
import { validateDerived, validateEditRule } from './rules';
import type { CleaningCase, EditRule } from './types';

function v(name: string, type: Variable['type'], extra: Partial<Variable> = {}): Item {
  return { kind: 'variable', variable: { name, type, label: { nl: name }, hint: {}, required: true, constraintMessage: {}, softConstraintMessage: {}, identifier: false, ...extra } };
}
const freq = (name: string): Item => v(name, 'single', { listName: 'freq' });
const Q: Questionnaire = {
  id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl',
  lists: [
    { name: 'jn', choices: [{ code: '1', label: { nl: 'ja' } }, { code: '2', label: { nl: 'nee' } }] },
    { name: 'freq', choices: ['1', '2', '3', '4'].map((code) => ({ code, label: { nl: code } })) },
    { name: 'abc', choices: ['a', 'b', 'c'].map((code) => ({ code, label: { nl: code } })) },
  ],
  missingDefaults: defaultMissing('nl'),
  items: [
    v('werk', 'single', { listName: 'jn' }),
    v('uren', 'integer', { relevant: "${werk} = '1'", range: { min: 1, max: 80 }, softConstraint: '. <= 60', softConstraintMessage: { nl: 'Meer dan 60 uur?' } }),
    v('leeftijd', 'integer', { range: { min: 15, max: 99 }, missing: [{ code: '999', label: {} }] }),
    v('geboren', 'date', { required: false }),
    v('naam', 'text', { maxLength: 5, required: false, identifier: true }),
    v('letter', 'single', { listName: 'abc', required: false }),
    { kind: 'group', group: { name: 'g_grid', label: {}, hint: {} }, items: [freq('f1'), freq('f2'), freq('f3'), freq('f4')] },
    v('opm', 'text', { required: false }),
  ],
};
const clean: Record<string, string> = { werk: '1', uren: '40', leeftijd: '44', geboren: '1970-01-01', naam: 'Jan', letter: 'b', f1: '1', f2: '2', f3: '1', f4: '3' };
const today = '2014-03-01';
const ids = (n: number) => String(n).padStart(4, '0');
const runOne = (values: Record<string, string>, rules: EditRule[] = [], opts = {}) =>
  createCleaner(Q, rules).run([{ caseId: '0001', values }], { today, duplicates: false, ...opts }).violations.map((x) => `${x.ruleId} ${x.severity}`);
const rule = (over: Partial<EditRule>): EditRule => ({ name: 'r', expression: 'false()', message: 'm', severity: 'error', variables: [], examples: [], enabled: true, ...over });

describe('a rule run', () => {
  it('reports nothing on a clean case', () => {
    expect(runOne(clean)).toEqual([]);
  });
  it('value validity: codes, ranges, types, lengths, impossible and future dates', () => {
    expect(runOne({ ...clean, werk: '3' })).toContain('code:werk error');
    expect(runOne({ ...clean, leeftijd: '12' })).toEqual(['range:leeftijd error']);
    expect(runOne({ ...clean, leeftijd: 'x' })).toEqual(['type:leeftijd error']);
    expect(runOne({ ...clean, naam: 'Jantje' })).toEqual(['length:naam error']);
    expect(runOne({ ...clean, geboren: '2014-02-30' })).toEqual(['type:geboren error']);
    expect(runOne({ ...clean, geboren: '2015-01-01' })).toEqual(['date:geboren warning']);
  });
  it('routing: answered off route, empty on route; the form soft check', () => {
    expect(runOne({ ...clean, werk: '2' })).toEqual(['offRoute:uren warning']);
    expect(runOne({ ...clean, uren: '' })).toEqual(['required:uren error']);
    expect(runOne({ ...clean, uren: '70' })).toEqual(['soft:uren warning']);
  });
  it('user-missing codes pass ranges and checks, and count apart in nonresponse', () => {
    expect(runOne({ ...clean, leeftijd: '999' })).toEqual([]);
    const r = createCleaner(Q).run([{ caseId: '1', values: { ...clean, leeftijd: '999', werk: '9' } }, { caseId: '2', values: { ...clean, leeftijd: '' } }], { today });
    expect(r.nonresponse.find((x) => x.variable === 'leeftijd')).toEqual({ variable: 'leeftijd', onRoute: 2, systemMissing: 1, userMissing: 1, rate: 1 });
    expect(r.nonresponse.find((x) => x.variable === 'werk')).toMatchObject({ onRoute: 2, userMissing: 1, rate: 0.5 });
  });
  it('normalises imported codes (spaces, letter case) and reports it, never inventing a code', () => {
    expect(runOne({ ...clean, werk: ' 1 ', letter: 'B' })).toEqual(['normalise:werk warning', 'normalise:letter warning']);
    expect(runOne({ ...clean, letter: 'D' })).toEqual(['code:letter error']);
    expect(normaliseCode('1  2', new Set(['1', '2']), new Map(), true)).toBe('1 2');
    expect(normaliseCode('z', new Set(['1']), new Map(), false)).toBeNull();
  });
  it('straightlining: the same valid answer on every grid item; user-missing answers do not count', () => {
    expect(runOne({ ...clean, f1: '2', f2: '2', f3: '2', f4: '2' })).toEqual(['straightlining:g_grid warning']);
    expect(runOne({ ...clean, f1: '9', f2: '9', f3: '9', f4: '9' })).toEqual([]);
  });
  it('straightlining only on rating scales (>= 3 substantive codes), unless the group column says otherwise', () => {
    const jn = (name: string): Item => v(name, 'single', { listName: 'jn' });
    const grids = (extra?: Record<string, string>, list: 'jn' | 'freq' = 'jn') => {
      const item = list === 'jn' ? jn : freq;
      const q: Questionnaire = { ...Q, items: [{ kind: 'group', group: { name: 'g', label: {}, hint: {}, ...(extra ? { extra } : {}) }, items: [item('a'), item('b'), item('c')] }] };
      const c = createCleaner(q);
      return { grids: c.grids.map((g) => [g.group, [...g.exempt]]), run: (x: string) => c.run([{ caseId: '1', values: { a: x, b: x, c: x } }], { duplicates: false }).violations.map((y) => y.ruleId) };
    };
    // Yes/no items (2 substantive codes; 8/9 are user-missing): no grid by default.
    expect(grids().grids).toEqual([]);
    expect(grids().run('2')).toEqual([]);
    // `yes` checks it anyway; `no` switches a rating-scale grid off; `except` accepts one uniform answer.
    expect(grids({ 'veldwerk::straightlining': 'yes' }).run('2')).toEqual(['straightlining:g']);
    expect(grids({ 'veldwerk::straightlining': 'no' }, 'freq').grids).toEqual([]);
    const exc = grids({ 'Veldwerk :: Straightlining': ' except 1 ' }, 'freq');
    expect(exc.grids).toEqual([['g', ['1']]]);
    expect(exc.run('1')).toEqual([]);
    expect(exc.run('4')).toEqual(['straightlining:g']);
    // A malformed cell is refused, naming the group and the column.
    expect(() => grids({ 'veldwerk::straightlining': 'sometimes' }, 'freq')).toThrow(/group 'g': veldwerk::straightlining must be yes, no or 'except <code> …' \(read 'sometimes'\)/);
  });
  it('incomplete cases', () => {
    expect(runOne({ werk: '1' })).toContain('incomplete warning');
    expect(runOne({ ...clean, uren: '' })).not.toContain('incomplete warning');
  });
  it('duplicates: the same case ID twice (spaces, case), identical answers under different IDs', () => {
    const cases: CleaningCase[] = [
      { caseId: '0001', values: clean }, { caseId: '0002', values: { ...clean, uren: '41' } },
      { caseId: ' 0001', values: { ...clean, uren: '42' } }, { caseId: '0003', values: clean }, { caseId: '0004', values: { werk: '2', leeftijd: '30' } }, { caseId: '0005', values: { werk: '2', leeftijd: '30' } },
    ];
    const r = createCleaner(Q).run(cases, { today });
    const got = r.violations.filter((x) => x.kind.startsWith('duplicate')).map((x) => `${x.caseId.trim()} ${x.ruleId}`);
    expect(got.sort()).toEqual(['0001 duplicateAnswers', '0001 duplicateId', '0001 duplicateId', '0003 duplicateAnswers']);
  });
  it('edit rules: trigger on the error condition; user-missing codes read as system-missing', () => {
    const r = rule({ name: 'oud', expression: "${leeftijd} > 67 and ${werk} = '1'", severity: 'warning', message: 'Werkend boven 67' });
    expect(runOne({ ...clean, leeftijd: '70' }, [r])).toEqual(['edit:oud warning']);
    expect(runOne({ ...clean, leeftijd: '999' }, [r])).toEqual([]);
    const m = rule({ name: 'miss', expression: 'missing(${leeftijd})' });
    expect(runOne({ ...clean, leeftijd: '999' }, [m])).toEqual(['edit:miss error']);
    expect(runOne(clean, [{ ...r, enabled: false }])).toEqual([]);
    const v1 = createCleaner(Q, [r]).run([{ caseId: '1', values: { ...clean, leeftijd: '70' } }], { duplicates: false }).violations[0];
    expect(v1).toMatchObject({ variables: ['leeftijd', 'werk'], value: '70', fingerprint: '70\u001f1', message: 'Werkend boven 67' });
  });
  it('edit rules run their example cases as tests', () => {
    const r = rule({ name: 'oud', expression: '${leeftijd} > 67', examples: [{ values: { leeftijd: '70' }, triggers: true }, { values: { leeftijd: '999' }, triggers: false }, { values: { leeftijd: '50' }, triggers: true, note: 'wrong on purpose' }] });
    expect(createCleaner(Q, [r]).testRules()).toEqual([{ rule: 'oud', example: 2, expected: true, actual: false, note: 'wrong on purpose' }]);
  });
  it('validates edit rules and derived variables', () => {
    expect(() => validateEditRule(Q, rule({ expression: '${nope} = 1' }))).toThrow(DomainError);
    expect(() => validateEditRule(Q, rule({ expression: '${werk} = ' }))).toThrow(/Rule r/);
    expect(() => validateEditRule(Q, rule({ name: '1x' }))).toThrow(/must start/);
    expect(() => validateEditRule(Q, rule({ variables: ['zz'] }))).toThrow(/unknown variable zz/);
    expect(() => validateEditRule(Q, rule({ expression: '${werk} = 1' }))).not.toThrow();
    expect(() => validateDerived(Q, [{ name: 'werk', expression: '1', label: '' }])).toThrow(/questionnaire variable/);
    expect(() => validateDerived(Q, [{ name: 'a', expression: '${b}', label: '' }, { name: 'b', expression: '1', label: '' }])).toThrow(DomainError);
  });
  it('derived variables: recodes over cleaned values, usable by edit rules', () => {
    const derived = [
      { name: 'lftgroep', expression: 'if(${leeftijd} = \'\', \'\', if(${leeftijd} < 35, 1, if(${leeftijd} < 55, 2, 3)))', label: 'Leeftijdsgroep' },
      { name: 'jong_werk', expression: "if(${lftgroep} = 1 and ${werk} = '1', 1, 0)", label: '' },
    ];
    const r = createCleaner(Q, [rule({ name: 'jw', expression: '${jong_werk} = 1', severity: 'warning' })], derived).run(
      [{ caseId: '1', values: { ...clean, leeftijd: '20' } }, { caseId: '2', values: clean }, { caseId: '3', values: { ...clean, leeftijd: '999' } }], { duplicates: false },
    );
    expect(r.derived).toEqual({ lftgroep: ['1', '2', ''], jong_werk: ['1', '0', '0'] });
    expect(r.violations.map((x) => `${x.caseId} ${x.ruleId}`)).toEqual(['1 edit:jw']);
  });
  it('an invalid value (text in a number, not a date) is system-missing for derived variables and edit rules, and still a type violation', () => {
    // The tester's case: "7 jaar" in an integer went into the top category (NaN < 5 and NaN < 15 are false).
    const derived = [
      { name: 'lftgroep', expression: "if(${leeftijd} = '', '', if(${leeftijd} < 35, 1, if(${leeftijd} < 55, 2, 3)))", label: '' },
      { name: 'geb', expression: "if(${geboren} = '', 'leeg', 'datum')", label: '' },
      { name: 'werk_x', expression: "if(${werk} = '', 'leeg', ${werk})", label: '' },
      { name: 'letter_x', expression: "if(${letter} = '', 'leeg', ${letter})", label: '' },
    ];
    const rules = [rule({ name: 'leeg', expression: 'missing(${leeftijd})' }), rule({ name: 'datum', expression: "${geboren} = ''", severity: 'warning' })];
    const c = createCleaner(Q, rules, derived);
    const cases: CleaningCase[] = [
      { caseId: '1', values: { ...clean, leeftijd: '7 jaar', geboren: 'morgen', werk: 'j', letter: 'x' } },
      { caseId: '2', values: { ...clean, leeftijd: 'x', geboren: '2014-02-30' } },
      // A plain number kept as text ("020", "4.5" is not whole) is a number to the export, and so to the rules.
      { caseId: '3', values: { ...clean, leeftijd: '020' } },
      { caseId: '4', values: { ...clean, leeftijd: '44.5' } },
      { caseId: '5', values: clean },
    ];
    for (const r of [c.run(cases, { today, duplicates: false }), c.runReference(cases, { today, duplicates: false })]) {
      // werk (codes 1, 2) holds only numbers, so "j" is invalid; letter (codes a, b, c) keeps its unknown code "x".
      expect(r.derived).toEqual({ lftgroep: ['', '', '1', '2', '2'], geb: ['leeg', 'leeg', 'datum', 'datum', 'datum'], werk_x: ['leeg', '1', '1', '1', '1'], letter_x: ['x', 'b', 'b', 'b', 'b'] });
      const byCase = (id: string) => r.violations.filter((x) => x.caseId === id).map((x) => x.ruleId);
      expect(byCase('1')).toEqual(expect.arrayContaining(['type:leeftijd', 'type:geboren', 'code:werk', 'code:letter', 'edit:leeg', 'edit:datum']));
      expect(r.violations.find((x) => x.caseId === '1' && x.ruleId === 'type:leeftijd')?.value).toBe('7 jaar');
      expect(byCase('2')).toEqual(expect.arrayContaining(['type:leeftijd', 'type:geboren', 'edit:leeg', 'edit:datum']));
      expect(byCase('3')).not.toContain('edit:leeg');
      expect(byCase('5')).toEqual([]);
      // Nonresponse still counts the invalid answer as answered (it is a value to correct, not a missing one).
      expect(r.nonresponse.find((x) => x.variable === 'leeftijd')).toMatchObject({ onRoute: 5, systemMissing: 0, userMissing: 0 });
    }
    // Example cases of an edit rule read the same way.
    const ex = rule({ name: 'leeg', expression: 'missing(${leeftijd})', examples: [{ values: { leeftijd: '7 jaar' }, triggers: true }, { values: { leeftijd: '44' }, triggers: false }] });
    expect(createCleaner(Q, [ex]).testRules()).toEqual([]);
  });
  it('counts per rule and severity; progress', () => {
    const seen: number[] = [];
    const cases = Array.from({ length: 2500 }, (_, i) => ({ caseId: ids(i), values: { ...clean, uren: String(1 + (i % 80)) } }));
    const r = createCleaner(Q).run(cases, { today, duplicates: false, onProgress: (d) => seen.push(d) });
    expect(seen).toEqual([1000, 2000, 2500]);
    const over60 = cases.filter((c) => Number(c.values.uren) > 60).length;
    expect(countViolations(r.violations)).toEqual([{ ruleId: 'soft:uren', kind: 'soft', severity: 'warning', count: over60 }]);
  });
});
