// Benchmark: a full cleaning rule run over 20,000 Monitor cases — in memory (engine) and from a project file (load, run, store).
// The goal, 100 edit rules over 50,000 cases × 200 variables in memory (time and peak memory), is the benchmark
// `cleaning-wide` (cleaningWide.ts), so that it runs in a process of its own; its helpers stay exported from here.
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadXlsform } from '../../electron/backend/services/xlsformFiles';
import { createProjectFile, openProjectForWrite } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { runCleaning } from '../../electron/backend/services/cleaning';
import { upsertRule } from '../../electron/backend/db/repos/cleaningRepo';
import { createCleaner, syntheticCases, type CleaningCase, type EditRule, type SlotCase } from '../../shared/cleaning';
import type { Item, Questionnaire, Variable } from '../../shared/domain/questionnaire';
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

/** Variables of the 200-variable questionnaire: the Monitor plus this many generated blocks of 11. */
const BLOCK = 11;

function variable(name: string, type: Variable['type'], extra: Partial<Variable> = {}): Item {
  return { kind: 'variable', variable: { name, type, label: { nl: name }, hint: {}, required: true, constraintMessage: {}, softConstraintMessage: {}, identifier: false, ...extra } };
}

/**
 * The Monitor questionnaire with generated blocks appended until it holds exactly `total` variables. A block is a
 * filter question (janee), two routed counts with ranges and a soft check, a calculated sum, a grid of five frequency
 * items, a judgement and a routed explanation text — the shapes of a real questionnaire.
 */
export function widen(q: Questionnaire, total: number): { q: Questionnaire; blocks: number } {
  const own = q.items.length;
  let count = 0;
  const countVars = (items: readonly Item[]): void => {
    for (const it of items) if (it.kind === 'variable') count++;
    else countVars(it.items);
  };
  countVars(q.items);
  const items: Item[] = [];
  let blocks = 0;
  while (count + BLOCK <= total) {
    const b = `b${++blocks}`;
    items.push({
      kind: 'group', group: { name: `g_${b}`, label: { nl: b }, hint: {} }, items: [
        variable(`${b}_filter`, 'single', { listName: 'janee' }),
        variable(`${b}_aantal`, 'integer', { relevant: `\${${b}_filter} = '1'`, range: { min: 0, max: 50 }, constraint: '. >= 0 and . <= 50', softConstraint: '. <= 45' }),
        variable(`${b}_uren`, 'integer', { relevant: `\${${b}_filter} = '1'`, range: { min: 0, max: 80 } }),
        variable(`${b}_som`, 'calculated', { required: false, calculate: `if(\${${b}_filter} = '1', \${${b}_aantal} + \${${b}_uren}, '')` }),
        { kind: 'group', group: { name: `g_${b}_grid`, label: { nl: b }, hint: {} }, items: [1, 2, 3, 4, 5].map((k) => variable(`${b}_g${k}`, 'single', { listName: 'freq' })) },
        variable(`${b}_oordeel`, 'single', { listName: 'freq' }),
        variable(`${b}_toelichting`, 'text', { required: false, maxLength: 40, relevant: `\${${b}_oordeel} = '4'` }),
      ],
    });
    count += BLOCK;
  }
  for (let i = 1; count < total; i++, count++) items.push(variable(`extra_${i}`, 'integer', { required: false, range: { min: 0, max: 999 } }));
  const wide: Questionnaire = { ...q, items: [...q.items.slice(0, own), { kind: 'group', group: { name: 'g_extra', label: { nl: 'extra' }, hint: {}, relevant: "${toestemming} = '1'" }, items }] };
  return { q: wide, blocks };
}

