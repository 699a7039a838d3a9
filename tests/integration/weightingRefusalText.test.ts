// A weighting run refused for its input names every problem cell of a crossed margin by its components
// ("laag = 1 × geslacht = 2", not the composite code 12), one issue per problem with a reason and params, which the
// UI words in Dutch and English (renderer/api/errorText.ts): the tester's "laag*geslacht = 13" and
// "laag*geslacht1 respondents in a category without target" (twice, the second cell unnamed). On a real SQLite
// project file (Monitor questionnaire, synthetic employees: every laag × geslacht cell has respondents).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';
import { localizeError } from '../../renderer/api/errorText';
import { openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { finalValues } from '../../electron/backend/db/repos/weightingRepo';
import { runScheme, saveScheme } from '../../electron/backend/services/weighting';
import type { ResultError } from '../../shared/contract/result';
import { DomainError } from '../../shared/domain/errors';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject } from './weightingFixture';

const dir = tempDir('veldwerk-weigh-refusal-');
let p: ProjectDb;
let tNl: TFunction;
let tEn: TFunction;
/** Employee case IDs per laag*geslacht cell, e.g. '1*2'. */
const cellIds = new Map<string, string[]>();

function refusal(f: () => unknown): ResultError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return JSON.parse(JSON.stringify({ code: e.code, message: e.message, issues: e.issues })) as ResultError;
    throw e;
  }
  throw new Error('not refused');
}

beforeAll(async () => {
  const inst = i18next.createInstance();
  await inst.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'nl', fallbackLng: 'nl', interpolation: { escapeValue: false } });
  tNl = inst.getFixedT('nl');
  tEn = inst.getFixedT('en');
  const path = await createMonitorProject(join(dir, 'p.vwk'), { officeHolders: 4, employees: 40, excluded: 0, open: 0, seed: 11 });
  p = await openProjectForWrite(path, 'test');
  const v = finalValues(p.db, ['groep', 'laag', 'geslacht']);
  for (const r of p.db.prepare('SELECT id, case_id AS caseId FROM case_record ORDER BY case_id').all() as { id: number; caseId: string }[]) {
    if (v.get('groep')!.get(r.id) !== '2') continue;
    const key = `${v.get('laag')!.get(r.id)}*${v.get('geslacht')!.get(r.id)}`;
    cellIds.set(key, [...(cellIds.get(key) ?? []), r.caseId]);
  }
}, 120_000);
afterAll(() => p.close());

describe('a weighting refusal in words', () => {
  it('names each cell of a crossed margin without a target by its components, in Dutch and English', () => {
    // Targets for every laag × geslacht cell except 1 × 2 and 4 × 2 (both have respondents).
    const cells = [[1, 1], [2, 1], [2, 2], [3, 1], [3, 2], [4, 1]].map((codes) => ({ codes, value: 100 }));
    saveScheme(p.db, { name: 'mw', group: { variable: 'groep', codes: [2] }, method: 'rake', weightVariable: 'w_mw', weightVariableN: null, margins: [{ variables: ['laag', 'geslacht'], categories: cells }] }, 'anna');
    const e = refusal(() => runScheme(p.db, 'mw', 'anna'));
    const a = cellIds.get('1*2')!;
    const b = cellIds.get('4*2')!;
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(e.code).toBe('WEIGHTING_INPUT');
    expect(e.message).toMatch(/^Sample category laag = 1 × geslacht = 2 has \d+ respondents? but no target/);
    expect(e.message).not.toMatch(/laag\*geslacht = \d/);
    const ids = (l: string[]) => (l.length > 20 ? `${l.slice(0, 20).join(', ')}, … (${l.length} in all)` : l.join(', '));
    expect(e.issues?.map((i) => [i.reason, i.params])).toEqual([
      ['weighting.input.noTarget', { category: 'laag = 1 × geslacht = 2', count: a.length, ids: ids(a) }],
      ['weighting.input.noTarget', { category: 'laag = 4 × geslacht = 2', count: b.length, ids: ids(b) }],
    ]);
    const resp = (n: number, nlText: boolean) => (nlText ? (n === 1 ? 'respondent' : 'respondenten') : n === 1 ? 'respondent' : 'respondents');
    const shownNl = localizeError(e, tNl);
    expect(shownNl.message).toBe('2 problemen:');
    expect(shownNl.issues?.map((i) => i.message)).toEqual([
      `laag = 1 × geslacht = 2: ${a.length} ${resp(a.length, true)} maar geen streefwaarde (${ids(a)}). Geef een populatieaantal op, hercodeer of voeg de categorie samen met een andere.`,
      `laag = 4 × geslacht = 2: ${b.length} ${resp(b.length, true)} maar geen streefwaarde (${ids(b)}). Geef een populatieaantal op, hercodeer of voeg de categorie samen met een andere.`,
    ]);
    expect(localizeError(e, tEn).issues?.[1]?.message).toBe(`laag = 4 × geslacht = 2: ${b.length} ${resp(b.length, false)} but no target (${ids(b)}). Add a population count, recode, or collapse the category with another.`);
  });

  it('a target cell without respondents is named the same way', () => {
    const cells = [[1, 1], [1, 2], [2, 1], [2, 2], [3, 1], [3, 2], [4, 1], [4, 2], [5, 1]].map((codes) => ({ codes, value: 100 }));
    saveScheme(p.db, { name: 'mw', group: { variable: 'groep', codes: [2] }, method: 'rake', weightVariable: 'w_mw', weightVariableN: null, margins: [{ variables: ['laag', 'geslacht'], categories: cells }] }, 'anna');
    const e = refusal(() => runScheme(p.db, 'mw', 'anna'));
    expect(e.issues).toEqual([expect.objectContaining({ reason: 'weighting.input.noRespondents', params: { category: 'laag = 5 × geslacht = 1', target: 100 } })]);
    expect(localizeError(e, tNl).message).toBe('laag = 5 × geslacht = 1: streefwaarde 100 maar geen respondenten. Voeg de categorie samen met een naburige.');
  });
});
