// Example service: builds the Monitor 2014 example project through the real paths (questionnaire, frame, keying, web import).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { entryApi } from '../../../shared/contract/entry';
import { importApi } from '../../../shared/contract/import';
import { DomainError } from '../../../shared/domain/errors';
import { generateExample, type Example, type ExampleSize } from '../../../shared/example/generator';
import { createRouter } from '../../../shared/routing/router';
import { findList, isEnterable, placedVariables, textIn, type Questionnaire } from '../../../shared/domain/questionnaire';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../../shared/fieldwork/caseId';
import { createProjectFile, openProjectForWrite, type ProjectDb } from '../db/open';
import { acquireLock } from '../db/lock';
import type { HandlerPart } from '../handlerTypes';
import { importFrame, registerBatch } from './fieldwork';
import { finishCase, openCase, saveField } from './entry';
import { importResponses } from './importResponses';
import { importXlsformInto, questionnaireState } from './questionnaire';
import { verificationQueue } from './verification';
import { correctValue, defineDerived, excludeCase, runCleaning, saveRule } from './cleaning';
import { queryViolations } from '../db/repos/cleaningRepo';
import { latestVersion } from '../db/repos/questionnaireRepo';
import { casesForWeighting, finalValues } from '../db/repos/weightingRepo';
import { readTargetsFile, runScheme, saveScheme, schemeMarginsFromFile } from './weighting';
import { collapseEmptyCells, recodeExpression } from '../../../shared/example/collapse';
import { headlineTables } from '../../../shared/example/report';
import { ExportProfile } from '../../../shared/contract/export';
import { SHEET_IDS } from '../../../shared/export';
import { saveProfile, setDefaultProfile } from '../export/profiles';
import type { SchemeDefinitionInput } from '../../../shared/contract/weighting';
import type { DerivedValueLabel, EditRule } from '../../../shared/cleaning';
import { closeSessionProject, projectInfo } from './project';
import { touchRecent } from '../recent';

/** File name of the example project in the app-data folder. */
export const EXAMPLE_FILE = 'voorbeeld-monitor-2014.vwk';

/**
 * The folder with the example's source files (examples/monitor-2014 in the repository; in the packaged app
 * `<resources>/examples/monitor-2014`, shipped by electron-builder.yml extraResources).
 * @throws DomainError NOT_FOUND when it cannot be found in the app's resources, next to the code or under the working directory
 */
export function exampleDir(): string {
  // process.resourcesPath exists only in Electron (the packaged app); the backend itself never imports electron.
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    ...(resources ? [join(resources, 'examples', 'monitor-2014')] : []),
    fileURLToPath(new URL('../../../examples/monitor-2014', import.meta.url)),
    resolve('examples/monitor-2014'),
  ];
  const d = candidates.find((c) => existsSync(join(c, 'survey.csv')));
  if (!d) throw new DomainError('NOT_FOUND', `The example's files were not found (${candidates.join(', ')}).`);
  return d;
}

/** What building the example did. */
export interface ExampleBuildReport {
  path: string;
  seed: number;
  size: ExampleSize;
  sampled: number;
  respondents: number;
  keyed: number;
  /** Paper forms blind re-keyed (pass 2); the planted errors are open differences among them. */
  verified: number;
  imported: number;
  planted: Example['planted'];
  /** Errors planted in the web data for the cleaning run (see shared/example/generator.ts). */
  dataErrors: Example['dataErrors'];
  cleaning: ExampleCleaningReport;
  weighting: ExampleSchemeReport[];
  /** Milliseconds per step: generate + questionnaire + frame + keying + import, cleaning, weighting, export profile. */
  phaseMs: { build: number; cleaning: number; weighting: number; export: number };
  truth: Example['truth'];
  ms: number;
}