/** `count` edit rules over the widened questionnaire: the ten Monitor rules, then ranges, consistency, routing-like and sum rules per block. */
export function wideRules(blocks: number, count: number): EditRule[] {
  const out: string[][] = RULES.map((r) => [r.name, r.expression]);
  const kinds: ((b: string, k: number) => string)[] = [
    (b) => `\${${b}_aantal} > 40`,
    (b) => `\${${b}_aantal} > 0 and \${${b}_uren} = 0`,
    (b) => `sum(\${${b}_g1}, \${${b}_g2}, \${${b}_g3}, \${${b}_g4}, \${${b}_g5}) >= 19`,
    (b) => `\${${b}_filter} = '2' and \${${b}_oordeel} = '4'`,
    (b) => `\${${b}_som} > 120`,
    (b) => `\${${b}_uren} > 70 and \${jaren_functie} < 1`,
    (b) => `missing(\${${b}_oordeel}) and \${${b}_filter} = '1'`,
    (b) => `coalesce(\${${b}_aantal}, 0) * 2 > \${${b}_uren} + 70`,
    (b) => `string-length(\${${b}_toelichting}) > 30 or (\${${b}_oordeel} = '4' and \${${b}_g1} = '1' and \${${b}_g2} = '1')`,
    (b, k) => `\${slachtoffer} = 0 and \${b${(k % blocks) + 1}_g3} = '4' and \${${b}_g4} = '4'`,
  ];
  for (let i = 0; out.length < count; i++) {
    const k = (i % blocks) + 1;
    out.push([`wide_${i + 1}`, kinds[Math.floor(i / blocks) % kinds.length]!(`b${k}`, k)]);
  }
  return out.map(([name, expression]) => ({ name: name!, expression: expression!, message: name!, severity: 'warning', variables: [], examples: [], enabled: true }));
}

/** Case `i` of the widened questionnaire: a clean base case varied per case, with planted errors of several kinds. */
export function makeWideCase(base: readonly CleaningCase[], i: number, blocks: number): CleaningCase {
  const values: Record<string, string> = { ...(base[i % base.length]!.values as Record<string, string>) };
  if (values.jaren_functie !== undefined) values.jaren_functie = String(i % 51);
  for (let k = 1; k <= blocks; k++) {
    if (values[`b${k}_aantal`] !== undefined) values[`b${k}_aantal`] = String((i * 7 + k * 13) % 46);
    if (values[`b${k}_uren`] !== undefined) values[`b${k}_uren`] = String((i * 11 + k * 3) % 81);
  }
  if (i % 100 === 7) values.groep = '7';
  if (i % 250 === 11 && values.b1_aantal !== undefined) values.b1_aantal = '75';
  if (i % 300 === 13) values.b2_oordeel = ' 4';
  if (i % 500 === 17) values.b3_toelichting = 'x'.repeat(45);
  return { caseId: String(i % 2000 === 1999 ? i : i + 1).padStart(6, '0'), values };
}

/** `n` cases of the widened questionnaire ({@link makeWideCase}). */
export function makeWideCases(base: readonly CleaningCase[], n: number, blocks: number): CleaningCase[] {
  return Array.from({ length: n }, (_, i) => makeWideCase(base, i, blocks));
}

/**
 * Median-of-runs and peak memory of the 100 rules × 50,000 cases × 200 variables run (memory sampled every 1,000
 * cases). Cases are passed by slot, as runCleaning loads them (cleaningRepo.loadCaseSlots); the same run over the
 * cases as records by name is timed last (it needs the records in memory, which the slot run never holds).
 */
