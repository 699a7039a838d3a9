// Benchmark: a full cleaning rule run over 20,000 Monitor cases — in memory (engine) and from a project file (load, run, store).
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadXlsform } from '../../electron/backend/services/xlsformFiles';
import { createProjectFile, openProjectForWrite } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { runCleaning } from '../../electron/backend/services/cleaning';
import { upsertRule } from '../../electron/backend/db/repos/cleaningRepo';
import { createCleaner, syntheticCases, type CleaningCase, type EditRule } from '../../shared/cleaning';
import type { Benchmark, Figure } from '../types';

const here = dirname(fileURLToPath(import.meta.url));
const monitorDir = resolve(here, '../../../shared/monitor');

/** Ten edit rules of the kind a methodologist writes for the Monitor. */
const RULES: EditRule[] = [
  ['lang_in_functie', '${jaren_functie} > 40'],
  ['veel_incidenten', '${inc_totaal} > 30'],
  ['slachtoffer_zonder_incident', '${slachtoffer} = 1 and ${inc_totaal} = 0'],
  ['geen_slachtoffer_wel_incident', '${slachtoffer} = 0 and ${inc_totaal} > 0'],
  ['verzuim_zonder_gevolg', "${verzuim_dagen} > 0 and ${gev_verzuim} != '1'"],
  ['ernstig_niet_gemeld', "${inc_ernst} = '4' and ${inc_gemeld} = '2'"],
  ['fysiek_zonder_letsel', "${ag_fysiek} = '4' and ${gev_fysiek} = '2'"],
  ['groep_leeg', "${toestemming} = '1' and ${groep} = ''"],
  ['functie_en_laag', "${groep} = '1' and ${functie} = ''"],
  ['online_vaak', "${ag_online} = '4' and ${ag_verbaal} = '1'"],
].map(([name, expression]) => ({ name: name!, expression: expression!, message: name!, severity: 'warning', variables: [], examples: [], enabled: true }));

/** `n` cases: distinct clean synthetic cases repeated with varied years in office and a planted error every 100th. */
function makeCases(base: readonly CleaningCase[], n: number): CleaningCase[] {
  return Array.from({ length: n }, (_, i) => {
    const values: Record<string, string> = { ...(base[i % base.length]!.values as Record<string, string>) };
    if (values.jaren_functie !== undefined) values.jaren_functie = String(i % 51);
    if (i % 100 === 7) values.groep = '7';
    return { caseId: String(i + 1).padStart(6, '0'), values };
  });
}

export const benchmark: Benchmark = {
  name: 'cleaning',
  description: 'Cleaning: every rule (validity, routing, checks, 10 edit rules, grids, duplicates) over 20,000 Monitor cases',
  async run({ workDir, quick }) {
    const q = await loadXlsform(monitorDir);
    const n = quick ? 2000 : 20_000;
    const base = syntheticCases(q, quick ? 100 : 1000, { seed: 3 });
    const cases = makeCases(base, n);
    const cleaner = createCleaner(q, RULES);
    cleaner.run(cases.slice(0, 500), { today: '2014-06-01' });
    const engine: number[] = [];
    let violations = 0;
    for (let i = 0; i < (quick ? 2 : 5); i++) {
      const t = performance.now();
      violations = cleaner.run(cases, { today: '2014-06-01' }).violations.length;
      engine.push(performance.now() - t);
    }
    const heapMiB = process.memoryUsage().heapUsed / 1024 / 1024;
    // The same run from a project file: load final values, run, store the violations.
    const path = createProjectFile(join(workDir, 'cleaning.vwk'), 'Bench');
    const p = await openProjectForWrite(path, 'bench');
    const full: number[] = [];
    try {
      storeQuestionnaire(p.db, q, 'bench');
      const now = new Date().toISOString();
      p.db.transaction(() => {
        const addCase = p.db.prepare("INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES (?, 'keying', 'complete', ?, ?)");
        const addResp = p.db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, 'bench', ?)");
        for (const c of cases) {
          const pk = Number(addCase.run(c.caseId, now, now).lastInsertRowid);
          for (const [k, v] of Object.entries(c.values)) if (v) addResp.run(pk, k, v, now);
        }
        for (const r of RULES) upsertRule(p.db, r, now);
      })();
      for (let i = 0; i < (quick ? 1 : 3); i++) {
        const t = performance.now();
        runCleaning(p.db, { operator: 'bench', today: '2014-06-01' });
        full.push(performance.now() - t);
      }
    } finally {
      p.close();
    }
    const figures: Figure[] = [
      { name: `rule run, ${n} cases in memory`, unit: 'ms', samples: engine, note: `${violations} violations; heap ${heapMiB.toFixed(0)} MiB` },
      { name: `clean from the project file, ${n} cases`, unit: 'ms', samples: full, note: 'load final values + run + store violations' },
    ];
    return figures;
  },
};
