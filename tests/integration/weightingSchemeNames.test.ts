// Two schemes can never write the same weight variable (one's weights would vanish from the export): through the CLI
// (`weight --scheme file.json`) a new scheme reusing another's weight name is refused and nothing is stored; saving
// under an existing scheme's exact name changes that scheme; a name differing only in letter case is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../electron/cli/cli';
import { openProjectReadOnly } from '../../electron/backend/db/open';
import { listSchemeRows, schemeWeights } from '../../electron/backend/db/repos/weightingRepo';
import { tempDir } from '../helpers/tmp';
import { createMonitorProject, POPULATION_CSV } from './weightingFixture';

const dir = tempDir('veldwerk-scheme-names-');
let project: string;

function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  return Promise.resolve(runCli(argv, { out: (t: string) => { out += t; }, err: (t: string) => { err += t; } })).then((code) => ({ code, out, err }));
}

/** Writes a scheme file raking the employees to laag*geslacht (targets from population-2014.csv). */
function spec(file: string, fields: Record<string, unknown>): string {
  const path = join(dir, file);
  writeFileSync(path, JSON.stringify({ name: 'Medewerkers', group: { variable: 'groep', codes: [2] }, method: 'rake', targetsGroup: 'medewerker', margins: ['laag*geslacht'], weightVariable: 'w_mw', ...fields }));
  return path;
}

/** Scheme name → [weight variable, cases weighted by its latest run]. */
function stored(): Record<string, [string | null, number]> {
  const p = openProjectReadOnly(project);
  try {
    return Object.fromEntries(listSchemeRows(p.db).map((r) => [r.name, [(JSON.parse(r.definition) as { weightVariable: string | null }).weightVariable, schemeWeights(p.db, r.id).length]]));
  } finally {
    p.close();
  }
}

beforeAll(async () => {
  project = await createMonitorProject(join(dir, 'names.vwk'), { officeHolders: 40, employees: 80, excluded: 0, open: 0, seed: 11 });
  const r = await cli('weight', project, '--scheme', spec('mw.json', {}), '--targets', POPULATION_CSV);
  expect(r.code, r.err).toBe(0);
}, 120_000);

describe('weight variable names of schemes, through the CLI', () => {
  it('a new scheme may not write another scheme\'s weight variable (letter case aside); nothing is stored', async () => {
    const r = await cli('weight', project, '--scheme', spec('extra.json', { name: 'extra', weightVariable: 'W_MW' }), '--targets', POPULATION_CSV);
    expect(r.code).toBe(1);
    expect(r.err).toContain('veldwerk: Scheme extra: weight variable W_MW clashes with weight variable w_mw of weighting scheme Medewerkers (export column names are compared without regard to letter case).');
    expect(stored()).toEqual({ Medewerkers: ['w_mw', 80] });
  });

  it('a name differing from a saved scheme\'s only in letter case is refused, naming the saved one', async () => {
    const r = await cli('weight', project, '--scheme', spec('lower.json', { name: 'medewerkers' }), '--targets', POPULATION_CSV);
    expect(r.code).toBe(1);
    expect(r.err).toContain('veldwerk: Scheme medewerkers: a weighting scheme named Medewerkers exists; scheme names that differ only in letter case are not allowed (save under Medewerkers to change that scheme, or choose another name).');
    expect(stored()).toEqual({ Medewerkers: ['w_mw', 80] });
  });

  it('saving under the exact name changes that scheme (its own weight name stays free to it) and reruns it', async () => {
    const r = await cli('weight', project, '--scheme', spec('again.json', { margins: ['laag*geslacht', 'laag*lft4'] }), '--targets', POPULATION_CSV, '--json');
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as { margins: { variable: string }[] }).margins.map((m) => m.variable)).toContain('laag*lft4');
    expect(stored()).toEqual({ Medewerkers: ['w_mw', 80] });
    // A second scheme with its own names is fine; both weights stay.
    const pa = await cli('weight', project, '--scheme', spec('pa.json', { name: 'Ambtsdragers', group: { variable: 'groep', codes: [1] }, method: 'poststratify', targetsGroup: 'politiek_ambtsdrager', margins: ['functie'], weightVariable: 'w_pa' }), '--targets', POPULATION_CSV);
    expect(pa.code, pa.err).toBe(0);
    expect(stored()).toEqual({ Ambtsdragers: ['w_pa', 40], Medewerkers: ['w_mw', 80] });
  });
});