export async function wideRun(q0: Questionnaire, quick: boolean): Promise<Figure[]> {
  const nVars = 200;
  const n = quick ? 5000 : 50_000;
  const { q, blocks } = widen(q0, nVars);
  const rules = wideRules(blocks, 100);
  const base = syntheticCases(q, quick ? 50 : 300, { seed: 5 });
  const cleaner = createCleaner(q, rules);
  if (cleaner.router.variables.length !== nVars) throw new Error(`widened questionnaire has ${cleaner.router.variables.length} variables, not ${nVars}`);
  const cases: SlotCase[] = Array.from({ length: n }, (_, i) => cleaner.slotCase(makeWideCase(base, i, blocks)));
  cleaner.run(cases.slice(0, 1000), { today: '2014-06-01' });
  const times: number[] = [];
  const cpu: number[] = [];
  const heapPeaks: number[] = [];
  const rssPeaks: number[] = [];
  let violations = 0;
  const mib = (b: number): number => b / 1024 / 1024;
  for (let i = 0; i < (quick ? 2 : 5); i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage();
    let heapPeak = before.heapUsed;
    let rssPeak = before.rss;
    const sample = (): void => {
      const m = process.memoryUsage();
      heapPeak = Math.max(heapPeak, m.heapUsed);
      rssPeak = Math.max(rssPeak, m.rss);
    };
    const t = performance.now();
    const c0 = process.cpuUsage();
    const result = cleaner.run(cases, { today: '2014-06-01', onProgress: sample });
    times.push(performance.now() - t);
    const c1 = process.cpuUsage(c0);
    cpu.push((c1.user + c1.system) / 1000);
    sample();
    violations = result.violations.length;
    heapPeaks.push(mib(heapPeak - before.heapUsed));
    rssPeaks.push(mib(rssPeak));
  }
  const maxRss = mib(process.resourceUsage().maxRSS * 1024);
  // The same run over records by name (the by-name input of Cleaner.run): must find the same.
  const records = makeWideCases(base, n, blocks);
  cleaner.run(records.slice(0, 1000), { today: '2014-06-01' });
  const byName: number[] = [];
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    const found = cleaner.run(records, { today: '2014-06-01' }).violations.length;
    byName.push(performance.now() - t);
    if (found !== violations) throw new Error(`by name ${found} violations, by slot ${violations}`);
  }
  const note = `${violations} violations; ${rules.length} rules, ${nVars} variables; cases by slot`;
  return [
    { name: `rule run, ${rules.length} rules × ${n} cases × ${nVars} vars`, unit: 'ms', samples: times, note },
    { name: `  CPU time of that run`, unit: 'ms', samples: cpu, note: 'user + system of the process (the machine may be shared)' },
    { name: `  heap growth during that run (peak)`, unit: 'MiB', samples: heapPeaks, note: 'sampled every 1,000 cases' },
    { name: `  process RSS during that run (peak)`, unit: 'MiB', samples: rssPeaks, note: `inputs included; process maxRSS ${maxRss.toFixed(0)} MiB before the records below` },
    { name: `  the same run, cases as records by name`, unit: 'ms', samples: byName, note: `wall; process RSS with the records ${mib(process.memoryUsage().rss).toFixed(0)} MiB` },
  ];
}

export const benchmark: Benchmark = {
  name: 'cleaning',
  description: 'Cleaning: every rule (validity, routing, checks, edit rules, grids, duplicates) over 20,000 Monitor cases, in memory and from a project file',
  async run({ workDir, quick }) {
    const q = await loadXlsform(monitorDir);
    const n = quick ? 2000 : 20_000;
    const base = syntheticCases(q, quick ? 100 : 1000, { seed: 3 });
    const records = makeCases(base, n);
    const cleaner = createCleaner(q, RULES);
    // By slot, as runCleaning loads them (cleaningRepo.loadCaseSlots).
    const cases = records.map(cleaner.slotCase);
    cleaner.run(cases.slice(0, 500), { today: '2014-06-01' });
    const engine: number[] = [];
    const engineCpu: number[] = [];
    let violations = 0;
    for (let i = 0; i < (quick ? 2 : 5); i++) {
      const t = performance.now();
      const c0 = process.cpuUsage();
      violations = cleaner.run(cases, { today: '2014-06-01' }).violations.length;
      engine.push(performance.now() - t);
      const c1 = process.cpuUsage(c0);
      engineCpu.push((c1.user + c1.system) / 1000);
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
        for (const c of records) {
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
    return [
      { name: `rule run, ${n} cases in memory`, unit: 'ms', samples: engine, note: `${violations} violations; heap ${heapMiB.toFixed(0)} MiB; cases by slot` },
      { name: `  CPU time of that run`, unit: 'ms', samples: engineCpu, note: 'user + system of the process' },
      { name: `clean from the project file, ${n} cases`, unit: 'ms', samples: full, note: 'load final values + run + store violations' },
    ];
  },
};
