// Deleting and editing derived variables in a project that already holds a clashing name, stored before the clash
// check existed (a derived variable named like a weighting scheme's weight, compared without regard to letter case).
// Deleting always works — the clashing variable itself or any other; editing the clashing variable is refused with the
// clash named. A variable that another derived variable reads is not deleted (refused first, nothing changed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { listDerived } from '../../electron/backend/db/repos/cleaningRepo';
import { upsertScheme } from '../../electron/backend/db/repos/weightingRepo';
import { defineDerived, removeRule, saveRule } from '../../electron/backend/services/cleaning';
import { DomainError } from '../../shared/domain/errors';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject, employeesScheme } from './weightingFixture';

const dir = tempDir();

/** The DomainError `f` throws, or null when it returns. */
function refusal(f: () => unknown): DomainError | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
}

/** The audit entries of derived-variable deletions, oldest first. */
function deletions(db: ProjectDb['db']): string[] {
  return (db.prepare("SELECT reason FROM audit_log WHERE reason LIKE 'derived variable % deleted' ORDER BY id").all() as { reason: string }[]).map((r) => r.reason);
}

describe('derived variables next to a clashing name stored earlier', () => {
  let p: ProjectDb;
  beforeAll(async () => {
    const path = await createMonitorProject(join(dir, 'clash.vwk'), { officeHolders: 3, employees: 3, excluded: 0, open: 0, seed: 11 });
    p = await openProjectForWrite(path, 'test');
    defineDerived(p.db, { name: 'slachtoffer_d', expression: "if(${slachtoffer} = '1', 1, 0)", label: 'Slachtoffer', operator: 'anna' });
    defineDerived(p.db, { name: 'w_mw', expression: '1', label: 'Oude gewichtskolom', operator: 'anna' });
    defineDerived(p.db, { name: 'slachtoffer_tekst', expression: "if(${slachtoffer_d} = 1, 'ja', 'nee')", label: '', operator: 'anna' });
    defineDerived(p.db, { name: 'los_d', expression: '2', label: '', operator: 'anna' });
    // The scheme is stored straight in the table, as a project made before either check existed holds it: its weight
    // W_MW clashes with the derived w_mw (letter case aside).
    upsertScheme(p.db, 'medewerkers', JSON.stringify({ ...employeesScheme([]), weightVariable: 'W_MW' }), 'test', '2026-12-04T10:00:00.000Z');
  }, 120_000);
  afterAll(() => p.close());

  it('deletes another derived variable (the clash stays, the deletion is not reported as a failure)', () => {
    const r = defineDerived(p.db, { name: 'los_d', expression: null, label: '', operator: 'anna' });
    expect(r.preview).toBeNull();
    expect(r.derived.map((d) => d.name)).toEqual(['slachtoffer_d', 'w_mw', 'slachtoffer_tekst']);
    expect(listDerived(p.db).map((d) => d.name)).toEqual(['slachtoffer_d', 'w_mw', 'slachtoffer_tekst']);
    expect(deletions(p.db)).toEqual(['derived variable los_d deleted']);
  });

  it('refuses to edit the clashing variable, naming the clash; nothing changes', () => {
    const e = refusal(() => defineDerived(p.db, { name: 'w_mw', expression: '3', label: 'Oude gewichtskolom', operator: 'anna' }));
    expect(e?.code).toBe('INVALID_INPUT');
    expect(e?.message).toBe('w_mw clashes with weight variable W_MW of weighting scheme medewerkers (export column names are compared without regard to letter case)');
    expect(listDerived(p.db).find((d) => d.name === 'w_mw')?.expression).toBe('1');
  });

  it('refuses to delete a variable another derived variable reads, before anything is deleted', () => {
    const e = refusal(() => defineDerived(p.db, { name: 'slachtoffer_d', expression: null, label: '', operator: 'anna' }));
    expect(e?.code).toBe('INVALID_INPUT');
    expect(e?.message).toBe('slachtoffer_d cannot be deleted: derived variable slachtoffer_tekst reads it (change or delete slachtoffer_tekst first)');
    expect(listDerived(p.db).map((d) => d.name)).toEqual(['slachtoffer_d', 'w_mw', 'slachtoffer_tekst']);
    expect(deletions(p.db)).toEqual(['derived variable los_d deleted']);
    // an edit rule reading it is named too
    saveRule(p.db, { name: 'slachtoffer_zonder_incident', expression: '${slachtoffer_d} = 1 and ${w_mw} = 2', message: 'x', severity: 'warning', variables: [], examples: [], enabled: true }, 'anna');
    const both = refusal(() => defineDerived(p.db, { name: 'slachtoffer_d', expression: null, label: '', operator: 'anna' }));
    expect(both?.message).toBe('slachtoffer_d cannot be deleted: derived variable slachtoffer_tekst and edit rule slachtoffer_zonder_incident read it (change or delete them first)');
    const rule = refusal(() => defineDerived(p.db, { name: 'w_mw', expression: null, label: '', operator: 'anna' }));
    expect(rule?.message).toBe('w_mw cannot be deleted: edit rule slachtoffer_zonder_incident reads it (change or delete slachtoffer_zonder_incident first)');
    removeRule(p.db, 'slachtoffer_zonder_incident', 'anna');
    expect(listDerived(p.db).map((d) => d.name)).toEqual(['slachtoffer_d', 'w_mw', 'slachtoffer_tekst']);
  });

  it('deletes the clashing variable itself, after which editing the others works again', () => {
    const r = defineDerived(p.db, { name: 'w_mw', expression: null, label: '', operator: 'anna' });
    expect(r.derived.map((d) => d.name)).toEqual(['slachtoffer_d', 'slachtoffer_tekst']);
    expect(deletions(p.db)).toEqual(['derived variable los_d deleted', 'derived variable w_mw deleted']);
    const edited = defineDerived(p.db, { name: 'slachtoffer_tekst', expression: "if(${slachtoffer_d} = 1, 'ja', 'nee')", label: 'Slachtoffer (tekst)', operator: 'anna' });
    expect(edited.derived.find((d) => d.name === 'slachtoffer_tekst')?.label).toBe('Slachtoffer (tekst)');
    expect(edited.preview?.cases).toBe(6);
  });
});
