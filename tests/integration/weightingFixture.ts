// Test fixture for weighting: a Monitor project with synthetic responses (office holders and employees) and its schemes.
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { createProjectFile, openProjectForWrite } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import type { SchemeDefinitionInput } from '../../shared/contract/weighting';

/** The Monitor reference folder (questionnaire CSVs and population-2014.csv). */
export const MONITOR_DIR = resolve(__dirname, '../../../shared/monitor');
/** The population targets of the Monitor, as they are. */
export const POPULATION_CSV = resolve(MONITOR_DIR, 'population-2014.csv');

/** Seeded uniform generator (mulberry32) so every run inserts the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((s, w) => s + w, 0);
  let u = r() * total;
  for (let i = 0; i < items.length; i++) {
    u -= weights[i]!;
    if (u < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

const FUNCTIES = [11, 12, 13, 21, 22, 23, 31, 32];
/** Over-represents mayors and small groups, as a census with uneven response would. */
const FUNCTIE_SHARE = [30, 40, 60, 8, 20, 4, 6, 12];

/** Options of {@link seedMonitorResponses}. */
export interface SeedOptions {
  officeHolders?: number;
  employees?: number;
  /** Extra cases with status 'excluded' (with a missing weighting value, which must not matter). */
  excluded?: number;
  /** Extra cases with status 'open' (unfinished forms). */
  open?: number;
  seed?: number;
}

/**
 * Inserts synthetic cases with final responses (pass 1) for groep, functie, laag, gemgr, geslacht, lft4,
 * slachtoffer and veiligheid: every weighting category has respondents. Default 200 office holders + 400
 * employees = 600 complete cases, plus 3 excluded and 2 open ones.
 * @returns the number of complete cases per group
 */
export function seedMonitorResponses(db: Database, opts: SeedOptions = {}): { officeHolders: number; employees: number } {
  const r = rng(opts.seed ?? 2014);
  const oh = opts.officeHolders ?? 200;
  const mw = opts.employees ?? 400;
  const now = '2014-04-01T10:00:00.000Z';
  const addCase = db.prepare("INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES (?, 'import', ?, ?, ?)");
  const addResp = db.prepare('INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, ?, ?)');
  let k = 0;
  const insert = (status: string, values: Record<string, string | null>) => {
    k++;
    const pk = Number(addCase.run(`W${String(k).padStart(5, '0')}`, status, now, now).lastInsertRowid);
    for (const [v, x] of Object.entries(values)) if (x !== null) addResp.run(pk, v, x, 'fixture', now);
  };
  db.transaction(() => {
    for (let i = 0; i < oh; i++) {
      // The first eight cover every functie; the rest follow the uneven shares.
      const f = i < FUNCTIES.length ? FUNCTIES[i]! : pick(r, FUNCTIES, FUNCTIE_SHARE);
      const laag = f < 20 ? 1 : f < 30 ? 2 : 4;
      insert('complete', {
        groep: '1', functie: String(f), laag: String(laag), gemgr: laag === 1 ? String(1 + Math.floor(r() * 5)) : null,
        geslacht: String(pick(r, [1, 2], [65, 35])), lft4: String(pick(r, [1, 2, 3, 4], [5, 15, 35, 45])),
        slachtoffer: String(r() < (f === 11 ? 0.45 : 0.25) ? 1 : 0), veiligheid: String(pick(r, [1, 2, 3, 4], [40, 40, 15, 5])),
      });
    }
    for (let i = 0; i < mw; i++) {
      // The first 32 cover every laag × geslacht × lft4 cell; then provinces and water boards are over-represented.
      const laag = i < 32 ? 1 + (i % 4) : pick(r, [1, 2, 3, 4], [35, 20, 30, 15]);
      const geslacht = i < 32 ? 1 + (Math.floor(i / 4) % 2) : pick(r, [1, 2], laag === 4 ? [60, 40] : [45, 55]);
      const lft4 = i < 32 ? 1 + (Math.floor(i / 8) % 4) : pick(r, [1, 2, 3, 4], [10, 20, 35, 35]);
      insert(i % 50 === 7 ? 'verified' : 'complete', {
        groep: '2', laag_mw: String(laag), laag: String(laag), geslacht: String(geslacht), lft4: String(lft4),
        slachtoffer: String(r() < 0.3 ? 1 : 0), veiligheid: String(pick(r, [1, 2, 3, 4], [30, 45, 20, 5])),
      });
    }
    for (let i = 0; i < (opts.excluded ?? 3); i++) insert('excluded', { groep: '2', laag: '1', geslacht: null, lft4: '9' });
    for (let i = 0; i < (opts.open ?? 2); i++) insert('open', { groep: '2', laag: null });
  })();
  return { officeHolders: oh, employees: mw };
}

/**
 * Creates a Monitor project file at `path` with the questionnaire (from the reference CSVs) and the synthetic
 * responses of {@link seedMonitorResponses}. The file is closed again.
 */
export async function createMonitorProject(path: string, opts: SeedOptions = {}): Promise<string> {
  const abs = createProjectFile(path, 'Monitor 2014 (weging)');
  const form = await checkXlsform(MONITOR_DIR);
  const p = await openProjectForWrite(abs, 'test');
  try {
    storeQuestionnaire(p.db, form.questionnaire, 'test');
    seedMonitorResponses(p.db, opts);
  } finally {
    p.close();
  }
  return abs;
}

/** Employees (groep 2) raked to laag × geslacht and laag × lft4; margins from a targets file (see schemeMarginsFromFile). */
export function employeesScheme(margins: SchemeDefinitionInput['margins']): SchemeDefinitionInput {
  return { name: 'medewerkers', group: { variable: 'groep', codes: [2] }, method: 'rake', margins, weightVariable: 'w_mw', weightVariableN: 'w_mw_n' };
}

/** Office holders (groep 1) post-stratified on functie. */
export function officeHoldersScheme(margins: SchemeDefinitionInput['margins']): SchemeDefinitionInput {
  return { name: 'ambtsdragers', group: { variable: 'groep', codes: [1] }, method: 'poststratify', margins, weightVariable: 'w_pa', weightVariableN: 'w_pa_n' };
}
