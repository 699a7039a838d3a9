// Derived-variable names may not clash with any export column, compared without regard to letter case (SPSS/PSPP
// names are case-insensitive): questionnaire variables, multiple-choice option columns, case_id, weight variables of
// weighting schemes (run or not) and the other derived variables. Refused with the clash named; nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { listDerived } from '../../electron/backend/db/repos/cleaningRepo';
import { upsertScheme } from '../../electron/backend/db/repos/weightingRepo';
import { defineDerived, schemeWeightNames } from '../../electron/backend/services/cleaning';
import { DomainError } from '../../shared/domain/errors';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject, employeesScheme } from './weightingFixture';

const dir = tempDir();

/** The DomainError defineDerived throws for `name`, or null when it was stored. */
function refusal(db: ProjectDb['db'], name: string): DomainError | null {
  try {
    defineDerived(db, { name, expression: '1', label: '', operator: 'anna' });
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
}

describe('derived variable names against the export columns', () => {
  let p: ProjectDb;
  beforeAll(async () => {
    const path = await createMonitorProject(join(dir, 'names.vwk'), { officeHolders: 3, employees: 3, excluded: 0, open: 0, seed: 9 });
    p = await openProjectForWrite(path, 'test');
    // A scheme that has never run still names its weight columns.
    upsertScheme(p.db, 'medewerkers', JSON.stringify(employeesScheme([])), 'test', '2026-12-04T10:00:00.000Z');
    defineDerived(p.db, { name: 'slachtoffer_d', expression: "if(${slachtoffer} = '1', 1, 0)", label: 'Slachtoffer', operator: 'anna' });
  }, 120_000);
  afterAll(() => p.close());

  it('lists the weight variables of every scheme', () => {
    expect(schemeWeightNames(p.db)).toEqual([{ name: 'w_mw', scheme: 'medewerkers' }, { name: 'w_mw_n', scheme: 'medewerkers' }]);
  });

  it.each([
    ['Slachtoffer_D', 'Slachtoffer_D clashes with derived variable slachtoffer_d'],
    ['SLACHTOFFER', 'SLACHTOFFER clashes with questionnaire variable slachtoffer'],
    ['inc_vorm_1', 'inc_vorm_1 clashes with inc_vorm_1, an option column of multiple-choice variable inc_vorm'],
    ['Inc_Vorm_8', 'Inc_Vorm_8 clashes with inc_vorm_8, an option column of multiple-choice variable inc_vorm'],
    ['case_id', 'case_id clashes with the export column case_id'],
    ['CASE_ID', 'CASE_ID clashes with the export column case_id'],
    ['w_mw', 'w_mw clashes with weight variable w_mw of weighting scheme medewerkers'],
    ['W_MW_N', 'W_MW_N clashes with weight variable w_mw_n of weighting scheme medewerkers'],
  ])('refuses %s', (name, message) => {
    const e = refusal(p.db, name);
    expect(e).toBeInstanceOf(DomainError);
    expect(e!.code).toBe('INVALID_INPUT');
    expect(e!.message).toBe(`${message} (export column names are compared without regard to letter case)`);
    expect(e!.issues).toEqual([expect.objectContaining({ path: [1, 'name'], value: name })]);
    expect(listDerived(p.db).map((d) => d.name)).toEqual(['slachtoffer_d']);
  });

  it('still replaces a derived variable under its own name and accepts a free name', () => {
    expect(refusal(p.db, 'slachtoffer_d')).toBeNull();
    expect(refusal(p.db, 'inc_vorm_d')).toBeNull();
    expect(listDerived(p.db).map((d) => d.name)).toEqual(['slachtoffer_d', 'inc_vorm_d']);
  });
});