const OPERATORS = ['anna', 'bram', 'chantal'];
const TODAY = '2014-03-20';

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Keys one paper form through the entry engine, in paper order, with the planted errors (if any) for this case. */
function keyForm(db: Database, q: Questionnaire, caseId: string, batch: string, answers: Record<string, string>, operator: string, wrong: Map<string, string>, pass: 1 | 2 = 1): void {
  openCase(db, entryApi['entry.openCase'].input.parse({ operator, caseId, batch, receivedOn: '2014-03-10', pass }));
  for (const p of placedVariables(q)) {
    const v = p.variable;
    const value = answers[v.name];
    if (value === undefined || !isEnterable(v)) continue;
    const r = saveField(db, entryApi['entry.saveField'].input.parse({ operator, caseId, pass, variable: v.name, value: wrong.get(v.name) ?? value, today: TODAY }));
    if (!r.accepted) throw new Error(`example: ${caseId} ${v.name}=${value} refused: ${JSON.stringify(r.violations)}`);
  }
  finishCase(db, entryApi['entry.finishCase'].input.parse({ operator, caseId, pass, today: TODAY }));
}

/** The operator name the example's cleaning, weighting and export steps are recorded under. */
export const EXAMPLE_METHODOLOGIST = 'methodoloog';

/**
 * The Monitor's project edit rules (error conditions in the questionnaire's expression language), each with example
 * cases that must (not) trigger it. Warnings: the values are possible but need a look.
 */
export const EXAMPLE_RULES: readonly EditRule[] = [
  {
    name: 'slachtoffer_zonder_incident',
    expression: "${slachtoffer} = 1 and ${inc_ernst} = ''",
    message: 'Slachtoffer, maar de vragen over het meest recente incident zijn niet beantwoord.',
    severity: 'warning', variables: ['slachtoffer', 'inc_ernst'], enabled: true,
    examples: [
      { values: { toestemming: '1', groep: '2', ag_verbaal: '2' }, triggers: true, note: 'verbale agressie, geen incidentgegevens' },
      { values: { toestemming: '1', groep: '2', ag_verbaal: '2', inc_ernst: '3' }, triggers: false },
      { values: { toestemming: '1', groep: '2', ag_verbaal: '1' }, triggers: false, note: 'geen slachtoffer' },
    ],
  },
  {
    name: 'jaren_functie_leeftijd',
    expression: "(${leeftijd} = '1' and ${jaren_functie} > 9) or (${leeftijd} = '2' and ${jaren_functie} > 17)",
    message: 'Meer jaren in de functie dan bij de leeftijd past (jonger dan 25: hoogstens 9; 25 tot 35: hoogstens 17).',
    severity: 'warning', variables: ['jaren_functie', 'leeftijd'], enabled: true,
    examples: [
      { values: { toestemming: '1', groep: '2', jaren_functie: '30', leeftijd: '2' }, triggers: true },
      { values: { toestemming: '1', groep: '2', jaren_functie: '12', leeftijd: '1' }, triggers: true },
      { values: { toestemming: '1', groep: '2', jaren_functie: '12', leeftijd: '2' }, triggers: false },
      { values: { toestemming: '1', groep: '2', jaren_functie: '30', leeftijd: '5' }, triggers: false },
    ],
  },
  {
    name: 'gemgr_onbekend_ambtsdrager',
    expression: "${groep} = '1' and ${laag} = 1 and missing(${gemgr})",
    message: 'Van een gemeentelijk ambtsdrager ontbreekt de gemeentegrootte (weet niet of leeg): zoek die op, de weging heeft haar nodig.',
    severity: 'warning', variables: ['gemgr', 'groep'], enabled: true,
    examples: [
      { values: { toestemming: '1', groep: '1', functie: '12', gemgr: '8' }, triggers: true },
      { values: { toestemming: '1', groep: '1', functie: '12', gemgr: '2' }, triggers: false },
      { values: { toestemming: '1', groep: '1', functie: '22' }, triggers: false, note: 'Statenlid: geen gemeente' },
      { values: { toestemming: '1', groep: '2', laag_mw: '1', gemgr: '8' }, triggers: false, note: 'medewerkers mogen het niet weten' },
    ],
  },
];

