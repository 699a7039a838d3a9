// Skip instructions on the paper form (shared/routing/skips.ts): the Monitor questionnaire and small synthetic forms.
import { describe, expect, it } from 'vitest';
import { loadXlsform } from '../../electron/backend/services/xlsformFiles';
import { defaultMissing, isEnterable, placedVariables, valueLabels, type Item, type Questionnaire, type Variable } from '../../shared/domain/questionnaire';
import { createRouter } from '../../shared/routing/router';
import { paperRouting, type PaperRouting, type SkipTarget } from '../../shared/routing/skips';
import { questionNumbers } from '../../renderer/features/questionnaire/model';

function v(name: string, type: Variable['type'], extra: Partial<Variable> = {}): Item {
  return {
    kind: 'variable',
    variable: { name, type, label: { nl: name }, hint: {}, required: true, constraintMessage: {}, softConstraintMessage: {}, identifier: false, ...(type === 'single' || type === 'multiple' ? { listName: 'jn' } : {}), ...extra },
  };
}
const group = (name: string, relevant: string | undefined, items: Item[]): Item => ({ kind: 'group', group: { name, label: { nl: name }, hint: {}, ...(relevant ? { relevant } : {}) }, items });
function form(items: Item[]): Questionnaire {
  return {
    id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl',
    lists: [
      { name: 'jn', choices: [{ code: '1', label: { nl: 'ja' } }, { code: '2', label: { nl: 'nee' } }] },
      { name: 'abc', choices: [{ code: '1', label: { nl: 'a' } }, { code: '2', label: { nl: 'b' } }, { code: '3', label: { nl: 'c' } }] },
    ],
    missingDefaults: { oneDigit: [], twoDigit: [] },
    items,
  };
}
/** The jumps as "question: code→target" strings, targets by name or END. */
function jumpsOf(r: PaperRouting): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, m] of r.jumps) out[name] = Object.fromEntries([...m].map(([c, t]: [string, SkipTarget]) => [c, t.kind === 'end' ? 'END' : t.name]));
  return out;
}

/**
 * Follows the paper form as a respondent with the given answers would, against the real router (shared/routing):
 * arriving at a question that is off route is allowed only when it (or a block around it) carries an "Alleen
 * voor" line; a jump must never pass a question that is on route. Returns the problems found (empty = sound).
 */
const routers = new WeakMap<Questionnaire, ReturnType<typeof createRouter>>();
function followPaper(q: Questionnaire, r: PaperRouting, answers: Record<string, string>): string[] {
  let router = routers.get(q);
  if (!router) routers.set(q, (router = createRouter(q)));
  const state = router.evaluate(answers);
  const placed = placedVariables(q);
  const problems: string[] = [];
  const visited = new Set<string>();
  let i = placed.findIndex((p) => isEnterable(p.variable));
  while (i >= 0 && i < placed.length) {
    const p = placed[i]!;
    const name = p.variable.name;
    let next = placed.findIndex((x, j) => j > i && isEnterable(x.variable));
    if (state.onRoute[i]) {
      visited.add(name);
      const jump = r.jumps.get(name)?.get(String(state.values[i]));
      if (jump) next = jump.kind === 'end' ? -1 : placed.findIndex((x) => x.variable.name === jump.name);
    } else if (!r.questionLines.has(name) && !p.groups.some((g) => r.groupLines.has(g.name))) {
      problems.push(`${name} reached off route without an "Alleen voor" line`);
    }
    i = next;
  }
  placed.forEach((p, j) => {
    if (isEnterable(p.variable) && state.onRoute[j] && !visited.has(p.variable.name)) problems.push(`${p.variable.name} on route but skipped by a jump`);
  });
  return problems;
}

/** Random answers (seeded) to every question, as a respondent who answers what is asked: a code for a single choice, a subset (maybe empty) for a multiple one, small numbers, short texts; off-route answers included (the router empties them). */
function randomAnswers(q: Questionnaire, seed: number): Record<string, string> {
  let x = seed >>> 0 || 1;
  const rnd = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out: Record<string, string> = {};
  for (const { variable: v } of placedVariables(q)) {
    if (!isEnterable(v)) continue;
    if (v.type === 'single' || v.type === 'multiple') {
      const codes = valueLabels(q, v).map((l) => l.code);
      out[v.name] = v.type === 'single' ? codes[Math.floor(rnd() * codes.length)]! : codes.filter(() => rnd() < 0.3).join(' ');
    } else if (v.type === 'integer' || v.type === 'decimal') out[v.name] = String(Math.floor(rnd() * 60));
    else out[v.name] = 'x';
  }
  return out;
}

