// Routing: on route per answers, group routing, calculations in dependency order, next/previous field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultMissing, type Item, type Questionnaire, type Variable } from '../domain/questionnaire';
import { createRouter, fieldsOnRoute, isOnRoute, nextField, previousField, valueOf } from './router';

function v(name: string, type: Variable['type'], extra: Partial<Variable> = {}): Item {
  return { kind: 'variable', variable: { name, type, label: { nl: name }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false, ...(type === 'single' ? { listName: 'jn' } : {}), ...extra } };
}
const group = (name: string, relevant: string | undefined, items: Item[]): Item => ({ kind: 'group', group: { name, label: {}, hint: {}, ...(relevant ? { relevant } : {}) }, items });
const Q: Questionnaire = {
  id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl',
  lists: [{ name: 'jn', choices: [{ code: '1', label: { nl: 'ja' } }, { code: '2', label: { nl: 'nee' } }] }],
  missingDefaults: defaultMissing('nl'),
  items: [
    v('intro', 'note'),
    v('toestemming', 'single'),
    group('g', "${toestemming} = '1'", [
      v('a1', 'integer'),
      v('a2', 'integer'),
      // calculation placed before the answers it reads: evaluated in dependency order anyway
      v('somvooraf', 'calculated', { calculate: 'sum(${a1}, ${a2})' }),
      v('hoog', 'calculated', { calculate: 'if(${som} > 10, 1, 0)' }),
      v('som', 'calculated', { calculate: '${a1} + ${a2}' }),
      v('vervolg', 'single', { relevant: '${hoog} = 1' }),
      group('binnen', "${vervolg} = '1'", [v('detail', 'text')]),
    ]),
    v('eind', 'text', { relevant: "${toestemming} = '1'" }),
  ],
};
const r = createRouter(Q);

describe('routing', () => {
  it('puts everything behind a false group condition off route and empties it', () => {
    const s = r.evaluate({ toestemming: '2', a1: 5, a2: 9, vervolg: '1', detail: 'x' });
    expect(fieldsOnRoute(r, s)).toEqual(['toestemming']);
    expect(valueOf(r, s, 'a1')).toBe('');
    expect(valueOf(r, s, 'som')).toBe('');
    expect(s.answers[r.slotOf('a1')!]).toBe(5); // the keyed answer is kept for the "answered but skipped" check
  });
  it('computes calculations in dependency order and routes on them', () => {
    const s = r.evaluate({ toestemming: '1', a1: 5, a2: 9 });
    expect(valueOf(r, s, 'som')).toBe(14);
    expect(valueOf(r, s, 'hoog')).toBe(1);
    expect(isOnRoute(r, s, 'vervolg')).toBe(true);
    expect(isOnRoute(r, s, 'detail')).toBe(false);
    expect(fieldsOnRoute(r, s)).toEqual(['toestemming', 'a1', 'a2', 'vervolg', 'eind']);
  });
  it('nested groups need every enclosing condition', () => {
    expect(fieldsOnRoute(r, r.evaluate({ toestemming: '1', a1: 5, a2: 9, vervolg: '1' }))).toContain('detail');
    expect(fieldsOnRoute(r, r.evaluate({ toestemming: '1', a1: 1, a2: 1, vervolg: '1' }))).not.toContain('detail');
  });
  it('a calculation on empty answers is empty, and what reads it sees empty', () => {
    const s = r.evaluate({ toestemming: '1' });
    expect(valueOf(r, s, 'som')).toBe('');
    expect(valueOf(r, s, 'somvooraf')).toBe(0);
    expect(valueOf(r, s, 'hoog')).toBe(0);
    expect(isOnRoute(r, s, 'vervolg')).toBe(false);
  });
  it('next and previous field skip notes, calculations and fields off route', () => {
    const s = r.evaluate({ toestemming: '1', a1: 1, a2: 1 });
    expect(nextField(r, s, null)).toBe('toestemming');
    expect(nextField(r, s, 'a2')).toBe('eind');
    expect(nextField(r, s, 'eind')).toBeUndefined();
    expect(previousField(r, s, 'eind')).toBe('a2');
    expect(previousField(r, s, 'toestemming')).toBeUndefined();
    expect(previousField(r, s, null)).toBe('eind');
  });
  it('refuses expressions that do not compile, listing them all', () => {
    const bad: Questionnaire = { ...Q, items: [v('x', 'integer', { relevant: '${nope} = 1' }), v('y', 'calculated', { calculate: '1 +' })] };
    expect(() => createRouter(bad)).toThrow(expect.objectContaining({ code: 'EXPRESSION_ERROR', issues: [expect.anything(), expect.anything()] }));
  });
  it('the reusable evaluator equals evaluateSlots, and the acyclic path equals the path for questionnaires with a cycle', () => {
    // A variable whose relevant reads itself; the same questionnaire with an unrelated cycle of two calculations.
    const base: Questionnaire = { ...Q, items: [...Q.items, v('zelf', 'integer', { relevant: '${zelf} != 9 or ${a1} > 2' })] };
    const cyclic: Questionnaire = { ...base, items: [...base.items, v('c1', 'calculated', { calculate: '${c2} + 1' }), v('c2', 'calculated', { calculate: '${c1} + 1' })] };
    const ra = createRouter(base);
    const rc = createRouter(cyclic);
    const n = ra.variables.length;
    const ev = ra.evaluator();
    const evShared = ra.evaluator({ answersAreValues: true });
    const evCyclic = rc.evaluator({ answersAreValues: true });
    const pick = (xs: string[]): fc.Arbitrary<string> => fc.constantFrom(...xs);
    const answers = fc.record({
      toestemming: pick(['1', '2', '']), a1: pick(['', '1', '5', '9', 'x']), a2: pick(['', '1', '9']), vervolg: pick(['1', '2', '']),
      detail: pick(['', 'tekst']), eind: pick(['', 'eind']), zelf: pick(['', '9', '3']),
    });
    fc.assert(
      fc.property(answers, (a) => {
        const raw = ra.variables.map((x) => (a as Record<string, string>)[x.name] ?? '');
        const want = ra.evaluateSlots(raw, '2014-01-01');
        expect(ev(raw, '2014-01-01')).toEqual(want);
        expect(evShared(raw, '2014-01-01')).toEqual(want);
        const c = evCyclic([...raw, '', ''], '2014-01-01');
        expect([c.onRoute.slice(0, n), c.values.slice(0, n), c.answers.slice(0, n)]).toEqual([want.onRoute, want.values, want.answers]);
      }),
      { numRuns: 300 },
    );
    const off = ra.evaluateSlots(ra.variables.map((x) => (x.name === 'zelf' ? '9' : '')));
    expect(isOnRoute(ra, off, 'zelf')).toBe(false);
  });
});