/** What the example's cleaning step did. */
export interface ExampleCleaningReport {
  rules: number;
  /** Totals of the first rule run (before corrections). */
  before: { error: number; warning: number };
  /** Totals of the rule run after the corrections and the exclusion. */
  after: { error: number; warning: number };
  /** The planted errors as the run found them and how each was handled. */
  handled: { caseId: string; kind: string; ruleId: string; action: 'corrected' | 'excluded'; variable: string | null; from: string | null; to: string | null }[];
}

/**
 * The cleaning step of the example's chain, all through the cleaning service: saves {@link EXAMPLE_RULES}, runs
 * every rule, finds each planted data error in the violation list (out of range: the form's hard check; off route;
 * an edit rule; the duplicate: identical answers under two case IDs), corrects the values with a reason (correction
 * + audit entry) and excludes the duplicate submission with reason code `duplicate`, then runs the rules again.
 * Other findings (e.g. straightlining warnings) are left for the user.
 * @returns what was found and done
 * @throws Error when a planted error is not found by the run (a bug in the rules or the generator)
 */
export function cleanExample(db: Database, ex: Example): ExampleCleaningReport {
  const id = (n: number): string => formatCaseId(n, DEFAULT_CASE_ID_FORMAT);
  const op = EXAMPLE_METHODOLOGIST;
  for (const r of EXAMPLE_RULES) {
    const saved = saveRule(db, r, op);
    if (saved.ruleTests.length > 0) throw new Error(`example: rule ${r.name} fails its own examples: ${JSON.stringify(saved.ruleTests)}`);
  }
  const today = '2014-04-01';
  const first = runCleaning(db, { operator: op, today, limit: 1 });
  const handled: ExampleCleaningReport['handled'] = [];
  const find = (caseId: string, pred: (v: { ruleId: string; kind: string; variables: string[] }) => boolean) => {
    const v = queryViolations(db, { caseId, offset: 0, limit: 1000 }).rows.find(pred);
    if (!v) throw new Error(`example: the cleaning run did not find the planted error in case ${caseId}`);
    return v;
  };
  const why: Record<string, (e: Example['dataErrors'][number]) => string> = {
    range: (e) => `Buiten bereik: ${e.recorded} jaar in de functie is de leeftijd van de respondent; teruggebeld, het juiste aantal is ${e.value}.`,
    offRoute: () => 'Buiten de routing: geen slachtoffer, dus inc_totaal hoort leeg te zijn (de webtool bewaarde een eerder antwoord); gewist.',
    rule: (e) => `Regel jaren_functie_leeftijd: ${e.recorded} jaar past niet bij de leeftijd; een nul te veel ingetypt, teruggebeld: ${e.value}.`,
  };
  for (const e of ex.dataErrors) {
    const caseId = id(e.caseNumber);
    if (e.kind === 'duplicate') {
      const v = find(caseId, (x) => x.kind === 'duplicateAnswers');
      excludeCase(db, { caseId, reasonCode: 'duplicate', reason: `Dubbel ingevuld: dezelfde antwoorden als case ${id(e.duplicateOf ?? 0)}, ingestuurd met de uitnodigingscode van een collega.`, operator: op });
      handled.push({ caseId, kind: e.kind, ruleId: v.ruleId, action: 'excluded', variable: null, from: null, to: null });
      continue;
    }
    const variable = e.variable ?? '';
    const v = find(caseId, (x) => x.variables.includes(variable) && (e.kind === 'range' ? x.kind === 'hard' || x.kind === 'range' : e.kind === 'offRoute' ? x.kind === 'offRoute' : x.kind === 'edit'));
    correctValue(db, { caseId, variable, value: e.value, reason: why[e.kind]!(e), operator: op });
    handled.push({ caseId, kind: e.kind, ruleId: v.ruleId, action: 'corrected', variable, from: e.recorded, to: e.value });
  }
  const after = runCleaning(db, { operator: op, today, limit: 1 });
  return { rules: EXAMPLE_RULES.length, before: { error: first.totals.error, warning: first.totals.warning }, after: { error: after.totals.error, warning: after.totals.warning }, handled };
}