describe('paper routing on the Monitor 2014 questionnaire (examples/monitor-2014, read from the XLSForm)', async () => {
  const q = await loadXlsform(new URL('../../examples/monitor-2014', import.meta.url).pathname);
  const r = paperRouting(q);
  const num = questionNumbers(q);
  const target = (name: string, code: string) => {
    const t = r.jumps.get(name)?.get(code);
    return t === undefined ? undefined : t.kind === 'end' ? 'END' : num.get(t.name);
  };

  it('Q3 (functie, only office holders): municipal offices go to Q8 (gemgr, laag = 1), the others to Q9, past the employee questions Q4–7', () => {
    expect(num.get('functie')).toBe('3');
    expect(num.get('gemgr')).toBe('8');
    expect(num.get('jaren_functie')).toBe('9');
    for (const c of ['11', '12', '13']) expect(target('functie', c)).toBe('8');
    for (const c of ['21', '22', '23', '31', '32']) expect(target('functie', c)).toBe('9');
  });

  it('gives exactly the skips the XLSForm routing implies', () => {
    const j = jumpsOf(r);
    // toestemming = 2: every later group needs toestemming = 1 → end of the form
    expect(j.toestemming).toMatchObject({ '2': 'END' });
    expect(j.toestemming?.['1']).toBeUndefined();
    // groep = 2 skips functie (groep = 1); groep = 1 goes on with functie
    expect(j.groep).toMatchObject({ '2': 'laag_mw' });
    expect(j.groep?.['1']).toBeUndefined();
    // burgercontact = 2 skips contact_freq; gemgr depends on laag_mw, so it is the next possible question
    expect(j.burgercontact).toMatchObject({ '2': 'gemgr' });
    expect(j.burgercontact?.['1']).toBeUndefined();
    // inc_gemeld: 1 skips the not-reported questions; 2 goes on with them
    expect(j.inc_gemeld).toMatchObject({ '1': 'inc_registr' });
    expect(j.inc_gemeld?.['2']).toBeUndefined();
    // nazorg: 2 skips nazorg_van only; 3 skips both follow-ups, the incident block ends → verm_moeilijk
    expect(j.nazorg).toMatchObject({ '2': 'nazorg_oordeel', '3': 'verm_moeilijk' });
    expect(j.nazorg?.['1']).toBeUndefined();
    expect(j.getuige).toMatchObject({ '2': 'bel_norm' });
    expect(j.inc_kanaal?.['97']).toBeUndefined();
    expect(j.inc_kanaal?.['11']).toBe('inc_thuis');
    expect(j.inc_dader?.['6']).toBeUndefined();
    expect(j.inc_dader?.['1']).toBe('inc_aanleiding');
    expect(Object.keys(j).sort()).toEqual(['burgercontact', 'functie', 'getuige', 'groep', 'inc_dader', 'inc_gemeld', 'inc_kanaal', 'nazorg', 'toestemming']);
  });

  it('prints "Alleen voor" lines only where the condition is not certain on arrival', () => {
    // gemgr (laag = 1): employees reach it from Q6/Q7 whatever their tier; functie/laag_mw/contact_freq are reached only by those they apply to
    expect([...r.questionLines].sort()).toEqual(['gemgr', 'inc_reden_anders', 'inc_registr', 'inc_totaal', 'verzuim_dagen']);
    expect([...r.groupLines]).toEqual(['g_incident']);
  });

  it('a respondent following the printed instructions answers exactly the questions the router puts on route (3000 random cases)', () => {
    for (let seed = 1; seed <= 3000; seed++) expect(followPaper(q, r, randomAnswers(q, seed)), `seed ${seed}`).toEqual([]);
  });

  it('the follower catches a wrong instruction (a jump from Q3 = 11 past Q8, which is on route for a mayor)', () => {
    const wrong: PaperRouting = { ...r, jumps: new Map([...r.jumps, ['functie', new Map([['11', { kind: 'question', name: 'jaren_functie' } as SkipTarget]])]]) };
    const mayor = { ...randomAnswers(q, 7), toestemming: '1', groep: '1', functie: '11' };
    expect(followPaper(q, r, mayor)).toEqual([]);
    expect(followPaper(q, wrong, mayor)).toEqual(['gemgr on route but skipped by a jump']);
  });
});

