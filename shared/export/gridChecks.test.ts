// The straightlining check per grid group for the codebook (gridChecks) and its column on the export's Variables sheet.
import { describe, expect, it } from 'vitest';
import { defaultMissing, type Item, type Questionnaire, type Variable } from '../domain/questionnaire';
import { DatasetBuilder } from './dataset';
import { gridCheckText, gridChecks } from './gridChecks';
import { variablesSheet, type CellValue, type SheetSpec } from './layout';

function v(name: string, listName: string, type: Variable['type'] = 'single'): Item {
  return { kind: 'variable', variable: { name, type, listName, label: { nl: name }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false } };
}
function group(name: string, setting: string | undefined, items: Item[]): Item {
  return { kind: 'group', group: { name, label: { nl: name }, hint: {}, ...(setting !== undefined ? { extra: { 'veldwerk::straightlining': setting } } : {}) }, items };
}
const choices = (codes: string[]) => codes.map((c) => ({ code: c, label: { nl: `code ${c}` } }));

/** Rating scale (3 codes), a frequency list (4 codes) and yes/no (2 codes). */
const Q: Questionnaire = {
  id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl', missingDefaults: defaultMissing('nl'),
  lists: [{ name: 'eens', choices: choices(['1', '2', '3']) }, { name: 'vaak', choices: choices(['1', '2', '3', '4']) }, { name: 'jn', choices: choices(['1', '2']) }],
  items: [
    v('geslacht', 'jn'),
    group('stellingen', undefined, [v('st1', 'eens'), v('st2', 'eens'), v('st3', 'eens')]), // default rule: checked
    group('incidenten', 'except 1', [v('inc1', 'vaak'), v('inc2', 'vaak'), v('inc3', 'vaak')]), // checked, "never" accepted
    group('meningen', 'no', [v('m1', 'eens'), v('m2', 'eens'), v('m3', 'eens')]), // switched off
    group('jn_lijst', undefined, [v('j1', 'jn'), v('j2', 'jn'), v('j3', 'jn')]), // yes/no: no grid by default
    group('jn_raster', 'yes', [group('binnen', undefined, [v('k1', 'jn'), v('k2', 'jn'), v('k3', 'jn')])]), // setting yes, items one level down: not a grid of its own
    group('gevraagd', 'YES', [v('g1', 'jn'), v('g2', 'jn'), v('g3', 'jn'), v('g_tekst', 'jn', 'multiple')]), // yes on a yes/no list
  ],
};

function rowsOf(s: SheetSpec): CellValue[][] {
  const out: CellValue[][] = [];
  for (let r = 0; r < s.rowCount; r++) {
    const cells = new Array<CellValue>(s.columns.length).fill(null);
    s.row(r, cells);
    out.push([...cells]);
  }
  return out;
}

describe('gridChecks', () => {
  it('lists the checked grids (default rule or setting) and the groups switched off, as the rule run applies them', () => {
    expect([...gridChecks(Q).values()]).toEqual([
      { group: 'stellingen', checked: true, except: [], source: 'default', items: ['st1', 'st2', 'st3'] },
      { group: 'incidenten', checked: true, except: ['1'], source: 'setting', items: ['inc1', 'inc2', 'inc3'] },
      { group: 'meningen', checked: false, except: [], source: 'setting', items: ['m1', 'm2', 'm3'] },
      { group: 'jn_raster', checked: false, except: [], source: 'setting', items: [] },
      { group: 'gevraagd', checked: true, except: [], source: 'setting', items: ['g1', 'g2', 'g3'] },
    ]);
  });

  it('words a check in English for the export', () => {
    const c = gridChecks(Q);
    expect(['stellingen', 'incidenten', 'meningen', 'gevraagd'].map((g) => gridCheckText(c.get(g)!))).toEqual(['yes (default rule)', 'yes, except code 1', 'no', 'yes']);
    expect(gridCheckText({ group: 'x', checked: true, except: ['1', '2'], source: 'setting', items: [] })).toBe('yes, except codes 1, 2');
  });

  it('leaves out a malformed setting instead of throwing', () => {
    const bad: Questionnaire = { ...Q, items: [group('fout', 'misschien', [v('a', 'eens'), v('b', 'eens'), v('c', 'eens')])] };
    expect([...gridChecks(bad).values()]).toEqual([]);
  });
});

describe('Variables sheet: Straightlining check column', () => {
  it('says on each grid item whether its grid is checked, with the group; empty elsewhere', () => {
    const s = variablesSheet(Q, new DatasetBuilder(Q, ['1']).build());
    expect(s.columns.map((c) => c.header).slice(-2)).toEqual(['Identifier', 'Straightlining check']);
    const byName = new Map(rowsOf(s).map((r) => [r[0], r[r.length - 1]]));
    expect(Object.fromEntries(['case_id', 'geslacht', 'st1', 'st3', 'inc2', 'm1', 'j1', 'k1', 'g1', 'g_tekst_1'].map((n) => [n, byName.get(n)]))).toEqual({
      case_id: '',
      geslacht: '',
      st1: 'yes (default rule); group stellingen',
      st3: 'yes (default rule); group stellingen',
      inc2: 'yes, except code 1; group incidenten',
      m1: 'no; group meningen',
      j1: '',
      k1: '',
      g1: 'yes; group gevraagd',
      g_tekst_1: '',
    });
  });
});