/** A weighting scheme of the example and its run. */
export interface ExampleSchemeReport {
  name: string;
  method: 'poststratify' | 'rake' | 'linear';
  weightVariable: string;
  weighted: number;
  populationTotal: number;
  maxRelDeviation: number;
  kishDeff: number;
  /** Target cells without respondents merged into a neighbouring cell (small size only), as codes of the cell variable. */
  merged: { from: string; into: string }[];
}

/** Scheme names of the example: employees raked, office holders post-stratified. */
export const EXAMPLE_SCHEMES = { employees: 'Medewerkers', officeHolders: 'Politieke ambtsdragers' } as const;

/** The office holders' weighting cell: functie × 10 + gemgr for municipal functions (111–135), functie × 10 for the others (210–320). */
const CEL_PA = "if(${groep} = '1', if(${laag} = 1, ${functie} * 10 + ${gemgr}, ${functie} * 10), '')";
/** The employees' tier × age class: laag_mw × 10 + lft4 (11–44); an employee's `laag` is the question `laag_mw`. */
const LAAG_LFT4 = "if(${groep} = '2', ${laag_mw} * 10 + ${lft4}, '')";
/** The age classes of `lft4` (its calculation in examples/monitor-2014/survey.csv). */
const LFT4_LABELS = ['jonger dan 35 jaar', '35-44 jaar', '45-54 jaar', '55 jaar of ouder'];

/**
 * Value labels of the example's weighting cells from the questionnaire's choice lists: `cel_pa` as "functie,
 * gemeentegrootte" for municipal functions (functie × 10 + gemgr) and "functie" for the others (functie × 10);
 * `laag_lft4_d` as "laag, leeftijdsklasse" (laag × 10 + lft4).
 */
function cellLabels(q: Questionnaire | undefined): { pa: DerivedValueLabel[]; mw: DerivedValueLabel[] } {
  const choices = (list: string) => (q ? findList(q, list)?.choices ?? [] : []).map((c) => ({ code: Number(c.code), label: textIn(c.label, q!.defaultLanguage) }));
  const pa = choices('functie').flatMap((f) => (f.code < 20 ? choices('gemgr').map((g) => ({ code: String(f.code * 10 + g.code), label: `${f.label}, ${g.label}` })) : [{ code: String(f.code * 10), label: f.label }]));
  const mw = choices('laag').flatMap((l) => LFT4_LABELS.map((a, i) => ({ code: String(l.code * 10 + i + 1), label: `${l.label}, ${a}` })));
  return { pa, mw };
}

/** The labels of cells after merging empty ones: a merged cell is left out, the cell it went into names it. */
function mergedCellLabels(labels: readonly DerivedValueLabel[], merged: readonly { from: string; into: string }[]): DerivedValueLabel[] {
  return labels.filter((l) => !merged.some((m) => m.from === l.code)).map((l) => {
    const from = merged.filter((m) => m.into === l.code).map((m) => labels.find((x) => x.code === m.from)?.label ?? m.from);
    return from.length > 0 ? { code: l.code, label: `${l.label} + ${from.join(' + ')}` } : l;
  });
}