describe('paper routing on synthetic forms', () => {
  it('grouped relevance: a "no" skips the whole group', () => {
    const r = paperRouting(form([v('f', 'single'), group('g', "${f} = '1'", [v('a', 'integer'), v('b', 'text')]), v('c', 'text')]));
    expect(jumpsOf(r)).toEqual({ f: { '2': 'c' } });
    expect(r.groupLines.size).toBe(0);
    expect(r.questionLines.size).toBe(0);
  });

  it('nested groups: the outer filter jumps to the end, the inner one past the inner group', () => {
    const r = paperRouting(form([
      v('f', 'single'),
      group('outer', "${f} = '1'", [v('g', 'single'), group('inner', "${g} = '1'", [v('a', 'integer'), group('deeper', undefined, [v('b', 'text')])]), v('c', 'text')]),
    ]));
    expect(jumpsOf(r)).toEqual({ f: { '2': 'END' }, g: { '2': 'c' } });
    expect(r.groupLines.size).toBe(0);
  });

  it('multiple choice with selected(): no jumps from the checklist, the follow-up gets an "Alleen voor" line', () => {
    const r = paperRouting(form([v('s', 'single'), v('m', 'multiple', { listName: 'abc' }), v('x', 'text', { relevant: "selected(${m}, '3')" }), v('y', 'text')]));
    expect(jumpsOf(r)).toEqual({});
    expect([...r.questionLines]).toEqual(['x']);
  });

  it('a condition on two variables: skips where one answer decides, an "Alleen voor" line where it does not', () => {
    const r = paperRouting(form([v('a', 'single'), v('b', 'single'), v('c', 'text', { relevant: "${a} = '1' and ${b} = '1'" }), v('d', 'text')]));
    // b = 2 makes the `and` false whatever a is; b = 1 leaves it to a, which differs between respondents
    expect(jumpsOf(r)).toEqual({ b: { '2': 'd' } });
    expect([...r.questionLines]).toEqual(['c']);
    const or = paperRouting(form([v('a', 'single'), v('b', 'single'), v('c', 'text', { relevant: "${a} = '1' or ${b} = '1'" }), v('d', 'text')]));
    expect(jumpsOf(or)).toEqual({});
    expect([...or.questionLines]).toEqual(['c']);
  });

  it('facts known on arrival carry on: a question reached only by a = 1 knows a', () => {
    // b is asked only when a = 1, so at b the condition of c (a = 1 and b = 1) is decided by b alone
    const r = paperRouting(form([v('a', 'single'), v('b', 'single', { relevant: "${a} = '1'" }), v('c', 'text', { relevant: "${a} = '1' and ${b} = '1'" }), v('d', 'text')]));
    expect(jumpsOf(r)).toEqual({ a: { '2': 'd' }, b: { '2': 'd' } });
    expect(r.questionLines.size).toBe(0);
  });

  it('a calculation decides a later filter (like laag from functie in the Monitor)', () => {
    const r = paperRouting(form([
      v('f', 'single', { listName: 'abc' }),
      v('k', 'calculated', { calculate: "if(${f} = '1' or ${f} = '2', 1, 2)" }),
      v('x', 'text', { relevant: '${k} = 1' }),
      v('y', 'text'),
    ]));
    expect(jumpsOf(r)).toEqual({ f: { '3': 'y' } });
    expect(r.questionLines.size).toBe(0);
  });

  it('user-missing codes of a filter question get their own jump', () => {
    const q = { ...form([v('f', 'single'), v('a', 'text', { relevant: "${f} = '1'" }), v('b', 'text')]), missingDefaults: defaultMissing('nl') };
    const j = jumpsOf(paperRouting(q));
    expect(j.f).toEqual({ '2': 'b', '8': 'b', '9': 'b' });
  });

  it('each synthetic form is sound against the router for random answers', () => {
    const forms = [
      form([v('f', 'single'), group('g', "${f} = '1'", [v('a', 'integer'), v('b', 'text')]), v('c', 'text')]),
      form([v('f', 'single'), group('outer', "${f} = '1'", [v('g', 'single'), group('inner', "${g} = '1'", [v('a', 'integer')]), v('c', 'text')])]),
      form([v('s', 'single'), v('m', 'multiple', { listName: 'abc' }), v('x', 'text', { relevant: "selected(${m}, '3')" }), v('y', 'text')]),
      form([v('a', 'single'), v('b', 'single'), v('c', 'text', { relevant: "${a} = '1' and ${b} = '1'" }), v('d', 'text')]),
      form([v('a', 'single'), v('b', 'single', { relevant: "${a} = '1'" }), v('c', 'text', { relevant: "${a} = '1' and ${b} = '1'" }), v('d', 'text')]),
      form([v('a', 'single'), v('b', 'single'), group('g', "${a} = '2' or ${b} = '2'", [v('c', 'text'), v('d', 'single', { relevant: "${b} = '1'" })]), v('e', 'integer', { relevant: "${d} = '2'" }), v('z', 'text')]),
    ];
    for (const f of forms) {
      const r = paperRouting(f);
      for (let seed = 1; seed <= 400; seed++) expect(followPaper(f, r, randomAnswers(f, seed)), `seed ${seed}`).toEqual([]);
    }
  });
});
