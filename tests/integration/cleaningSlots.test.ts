// The rule run's loading by slot (loadCaseSlots) against loading by name (loadCases): same final values (pass 1,
// pass 3, corrections), same cases and order, and the same rule run either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { createProjectFile, openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import { correctValue, projectCleaner, runCleaning } from '../../electron/backend/services/cleaning';
import { loadCases, loadCaseSlots } from '../../electron/backend/db/repos/cleaningRepo';
import { syntheticCases } from '../../shared/cleaning/synthetic';
import { tempDir } from '../helpers/tmp';

const MONITOR_DIR = resolve(__dirname, '../../../shared/monitor');
const dir = tempDir();
let p: ProjectDb;

beforeAll(async () => {
  p = await openProjectForWrite(createProjectFile(join(dir, 'slots.vwk'), 'Slots'), 'test');
  const q = (await checkXlsform(MONITOR_DIR)).questionnaire;
  storeQuestionnaire(p.db, q, 'test');
  const now = new Date().toISOString();
  const addCase = p.db.prepare("INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES (?, 'keying', ?, ?, ?)");
  const addResp = p.db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, ?, ?, 'test', ?)");
  const cases = syntheticCases(q, 12, { seed: 11 });
  cases.forEach((c, i) => {
    // Inserted out of ID order, one case excluded, one with a variable the questionnaire does not have.
    const pk = Number(addCase.run(String(900 - i), i === 3 ? 'excluded' : 'complete', now, now).lastInsertRowid);
    for (const [k, v] of Object.entries(c.values)) addResp.run(pk, k, 1, v, now);
    if (i === 1) addResp.run(pk, 'groep', 3, '2', now); // pass 3 (adjudicated) overrides pass 1
    if (i === 2) addResp.run(pk, 'groep', 3, null, now); // an empty pass 3 does not
    if (i === 4) addResp.run(pk, 'onbekend', 1, 'x', now);
    // a raw value out of range (as an import stores it; corrections refuse it), adjudicated over pass 1
    if (i === 7) addResp.run(pk, 'jaren_functie', 3, '61', now);
    if (i === 5) expect(p.db.prepare("UPDATE response SET value = NULL WHERE case_pk = ? AND variable = 'jaren_functie'").run(pk).changes).toBe(1);
  });
  correctValue(p.db, { caseId: '894', variable: 'jaren_functie', value: '44', reason: 'test', operator: 'test' });
  correctValue(p.db, { caseId: '895', variable: 'groep', value: null, reason: 'test', operator: 'test' });
});
afterAll(() => p.close());

describe('loading cases by slot for the rule run', () => {
  it('gives every slot the final value loadCases gives its name, for the same cases in the same order', () => {
    const names = projectCleaner(p.db).router.variables.map((v) => v.name);
    const byName = loadCases(p.db);
    const bySlot = loadCaseSlots(p.db, names);
    expect(bySlot.map((c) => [c.pk, c.caseId, c.status, c.batch])).toEqual(byName.map((c) => [c.pk, c.caseId, c.status, c.batch]));
    expect(byName).toHaveLength(11);
    bySlot.forEach((c, i) => expect(c.slots).toEqual(names.map((name) => byName[i]!.values[name])));
    const at = (caseId: string, name: string): unknown => bySlot.find((c) => c.caseId === caseId)!.slots[names.indexOf(name)];
    expect(at('899', 'groep')).toBe('2');
    expect(at('894', 'jaren_functie')).toBe('44');
    expect(at('895', 'groep')).toBeNull();
    expect(at('895', 'jaren_functie')).toBeNull();
    expect(loadCaseSlots(p.db, names, ['excluded']).map((c) => c.caseId)).toEqual(['897']);
  });

  it('runs the rules to the same findings as from records by name', () => {
    const cleaner = projectCleaner(p.db);
    const names = cleaner.router.variables.map((v) => v.name);
    const opts = { today: '2014-06-01' };
    const bySlot = cleaner.run(loadCaseSlots(p.db, names), opts);
    expect(bySlot).toEqual(cleaner.runReference(loadCases(p.db), opts));
    expect(bySlot.violations.map((v) => v.ruleId)).toContain('hard:jaren_functie');
    expect(runCleaning(p.db, { operator: 'test', today: '2014-06-01' }).totals.error).toBe(bySlot.violations.filter((v) => v.severity === 'error').length);
  });
});
