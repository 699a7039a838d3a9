// Saving a weighting scheme refuses weight variable names that clash with another export column, compared without
// regard to letter case (SPSS/PSPP): derived variables, questionnaire variables and option columns, case_id and the
// weight variables of the other schemes. The clash is named; nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { listSchemeRows } from '../../electron/backend/db/repos/weightingRepo';
import { defineDerived } from '../../electron/backend/services/cleaning';
import { saveScheme } from '../../electron/backend/services/weighting';
import type { SchemeDefinitionInput } from '../../shared/contract/weighting';
import { DomainError } from '../../shared/domain/errors';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject, employeesScheme, officeHoldersScheme } from './weightingFixture';

const dir = tempDir();
const functie = [{ variables: ['functie'], categories: [{ codes: [1], value: 400 }, { codes: [2], value: 1600 }] }];
const geslacht = [{ variables: ['geslacht'], categories: [{ codes: [1], value: 600 }, { codes: [2], value: 400 }] }];

/** The DomainError saveScheme throws for `scheme`, or null when it was stored. */
function refusal(db: ProjectDb['db'], scheme: SchemeDefinitionInput): DomainError | null {
  try {
    saveScheme(db, scheme, 'anna');
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
}

describe('weight variable names of a weighting scheme against the export columns', () => {
  let p: ProjectDb;
  beforeAll(async () => {
    const path = await createMonitorProject(join(dir, 'weights.vwk'), { officeHolders: 3, employees: 3, excluded: 0, open: 0, seed: 5 });
    p = await openProjectForWrite(path, 'test');
    defineDerived(p.db, { name: 'slachtoffer_d', expression: "if(${slachtoffer} = '1', 1, 0)", label: 'Slachtoffer', operator: 'anna' });
    saveScheme(p.db, employeesScheme(geslacht), 'anna');
  }, 120_000);
  afterAll(() => p.close());

  const tail = ' (export column names are compared without regard to letter case).';
  // field, name, the English clash, the issue's reason (weighting.weightName.*) and params for the UI's translation
  it.each([
    ['weightVariable', 'Slachtoffer_D', 'Slachtoffer_D clashes with derived variable slachtoffer_d', 'derived', { column: 'slachtoffer_d' }],
    ['weightVariable', 'SLACHTOFFER', 'SLACHTOFFER clashes with questionnaire variable slachtoffer', 'variable', { column: 'slachtoffer' }],
    ['weightVariableN', 'Inc_Vorm_1', 'Inc_Vorm_1 clashes with inc_vorm_1, an option column of multiple-choice variable inc_vorm', 'option', { column: 'inc_vorm_1', variable: 'inc_vorm' }],
    ['weightVariable', 'Case_Id', 'Case_Id clashes with the export column case_id', 'reserved', { column: 'case_id' }],
    ['weightVariable', 'W_MW', 'W_MW clashes with weight variable w_mw of weighting scheme medewerkers', 'weight', { column: 'w_mw', scheme: 'medewerkers' }],
    ['weightVariableN', 'w_MW_n', 'w_MW_n clashes with weight variable w_mw_n of weighting scheme medewerkers', 'weight', { column: 'w_mw_n', scheme: 'medewerkers' }],
  ] as const)('refuses %s = %s', (field, name, clash, kind, params) => {
    const e = refusal(p.db, { ...officeHoldersScheme(functie), [field]: name });
    expect(e?.code).toBe('WEIGHTING_INPUT');
    expect(e?.message).toBe(`Scheme ambtsdragers: weight variable ${clash}${tail}`);
    expect(e?.issues).toEqual([{ message: `weight variable ${clash}${tail.slice(0, -1)}`, path: [field], value: name, reason: `weighting.weightName.${kind}`, params: { name, ...params } }]);
    expect(listSchemeRows(p.db).map((r) => r.name)).toEqual(['medewerkers']);
  });

  it('names both clashes when both weight variables clash', () => {
    const e = refusal(p.db, { ...officeHoldersScheme(functie), weightVariable: 'slachtoffer_d', weightVariableN: 'groep' });
    expect(e?.message).toBe(`Scheme ambtsdragers: weight variable slachtoffer_d clashes with derived variable slachtoffer_d (export column names are compared without regard to letter case); weight variable groep clashes with questionnaire variable groep${tail}`);
    expect(e?.issues.map((i) => i.path)).toEqual([['weightVariable'], ['weightVariableN']]);
  });

  it('refuses the two weight variables of one scheme differing only in letter case', () => {
    const e = refusal(p.db, { ...officeHoldersScheme(functie), weightVariable: 'w_pa', weightVariableN: 'W_PA' });
    expect(e?.code).toBe('WEIGHTING_INPUT');
    expect(e?.message).toBe('Scheme ambtsdragers: the two weight variables need different names.');
  });

  it('stores a scheme with free names, and re-saves a scheme under its own weight names', () => {
    expect(refusal(p.db, officeHoldersScheme(functie))).toBeNull();
    expect(refusal(p.db, { ...employeesScheme(geslacht), maxIterations: 50 })).toBeNull();
    expect(listSchemeRows(p.db).map((r) => [r.name, JSON.parse(r.definition).weightVariable, JSON.parse(r.definition).maxIterations])).toEqual([
      ['ambtsdragers', 'w_pa', 1000], ['medewerkers', 'w_mw', 50],
    ]);
  });
});