/**
 * The weighting step of the example's chain (the design of examples/monitor-2014/README.md, section 3), through
 * the cleaning service (derived variables with value labels: the questionnaire's calculated `slachtoffer` as
 * `slachtoffer_d` (0 nee, 1 ja), and the weighting cells `laag_lft4_d` and `cel_pa` labelled from the choice lists; an employee's `laag` is the question `laag_mw`) and the weighting service: targets read from
 * population-2014.csv (readTargetsFile), two schemes saved and run with the sample frame's design weights N_h / n_h
 * as base weights —
 *  - employees (`groep` = 2) raked to `laag` × `geslacht` and `laag` × `lft4` (weight `w_mw`);
 *  - office holders (`groep` = 1) post-stratified to `functie` × `gemgr` for municipal functions and `functie` for
 *    the provincial and water-board ones, which have no municipality size class (cell variable `cel_pa`; weight `w_pa`).
 * A target cell without any respondent cannot be weighted: it is merged into the nearest cell of the same function
 * (office holders; provincial and water-board functions within their tier) or tier (employees' age classes) by
 * recoding the cell variable ({@link collapseEmptyCells}); this only happens at the small size.
 * @returns one report per scheme
 * @throws DomainError WEIGHTING_INPUT / NOT_CONVERGED from the weighting service, EXPRESSION_ERROR from cleaning
 */
export async function weightExample(db: Database, dir: string): Promise<ExampleSchemeReport[]> {
  const op = EXAMPLE_METHODOLOGIST, today = '2014-04-01';
  const derive = (name: string, expression: string, label: string, valueLabels: DerivedValueLabel[]) => defineDerived(db, { name, expression, label, valueLabels, operator: op, today });
  const cells = cellLabels(latestVersion(db)?.questionnaire);
  derive('slachtoffer_d', '${slachtoffer}', 'Slachtoffer van agressie of geweld door burgers, afgelopen 12 maanden (afgeleid van slachtoffer; 1 ja, 0 nee)', [{ code: '0', label: 'Nee' }, { code: '1', label: 'Ja' }]);
  derive('cel_pa', CEL_PA, 'Weegcel politieke ambtsdragers: functie × 10 + gemeentegrootte (gemeenten), functie × 10 (provincies, waterschappen)', cells.pa);
  derive('laag_lft4_d', LAAG_LFT4, 'Weegcel medewerkers: laag × 10 + lft4', cells.mw);
  const t = await readTargetsFile(join(dir, 'population-2014.csv'));
  const source = (group: string) => ({ file: 'examples/monitor-2014/population-2014.csv', sha256: t.sha256, group });
  // Respondents per cell: weighted cases (complete or verified).
  const vals = finalValues(db, ['cel_pa', 'laag_lft4_d']);
  const counts = new Map<string, number>();
  for (const c of casesForWeighting(db)) {
    if (c.status !== 'complete' && c.status !== 'verified') continue;
    for (const v of ['cel_pa', 'laag_lft4_d']) { const x = vals.get(v)?.get(c.pk); if (x) counts.set(x, (counts.get(x) ?? 0) + 1); }
  }
  const n = (k: string): number => counts.get(k) ?? 0;
  const recode = (name: string, base: string, label: string, labels: readonly DerivedValueLabel[], merged: { from: string; into: string }[]) => {
    if (merged.length > 0) derive(name, recodeExpression(base, merged.map((m) => ({ from: Number(m.from), to: Number(m.into) }))), `${label}; samengevoegd wegens lege cellen: ${merged.map((m) => `${m.from} → ${m.into}`).join(', ')}`, mergedCellLabels(labels, merged));
  };
  const pa = collapseEmptyCells([
    ...schemeMarginsFromFile(t, 'politiek_ambtsdrager', ['functie*gemgr'])[0]!.categories.map((c) => ({ key: String(c.codes[0]! * 10 + c.codes[1]!), family: String(c.codes[0]!), count: c.value })),
    ...schemeMarginsFromFile(t, 'politiek_ambtsdrager', ['functie'])[0]!.categories.filter((c) => c.codes[0]! >= 20).map((c) => ({ key: String(c.codes[0]! * 10), family: String(c.codes[0]!).slice(0, 1), count: c.value })),
  ], n);
  recode('cel_pa', CEL_PA, 'Weegcel politieke ambtsdragers', cells.pa, pa.merged);
  const [sexMargin] = schemeMarginsFromFile(t, 'medewerker', ['laag*geslacht']);
  const mw = collapseEmptyCells(schemeMarginsFromFile(t, 'medewerker', ['laag*lft4'])[0]!.categories.map((c) => ({ key: String(c.codes[0]! * 10 + c.codes[1]!), family: String(c.codes[0]!), count: c.value })), n);
  recode('laag_lft4_d', LAAG_LFT4, 'Weegcel medewerkers: laag × 10 + lft4', cells.mw, mw.merged);
  const schemes: (SchemeDefinitionInput & { weightVariable: string })[] = [
    {
      name: EXAMPLE_SCHEMES.employees, description: 'Medewerkers (groep 2) geraked naar laag × geslacht en laag × lft4 (laag_lft4_d); startgewichten N_h / n_h uit het steekproefkader.',
      group: { variable: 'groep', codes: [2] }, method: 'rake',
      margins: [{ ...sexMargin!, variables: ['laag_mw', 'geslacht'] }, { variables: ['laag_lft4_d'], categories: mw.cells.map((c) => ({ codes: [Number(c.key)], value: c.count })) }],
      baseWeights: 'design', weightVariable: 'w_mw', targetsSource: source('medewerker'),
    },
    {
      name: EXAMPLE_SCHEMES.officeHolders,
      description: 'Politieke ambtsdragers (groep 1) gepoststratificeerd naar functie × gemeentegrootte (gemeenten) en functie (provincies, waterschappen): cel_pa; startgewichten N_h / n_h.',
      group: { variable: 'groep', codes: [1] }, method: 'poststratify',
      margins: [{ variables: ['cel_pa'], categories: pa.cells.map((c) => ({ codes: [Number(c.key)], value: c.count })) }],
      baseWeights: 'design', weightVariable: 'w_pa', targetsSource: source('politiek_ambtsdrager'),
    },
  ];
  return schemes.map((sc, k) => {
    saveScheme(db, sc, op);
    const d = runScheme(db, sc.name, op);
    return {
      name: sc.name, method: d.method, weightVariable: sc.weightVariable, weighted: d.cases.weighted, populationTotal: d.populationTotal,
      maxRelDeviation: d.maxRelDeviation, kishDeff: d.summary.kishDeff, merged: k === 0 ? mw.merged : pa.merged,
    };
  });
}

