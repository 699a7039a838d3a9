// Static check of expressions against a questionnaire: unknown names, types, cycles, routing order.
import { describe, expect, it } from 'vitest';
import { checkExpr, checkExpressions } from './check';
import { parse } from './parser';
import { defaultMissing, type Item, type Questionnaire, type Variable } from '../domain/questionnaire';

function v(name: string, type: Variable['type'], extra: Partial<Variable> = {}): Item {
  return { kind: 'variable', variable: { name, type, label: { nl: name }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false, ...extra } };
}
function q(items: Item[]): Questionnaire {
  return {
    id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl', items,
    lists: [{ name: 'jn', choices: [{ code: '1', label: { nl: 'ja' } }, { code: '2', label: { nl: 'nee' } }] }],
    missingDefaults: defaultMissing('nl'),
  };
}
const scope = {
  lookup: (n: string) =>
    ({ a: { type: 'single', index: 0, codes: new Set(['1', '2', '8', '9']) }, m: { type: 'multiple', index: 1 }, t: { type: 'text', index: 2 }, n: { type: 'integer', index: 3 }, note1: { type: 'note', index: 4 } } as const)[n as 'a'],
};
const msgs = (src: string, self?: boolean) => checkExpr(parse(src), { ...scope, ...(self ? { self: { type: 'integer' as const, index: 3 } } : {}) }).map((p) => `${p.severity}: ${p.message} @${p.span.start}`);

describe('checkExpr', () => {
  it('flags unknown names with their position', () => {
    expect(msgs('${a} = 1 and ${zz} = 2')).toEqual(['error: unknown variable ${zz} @13']);
  });
  it('flags type mismatches', () => {
    expect(msgs('${t} + 1')[0]).toMatch(/type mismatch: '\+' needs a number, not a text/);
    expect(msgs("${m} = '1'")[0]).toMatch(/selected\(\)/);
    expect(msgs("selected(${n}, '1')")[0]).toMatch(/needs a choice variable/);
    expect(msgs("${n} > 'abc'")[0]).toMatch(/the text 'abc'/);
    expect(msgs("${n} > '5'")).toEqual([]);
    expect(msgs('${note1} = 1')[0]).toMatch(/is a note/);
  });
  it('warns for codes not in the list and rejects bad regex patterns', () => {
    expect(msgs("${a} = '7'")).toEqual(["warning: code 7 is not a code of ${a} @7"]);
    expect(msgs("${a} = '9'")).toEqual([]);
    expect(msgs("regex(${t}, '(')")[0]).toMatch(/invalid regular expression/);
  });
  it("allows '.' only where there is a current value", () => {
    expect(msgs('. > 1')[0]).toMatch(/has no meaning here/);
    expect(msgs('. > 1', true)).toEqual([]);
  });
});

describe('checkExpressions', () => {
  it('finds cycles among calculations', () => {
    const probs = checkExpressions(q([v('c1', 'calculated', { calculate: '${c2} + 1' }), v('c2', 'calculated', { calculate: '${c1} + 1' })]));
    expect(probs.filter((p) => p.severity === 'error').map((p) => p.message)).toEqual(['cycle among calculations: c1 → c2 → c1']);
  });
  it('finds a calculation reading itself', () => {
    const probs = checkExpressions(q([v('c1', 'calculated', { calculate: '${c1} + 1' })]));
    expect(probs.map((p) => p.message)).toEqual(['cycle among calculations: c1 → c1']);
  });
  it('warns when routing refers to a later question, including group routing', () => {
    const probs = checkExpressions(
      q([
        v('a', 'single', { listName: 'jn', relevant: "${b} = '1'" }),
        v('b', 'single', { listName: 'jn' }),
        { kind: 'group', group: { name: 'g', label: {}, hint: {}, relevant: "${d} = '1'" }, items: [v('c', 'single', { listName: 'jn' })] },
        v('d', 'single', { listName: 'jn' }),
      ]),
    );
    expect(probs.map((p) => [p.severity, p.target.kind === 'item' ? p.target.name : '', p.message])).toEqual([
      ['warning', 'a', 'routing refers to ${b}, which comes later in the questionnaire'],
      ['warning', 'g', 'routing refers to ${d}, which comes later in the questionnaire'],
    ]);
  });
  it('reports a group whose routing reads its own member as a cycle', () => {
    const probs = checkExpressions(q([{ kind: 'group', group: { name: 'g', label: {}, hint: {}, relevant: "${c} = '1'" }, items: [v('c', 'single', { listName: 'jn' })] }]));
    expect(probs.filter((p) => p.severity === 'error').map((p) => p.message)).toEqual(['cycle among calculations and routing: c → c']);
  });
  it('reports syntax errors with their span and field', () => {
    const [p] = checkExpressions(q([v('a', 'integer', { constraint: '. >= 1 and' })]));
    expect(p).toMatchObject({ severity: 'error', target: { kind: 'item', index: 0, field: 'constraint' }, span: { start: 10 } });
  });
  it("rejects '.' in a calculation", () => {
    const [p] = checkExpressions(q([v('c', 'calculated', { calculate: '. + 1' })]));
    expect(p?.message).toMatch(/no meaning/);
  });
});