/** Name of the example's default export profile (the report with the headline table). */
export const EXAMPLE_PROFILE = 'Monitor 2014 rapport';

/**
 * The export step of the example's chain: saves the report profile — every sheet; the Tables sheet opens with the
 * headline tables ({@link headlineTables}: victimisation per group, tier and function and the avoidance indicators,
 * weighted with both schemes combined, next to the published 2012 and 2014 figures), then victimisation and feeling
 * safe by `functie` weighted with the office holders' scheme — and makes it the project's default export, so
 * `veldwerk export <project> --out <file>` writes it.
 */
export function saveExampleExport(db: Database): void {
  saveProfile(db, ExportProfile.parse({
    name: EXAMPLE_PROFILE,
    sheets: [...SHEET_IDS],
    tables: {
      variables: ['slachtoffer_d', 'veiligheid'], by: 'functie', weight: EXAMPLE_SCHEMES.officeHolders, minN: 10, smallCells: 'flag',
      indicators: headlineTables([EXAMPLE_SCHEMES.officeHolders, EXAMPLE_SCHEMES.employees]),
    },
  }), EXAMPLE_METHODOLOGIST);
  setDefaultProfile(db, EXAMPLE_PROFILE);
}

/**
 * Fills an open, empty project with the Monitor 2014 example, all through the real services: the XLSForm of
 * examples/monitor-2014 imported, the generated sample frame imported (design weights N_h / n_h from the
 * generator's strata), paper forms keyed field by field through the entry engine in batches of 25 (planted
 * keying errors included) and partly re-keyed blind by a verifier (the queued forms and every form with a planted
 * error, so each planted error is an open verification difference), and the web responses written as a CSV export and imported through the import service.
 * Rates and model: shared/example (sources in examples/monitor-2014/README.md, section 5).
 * @param db the project (empty); @param seed generator seed; @param size small (≈300 respondents) or full
 * @returns counts, the planted errors and the generator's true values
 * @throws DomainError from any service (e.g. the project already has a questionnaire); Error when a generated
 *   answer is refused by the entry engine (a generator bug)
 */
export async function fillExample(db: Database, seed: number, size: ExampleSize): Promise<Omit<ExampleBuildReport, 'path' | 'ms'>> {
  if (questionnaireState(db)) throw new DomainError('ALREADY_EXISTS', 'This project already has a questionnaire; the example needs an empty project.');
  const t0 = performance.now();
  const dir = exampleDir();
  const ex = generateExample(readFileSync(join(dir, 'population-2014.csv'), 'utf8'), seed, size);
  await importXlsformInto(db, dir, 'voorbeeld');
  const q = questionnaireState(db)!.questionnaire;
  const router = createRouter(q);
  const work = mkdtempSync(join(tmpdir(), 'veldwerk-example-'));
  const sync = db.pragma('synchronous', { simple: true });
  db.pragma('synchronous = NORMAL');
  try {
    const id = (n: number): string => formatCaseId(n, DEFAULT_CASE_ID_FORMAT);
    const frame = join(work, 'steekproef.csv');
    writeFileSync(frame, `case_id,stratum,groep,mode\n${ex.cases.map((c) => `${id(c.caseNumber)},${c.person.stratum},${c.person.groep},${c.mode}`).join('\n')}\n`);
    const strata = Object.keys(ex.strata);
    await importFrame(db, frame, {
      strata: ['stratum', 'groep'], codes: { stratum: strata },
      population: { strata: ['stratum'], cells: strata.map((s) => ({ values: { stratum: s }, count: ex.strata[s] ?? 0 })) },
    }, 'voorbeeld', false);
    const respondents = ex.cases.filter((c) => c.responds && c.answers);
    const plantedOff = new Set(ex.dataErrors.filter((e) => e.kind === 'offRoute').map((e) => `${e.caseNumber}:${e.variable ?? ''}`));
    for (const c of respondents) {
      const st = router.evaluate(c.answers ?? {});
      for (const k of Object.keys(c.answers ?? {})) {
        const s = router.slotOf(k);
        if ((s === undefined || !st.onRoute[s]) && !plantedOff.has(`${c.caseNumber}:${k}`)) throw new Error(`example: ${k} off route in case ${c.caseNumber}`);
      }
    }
    const paper = respondents.filter((c) => c.mode === 'paper');
    // The web export also holds the planted duplicate: a second submission under a non-respondent's invitation code.
    const twins = new Set(ex.dataErrors.filter((e) => e.kind === 'duplicate').map((e) => e.caseNumber));
    const web = [...respondents.filter((c) => c.mode === 'web'), ...ex.cases.filter((c) => twins.has(c.caseNumber) && c.answers)];
    for (let b = 0; b * 25 < paper.length; b++) {
      const forms = paper.slice(b * 25, b * 25 + 25);
      const number = `P${String(b + 1).padStart(3, '0')}`;
      registerBatch(db, { number, receivedOn: '2014-03-10', expectedForms: forms.length, operator: 'voorbeeld', caseIds: forms.map((c) => id(c.caseNumber)) });
      forms.forEach((c, i) => {
        const wrong = new Map(ex.planted.filter((e) => e.caseNumber === c.caseNumber).map((e) => [e.variable, e.keyed]));
        keyForm(db, q, id(c.caseNumber), number, c.answers ?? {}, OPERATORS[(b + i) % OPERATORS.length] ?? 'anna', wrong);
      });
    }
    // Blind re-keying (pass 2) by a verifier: the forms the verification queue asks for plus every form with a
    // planted error, keyed as the paper says — so verification catches each planted error as an open difference.
    // Two queued forms without planted errors are left for the user to verify.
    const byId = new Map(paper.map((c) => [id(c.caseNumber), c]));
    const plantedIds = new Set(ex.planted.map((e) => id(e.caseNumber)));
    const queued = verificationQueue(db).map((f) => f.caseId).filter((c) => !plantedIds.has(c));
    const leave = new Set(queued.slice(-2));
    let verified = 0;
    for (const caseId of new Set([...queued.filter((c) => !leave.has(c)), ...plantedIds])) {
      const c = byId.get(caseId);
      if (!c) continue;
      const batch = `P${String(Math.floor(paper.indexOf(c) / 25) + 1).padStart(3, '0')}`;
      keyForm(db, q, caseId, batch, c.answers ?? {}, 'dirk', new Map(), 2);
      verified++;
    }
    const vars = placedVariables(q).map((p) => p.variable).filter((v) => isEnterable(v)).map((v) => v.name);
    const csv = join(work, 'web-export.csv');
    writeFileSync(csv, `${['case_id', 'submitdate', ...vars].join(',')}\r\n${web.map((c) => [id(c.caseNumber), '2014-03-05 10:00:00', ...vars.map((v) => csvCell(c.answers?.[v] ?? ''))].join(',')).join('\r\n')}\r\n`);
    const imp = web.length ? await importResponses(db, importApi['import.dryRun'].input.parse({ file: csv, encoding: 'utf-8' }), 'voorbeeld', false) : { imported: 0 };
    const t1 = performance.now();
    const cleaning = cleanExample(db, ex);
    const t2 = performance.now();
    const weighting = await weightExample(db, dir);
    const t3 = performance.now();
    saveExampleExport(db);
    const phaseMs = { build: Math.round(t1 - t0), cleaning: Math.round(t2 - t1), weighting: Math.round(t3 - t2), export: Math.round(performance.now() - t3) };
    return { seed, size, sampled: ex.cases.length, respondents: respondents.length, keyed: paper.length, verified, imported: imp.imported, planted: ex.planted, dataErrors: ex.dataErrors, cleaning, weighting, phaseMs, truth: ex.truth };
  } finally {
    db.pragma(`synchronous = ${Number(sync)}`);
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Creates the example project file at `path` and fills it ({@link fillExample}); the project is left open.
 * @param path the new .vwk file (must not exist); @param seed; @param size; @param app who opens it (lock label)
 * @returns the open project and the report
 * @throws DomainError ALREADY_EXISTS when the file exists, and anything fillExample throws (the half-built file is removed)
 */
export async function buildExampleProject(path: string, seed: number, size: ExampleSize, app: string): Promise<{ project: ProjectDb; report: ExampleBuildReport }> {
  const t0 = Date.now();
  const abs = createProjectFile(path, 'Voorbeeld: Monitor Agressie en Geweld Openbaar Bestuur 2014');
  const project = await openProjectForWrite(abs, app);
  try {
    const r = await fillExample(project.db, seed, size);
    return { project, report: { path: abs, ...r, ms: Date.now() - t0 } };
  } catch (e) {
    project.close();
    rmSync(abs, { force: true });
    throw e;
  }
}

/** Handler of example.open: (re)creates the example in the app-data folder (refused while it is locked) and opens it. */
export const exampleHandlers = {
  'example.open': async (_input, { session }) => {
    const path = join(session.appDataDir, EXAMPLE_FILE);
    if (session.project && session.project.path === resolve(path)) closeSessionProject(session);
    if (existsSync(path)) {
      // refused (PROJECT_IN_USE) while another process has it open; a stale lock of a crashed process is taken over
      const lock = acquireLock(path, session.hostLabel);
      try {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      } finally {
        lock.release();
      }
    }
    const { project } = await buildExampleProject(path, 2014, 'small', session.hostLabel);
    closeSessionProject(session);
    session.project = project;
    const info = projectInfo(project);
    touchRecent(session.appDataDir, info.path, info.title);
    return info;
  },
} satisfies HandlerPart<'example.open'>;
