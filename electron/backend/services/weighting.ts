// Weighting service: targets from files, named schemes stored in the project, runs (weights + diagnostics) and weighted estimates.
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import {
  SchemeDefinitionSchema, type ParsedTargetsOutput, type SchemeDefinition, type SchemeDefinitionInput, type SchemeStaleness, type WeightingDiagnostics,
} from '../../../shared/contract/weighting';
import { DomainError, assertNever, type ErrorIssue } from '../../../shared/domain/errors';
import { findList, findVariable, textIn, userMissingCodes, valueLabels, variablesOf, type Questionnaire } from '../../../shared/domain/questionnaire';
import {
  computeWeights, estimateCategorical, largestWeights, marginFromPercentages, weightHistogram,
  type WeightingResult, type WeightingSample, type WeightingSpec,
} from '../../../shared/weighting';
import { canonicalSchemeJson, weightsDefinitionJson } from '../../../shared/weighting/schemeCanonical';
import { parseTargetsTable, type TargetMargin } from '../../../shared/weighting/targetsFile';
import { assertWeightNamesFree } from '../../../shared/weighting/weightNames';
import { appendAudit } from '../db/repos/auditRepo';
import { listDerived } from '../db/repos/cleaningRepo';
import { designWeights } from '../db/repos/fieldworkRepo';
import { latestVersion } from '../db/repos/questionnaireRepo';
import {
  casesForWeighting, dataChanges, deleteScheme, finalValues, getResultRow, getSchemeRow, hasSampleFrame, latestQuestionnaire, listSchemeRows, replaceResult, runCasePks, runInputs, runStamp, setRunDiagnostics, upsertScheme,
} from '../db/repos/weightingRepo';
import type { HandlerContext, HandlerPart } from '../handlerTypes';
import { schemeWeightNames } from './cleaning';
import { readFrameFile } from './frameReader';
import { requireProject } from './project';
import { APP_VERSION } from '../version';

type Progress = HandlerContext['progress'];
const noProgress: Progress = () => undefined;

/** Statuses whose forms are weighted: complete and verified. Open forms are unfinished; excluded cases are left out. */
const WEIGHTED_STATUSES = new Set(['complete', 'verified']);

/** The margin's name as shown and used in messages: `laag` or `laag*geslacht`. */
export function marginName(variables: readonly string[]): string {
  return variables.join('*');
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** SHA-256 of the part of a scheme that decides its weights (schemeCanonical weightsDefinitionJson); stored with a run. */
export function definitionHash(def: SchemeDefinitionInput): string {
  return sha256(weightsDefinitionJson(def));
}

/** Whether two stored definition texts mean the same scheme (canonicalSchemeJson); an unreadable one differs. */
function sameDefinition(a: string, b: string): boolean {
  try {
    return canonicalSchemeJson(JSON.parse(a) as SchemeDefinitionInput) === canonicalSchemeJson(JSON.parse(b) as SchemeDefinitionInput);
  } catch {
    return false;
  }
}

/**
 * Reads population targets from a CSV or XLSX file (see shared/weighting/targetsFile.ts for the columns).
 * @param path the file; @param sheet worksheet of an .xlsx (default the first)
 * @returns the margins per group, the groups, notes (percentages scaled) and the SHA-256 of the file
 * @throws DomainError WEIGHTING_INPUT with every problem located by file, sheet, row and column; NOT_FOUND,
 *   IO_ERROR, IMPORT_INVALID (unreadable or malformed file)
 */
export async function readTargetsFile(path: string, sheet?: string): Promise<ParsedTargetsOutput> {
  const { table, sha256: hash } = await readFrameFile(path, sheet);
  const parsed = parseTargetsTable(table);
  return { ...parsed, sha256: hash };
}

/**
 * Turns margins read from a targets file into scheme margins: the margins of `group` (all when the file has no
 * groups), optionally only the named ones (`laag*geslacht`), in the given order.
 * @throws DomainError WEIGHTING_INPUT naming the group or margin that the file does not have
 */
export function schemeMarginsFromFile(targets: ParsedTargetsOutput, group: string | null, names?: readonly string[]): SchemeDefinition['margins'] {
  if (group !== null && !targets.groups.includes(group)) {
    throw new DomainError('WEIGHTING_INPUT', `${targets.file} has no group "${group}" (groups: ${targets.groups.join(', ') || 'none'}).`);
  }
  const inGroup = targets.margins.filter((m) => group === null || m.group === group);
  const chosen = names ? names.map((n) => {
    const m = inGroup.find((x) => x.variable === n.replace(/\s+/g, ''));
    if (!m) throw new DomainError('WEIGHTING_INPUT', `${targets.file} has no margin ${n}${group ? ` in group ${group}` : ''} (it has ${inGroup.map((x) => x.variable).join(', ')}).`);
    return m;
  }) : inGroup;
  return chosen.map((m) => ({ variables: m.variables, categories: m.categories.map((c) => ({ codes: c.codes, value: c.value, label: c.label })) }));
}

/**
 * Validates a scheme beyond its schema: post-stratification has exactly one margin; every category has one code
 * per variable, no category twice, no variable twice within a margin; percentages sum to 100 ± 0.1.
 * @throws DomainError WEIGHTING_INPUT listing each problem with the margin and category
 */
export function checkScheme(def: SchemeDefinition): void {
  const problems: ErrorIssue[] = [];
  if (def.method === 'poststratify' && def.margins.length !== 1) {
    problems.push({ message: `post-stratification takes one margin (its variables are crossed into cells), not ${def.margins.length}`, path: ['margins'] });
  }
  if (def.weightVariable === null && def.weightVariableN === null) problems.push({ message: 'choose at least one weight variable (population or sample size)', path: ['weightVariable'] });
  if (def.weightVariable !== null && def.weightVariable.toLowerCase() === def.weightVariableN?.toLowerCase()) {
    // reason and params: the UI says it in its language (renderer/api/errorText.ts)
    problems.push({ message: 'the two weight variables need different names', path: ['weightVariableN'], value: def.weightVariableN ?? '', reason: 'weighting.weightName.same', params: { name: def.weightVariableN ?? '', column: def.weightVariable } });
  }
  const seen = new Set<string>();
  def.margins.forEach((m, k) => {
    const name = marginName(m.variables);
    if (new Set(m.variables).size !== m.variables.length) problems.push({ message: `${name} crosses a variable with itself`, path: ['margins', k] });
    if (seen.has(name)) problems.push({ message: `margin ${name} appears twice`, path: ['margins', k] });
    seen.add(name);
    const cats = new Set<string>();
    m.categories.forEach((c, j) => {
      const code = c.codes.join('*');
      if (c.codes.length !== m.variables.length) problems.push({ message: `${name}: category ${code} needs ${m.variables.length} code(s)`, path: ['margins', k, 'categories', j] });
      if (cats.has(code)) problems.push({ message: `${name} = ${code} appears twice`, path: ['margins', k, 'categories', j] });
      cats.add(code);
    });
    if (def.targetsKind === 'percent') {
      try {
        marginFromPercentages(name, m.categories.map((c, i) => ({ code: i, count: c.value })), 100);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        problems.push({ message: e.message, path: ['margins', k] });
      }
    }
  });
  if (problems.length > 0) {
    throw new DomainError('WEIGHTING_INPUT', `Scheme ${def.name}: ${problems[0]!.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}.`, problems);
  }
}

/** The sample of one scheme as columns, with the bookkeeping needed to store and explain the run. */
export interface SchemeSample {
  sample: WeightingSample;
  spec: WeightingSpec;
  /** Case pk and ID per row. */
  pks: number[];
  caseIds: string[];
  cases: WeightingDiagnostics['cases'];
  /** Population total the weights are grossed up to. */
  total: number;
  /** Category label and display code per margin category: margin name → (engine code → { code, label }). */
  decode: Map<string, Map<number, { code: string; label: string | null }>>;
  notes: string[];
  inputHash: string;
  /** Per row, the case's inputs as JSON (see inputDigests); stored with the run. */
  inputs: string[];
  /** SHA-256 over the cases in pk order with their inputs; stored with the run. */
  fingerprint: string;
}

/** Parses a stored value as an integer code; NaN for empty, non-integer or user-missing values. */
function codeOf(value: string | null | undefined, missing: ReadonlySet<string>): number {
  if (value === null || value === undefined) return NaN;
  const t = value.trim();
  if (t === '' || missing.has(t) || !/^-?\d+$/.test(t)) return NaN;
  return Number(t);
}

function missingSet(q: Questionnaire | null, variable: string): Set<string> {
  const v = q ? findVariable(q, variable) : undefined;
  return new Set(q && v ? userMissingCodes(q, v).map((m) => m.code) : []);
}

function labelOf(q: Questionnaire | null, variable: string, code: number): string | null {
  const v = q ? findVariable(q, variable) : undefined;
  if (!q || !v) return null;
  const l = valueLabels(q, v).find((x) => x.code === String(code))
    // A calculated variable (e.g. laag, lft4) takes the labels of the choice list with its name, when there is one.
    ?? (v.listName === undefined ? findList(q, variable)?.choices.find((c) => c.code === String(code)) : undefined);
  return l ? textIn(l.label, q.defaultLanguage) || null : null;
}

/**
 * The cases a scheme weights now and each one's inputs as the weighting engine sees them (the membership rules of
 * {@link loadSchemeSample}: complete or verified, not excluded, within the scheme's group).
 */
interface SchemeInputs {
  q: Questionnaire | null;
  /** The margin/cell variables, in the scheme's order (each once). */
  marginVars: string[];
  /** Weighted cases in case-ID order. */
  rows: { pk: number; caseId: string }[];
  cases: WeightingDiagnostics['cases'];
  /** Per margin variable, the integer code of each row (NaN = missing). */
  columns: Map<string, Float64Array>;
  /** Design weight per row (null = none in the sample frame) when the scheme uses design weights; else null. */
  design: (number | null)[] | null;
}

/**
 * The variables a scheme reads (its population filter, margins and cells) that no longer exist: neither a variable of
 * the project's questionnaire nor a derived variable of cleaning (e.g. a derived variable deleted before the delete was
 * refused for variables a scheme uses, or a questionnaire version without it). Reading such a variable would give a
 * missing value for every case. A project without a questionnaire has nothing to compare with (none reported).
 * @returns the names, each once, in the scheme's order
 */
export function missingSchemeVariables(db: Database, def: SchemeDefinition): string[] {
  const q = latestVersion(db)?.questionnaire;
  if (!q) return [];
  const derived = new Set(listDerived(db).map((d) => d.name));
  const vars = [...new Set([...(def.group ? [def.group.variable] : []), ...def.margins.flatMap((m) => m.variables)])];
  return vars.filter((v) => !derived.has(v) && findVariable(q, v)?.name !== v);
}

/**
 * Refuses a scheme that reads a variable that no longer exists ({@link missingSchemeVariables}), naming them.
 * @throws DomainError WEIGHTING_INPUT with one issue, reason `weighting.variableGone` ({ scheme, variables, count })
 */
function refuseMissingVariables(db: Database, def: SchemeDefinition): void {
  const gone = missingSchemeVariables(db, def);
  if (gone.length === 0) return;
  const message = `Scheme ${def.name} weights by ${gone.join(', ')}, which no longer exist${gone.length > 1 ? '' : 's'} (neither a questionnaire variable nor a derived variable); define ${gone.length > 1 ? 'them' : 'it'} again under that name, or change the scheme`;
  // reason and params: the UI says it in its language (renderer/api/errorText.ts)
  throw new DomainError('WEIGHTING_INPUT', `${message}.`, [{ message, path: ['margins'], value: gone.join(', '), reason: 'weighting.variableGone', params: { scheme: def.name, variables: gone.join(', '), count: gone.length } }]);
}

/**
 * Reads the weighted cases of a scheme and their inputs: final values (cleaning corrections, derived variables; via
 * weightingRepo finalValues) as integer codes, and design weights when the scheme uses them.
 * @throws DomainError WEIGHTING_INPUT when the scheme reads a variable that no longer exists (reason
 *   `weighting.variableGone`), or uses design weights and the project has no sample frame
 */
function readSchemeInputs(db: Database, def: SchemeDefinition): SchemeInputs {
  refuseMissingVariables(db, def);
  const q = latestVersion(db)?.questionnaire ?? null;
  const marginVars = [...new Set(def.margins.flatMap((m) => m.variables))];
  const vars = [...new Set([...(def.group ? [def.group.variable] : []), ...marginVars])];
  const values = finalValues(db, vars);
  const missing = new Map(vars.map((v) => [v, missingSet(q, v)]));
  const cases = { weighted: 0, excluded: 0, notComplete: 0, outsideGroup: 0 };
  const rows: { pk: number; caseId: string }[] = [];
  const groupCodes = def.group ? new Set(def.group.codes) : null;
  for (const c of casesForWeighting(db)) {
    if (c.status === 'excluded') { cases.excluded++; continue; }
    if (!WEIGHTED_STATUSES.has(c.status)) { cases.notComplete++; continue; }
    if (def.group && groupCodes) {
      const g = codeOf(values.get(def.group.variable)!.get(c.pk), missing.get(def.group.variable)!);
      if (!groupCodes.has(g)) { cases.outsideGroup++; continue; }
    }
    rows.push({ pk: c.pk, caseId: c.caseId });
  }
  cases.weighted = rows.length;
  const columns = new Map<string, Float64Array>();
  for (const v of marginVars) {
    const vals = values.get(v)!;
    const ms = missing.get(v)!;
    columns.set(v, Float64Array.from(rows, (r) => codeOf(vals.get(r.pk), ms)));
  }
  let design: (number | null)[] | null = null;
  if (def.baseWeights === 'design') {
    if (!hasSampleFrame(db)) throw new DomainError('WEIGHTING_INPUT', `Scheme ${def.name} uses design weights, but this project has no sample frame.`);
    const dw = designWeights(db);
    design = rows.map((r) => {
      const w = dw.get(r.caseId);
      return typeof w === 'number' && w > 0 ? w : null;
    });
  }
  return { q, marginVars, rows, cases, columns, design };
}

/**
 * Each weighted case's inputs as a JSON array — the code of each margin variable in order (null = missing), then the
 * design weight when the scheme uses design weights — and the fingerprint of the whole input: SHA-256 over the cases
 * in pk order, each as `pk TAB inputs LF`. Stored with a run (migration 110) and compared by {@link schemeStaleness}.
 */
function inputDigests(s: SchemeInputs): { inputs: string[]; fingerprint: string } {
  const inputs = s.rows.map((_, i) => JSON.stringify([
    ...s.marginVars.map((v) => { const x = s.columns.get(v)![i]!; return Number.isFinite(x) ? x : null; }),
    ...(s.design ? [s.design[i]!] : []),
  ]));
  const order = s.rows.map((r, i) => [r.pk, i] as const).sort((a, b) => a[0] - b[0]);
  const h = createHash('sha256');
  for (const [pk, i] of order) h.update(`${pk}\t${inputs[i]!}\n`);
  return { inputs, fingerprint: h.digest('hex') };
}

/**
 * Loads the sample of a scheme from the project: the cases that are complete or verified (excluded and open
 * cases left out), within the scheme's group, with the final value (adjudicated, else first keying) of each
 * weighting variable as an integer code — empty, non-numeric and user-missing values are missing (NaN) and are
 * refused by the weighting core with the case IDs listed. Crossed margins of rake/linear become one composite
 * column (`laag*geslacht`, code = the components' digits side by side; refusals name its cells by their components,
 * `laag = 1 × geslacht = 3`); post-stratification crosses the cells itself.
 * Targets in percentages are scaled to the population total (else the sample size).
 * @returns columns, spec, bookkeeping, the SHA-256 of the inputs (scheme + case IDs + codes + base weights), and each
 *   case's inputs with their fingerprint ({@link inputDigests}, what a run stores for {@link schemeStaleness})
 * @throws DomainError WEIGHTING_INPUT (no case to weight; design weights asked for but missing, with the case IDs)
 */
export function loadSchemeSample(db: Database, def: SchemeDefinition): SchemeSample {
  const read = readSchemeInputs(db, def);
  const { q, marginVars, rows, cases, columns } = read;
  const n = rows.length;
  if (n === 0) {
    throw new DomainError('WEIGHTING_INPUT', `Scheme ${def.name}: no case to weight (${cases.excluded} excluded, ${cases.notComplete} not complete, ${cases.outsideGroup} outside the group${def.group ? ` ${def.group.variable} = ${def.group.codes.join(', ')}` : ''}).`);
  }
  const notes: string[] = [];
  // Targets in counts; percentages scaled to the population total (or n).
  const percentTotal = def.populationTotal ?? n;
  if (def.targetsKind === 'percent') {
    notes.push(def.populationTotal !== null
      ? `Targets in percentages, scaled to the population total ${def.populationTotal}.`
      : `Targets in percentages without a population total: the weights are scaled to the sample size (${n}).`);
  }
  const count = (m: SchemeDefinition['margins'][number], value: number): number => {
    if (def.targetsKind === 'count') return value;
    const sum = m.categories.reduce((s, c) => s + c.value, 0);
    return (percentTotal * value) / sum;
  };
  if (def.targetsKind === 'percent') {
    for (const m of def.margins) {
      const { notes: n2 } = marginFromPercentages(marginName(m.variables), m.categories.map((c, i) => ({ code: i, count: c.value })), 100);
      notes.push(...n2);
    }
  }
  const decode = new Map<string, Map<number, { code: string; label: string | null }>>();
  const variables: Record<string, Float64Array> = {};
  let spec: WeightingSpec;
  const common = { tolerance: def.tolerance, maxIterations: def.maxIterations, ...(def.trim ? { trim: { ...def.trim } } : {}) };
  const label = (m: SchemeDefinition['margins'][number], c: SchemeDefinition['margins'][number]['categories'][number]) =>
    c.label ?? (m.variables.length === 1 ? labelOf(q, m.variables[0]!, c.codes[0]!) : c.codes.map((x, k) => labelOf(q, m.variables[k]!, x) ?? String(x)).join(' | '));
  const method = def.method;
  switch (method) {
    case 'poststratify': {
      const m = def.margins[0]!;
      for (const v of m.variables) variables[v] = columns.get(v)!;
      const name = marginName(m.variables);
      // The core names a cell margin by its variables joined with ' x ' and codes it by position; decode by cell codes.
      decode.set(name, new Map(m.categories.map((c, i) => [i, { code: c.codes.join('*'), label: label(m, c) }])));
      spec = { method, cells: { variables: [...m.variables], cells: m.categories.map((c) => ({ codes: [...c.codes], count: count(m, c.value) })) }, ...common };
      break;
    }
    case 'rake':
    case 'linear': {
      const margins = def.margins.map((m) => {
        const name = marginName(m.variables);
        if (m.variables.length === 1) {
          variables[name] = columns.get(name)!;
          decode.set(name, new Map(m.categories.map((c) => [c.codes[0]!, { code: String(c.codes[0]!), label: label(m, c) }])));
          return { variable: name, categories: m.categories.map((c) => ({ code: c.codes[0]!, count: count(m, c.value) })) };
        }
        // Composite code: each component gets as many decimal digits as its largest code (targets and sample).
        const cols = m.variables.map((v) => columns.get(v)!);
        const digits = m.variables.map((_, k) => {
          let max = 0;
          for (const c of m.categories) max = Math.max(max, Math.abs(c.codes[k]!));
          for (const x of cols[k]!) if (Number.isFinite(x)) max = Math.max(max, Math.abs(x));
          return String(max).length;
        });
        const compose = (codes: readonly number[]): number => {
          let v = 0;
          for (let k = 0; k < codes.length; k++) {
            const c = codes[k]!;
            if (!Number.isFinite(c) || c < 0) return NaN;
            v = v * 10 ** digits[k]! + c;
          }
          return v;
        };
        const col = new Float64Array(n);
        for (let i = 0; i < n; i++) col[i] = compose(cols.map((x) => x[i]!));
        variables[name] = col;
        decode.set(name, new Map(m.categories.map((c) => [compose(c.codes), { code: c.codes.join('*'), label: label(m, c) }])));
        for (let i = 0; i < n; i++) {
          const x = col[i]!;
          if (Number.isFinite(x) && !decode.get(name)!.has(x)) decode.get(name)!.set(x, { code: cols.map((cc) => String(cc[i]!)).join('*'), label: null });
        }
        // Refusals name a cell by its components ("laag = 1 × geslacht = 3"), never by the composite code (13).
        const cells = decode.get(name)!;
        const describe = (x: number): string => {
          const parts = cells.get(x)?.code.split('*');
          return parts && parts.length === m.variables.length ? m.variables.map((v, k) => `${v} = ${parts[k]}`).join(' × ') : `${name} = ${x}`;
        };
        // A missing value is named by the variable that lacks it (geslacht), not by the composite (laag*geslacht).
        const components = m.variables.map((v, k) => ({ variable: v, values: cols[k]! }));
        return { variable: name, categories: m.categories.map((c) => ({ code: compose(c.codes), count: count(m, c.value) })), describe, components };
      });
      spec = { method, margins, ...common };
      break;
    }
    default:
      return assertNever(method, 'weighting method');
  }
  let baseWeights: Float64Array | undefined;
  if (read.design) {
    const design = read.design;
    baseWeights = Float64Array.from(design, (w) => w ?? 0);
    const lacking = rows.filter((_, i) => design[i] === null).map((r) => r.caseId);
    if (lacking.length > 0) {
      throw new DomainError('WEIGHTING_INPUT', `Scheme ${def.name} uses design weights, but ${lacking.length} case(s) have none in the sample frame: ${lacking.slice(0, 20).join(', ')}${lacking.length > 20 ? ', …' : ''}.`,
        [{ message: `no design weight for ${lacking.length} case(s): ${lacking.slice(0, 20).join(', ')}${lacking.length > 20 ? ', …' : ''}`, value: lacking[0]!, reason: 'weighting.input.noDesignWeight', params: { count: lacking.length, ids: `${lacking.slice(0, 20).join(', ')}${lacking.length > 20 ? ', …' : ''}` } }]);
    }
  }
  const caseIds = rows.map((r) => r.caseId);
  const sample: WeightingSample = { n, ids: caseIds, variables, ...(baseWeights ? { baseWeights } : {}) };
  const total = def.targetsKind === 'count'
    ? (spec.margins?.[0]?.categories ?? spec.cells!.cells).reduce((s, c) => s + c.count, 0)
    : percentTotal;
  const inputHash = sha256(JSON.stringify({
    scheme: def,
    caseIds,
    columns: marginVars.map((v) => [v, Array.from(columns.get(v)!, (x) => (Number.isFinite(x) ? x : null))]),
    base: baseWeights ? Array.from(baseWeights) : null,
  }));
  return { sample, spec, pks: rows.map((r) => r.pk), caseIds, cases, total, decode, notes, inputHash, ...inputDigests(read) };
}

/** SHA-256 of case IDs and weights (IEEE doubles as written by JSON, i.e. shortest round-trip text). */
function weightsHash(caseIds: readonly string[], w: Float64Array): string {
  return sha256(JSON.stringify([caseIds, Array.from(w)]));
}

function decodeMarginCheck(s: SchemeSample, def: SchemeDefinition, m: WeightingResult['margins'][number], index: number): { code: string; label: string | null; variable: string } {
  if (def.method === 'poststratify') {
    const mm = def.margins[0]!;
    const name = marginName(mm.variables);
    const code = m.cellCodes ? m.cellCodes.join('*') : String(m.code);
    const cat = mm.categories.findIndex((c) => c.codes.join('*') === code);
    return { variable: name, code, label: cat >= 0 ? (s.decode.get(name)!.get(cat)?.label ?? null) : null };
  }
  const d = s.decode.get(m.variable)?.get(m.code);
  void index;
  return { variable: m.variable, code: d?.code ?? String(m.code), label: d?.label ?? null };
}

/**
 * The stamp of the data a scheme's inputs are read from: the project's data change counter (weightingRepo
 * `dataChanges`, migration 120: moved by every row written to answers, corrections, cases, derived variables, the
 * questionnaire, the sample frame's case IDs and design weights, batch numbers), the app and schema versions (a new
 * version may read values differently), the SHA-256 of the scheme's stored definition and — when the scheme reads a
 * derived or calculated variable, which may use today() — today's date (UTC, as currentValues computes them).
 * Equal stamps mean the inputs are equal; unequal ones say nothing (the inputs may still be the same). Reads a few
 * small rows, no case values.
 * @param def the scheme; @param definitionJson its definition as stored (weighting_scheme.definition)
 * @returns the stamp (JSON text), or null when the project has no counter to trust (a file before migration 120
 *   opened read-only, or a counter trigger missing): then only the full comparison can tell
 * @throws nothing of its own (SQLite errors pass through)
 */
export function inputStamp(db: Database, def: SchemeDefinition, definitionJson: string): string | null {
  const changes = dataChanges(db);
  if (changes === null) return null;
  const vars = [...(def.group ? [def.group.variable] : []), ...def.margins.flatMap((m) => m.variables)];
  const q = latestQuestionnaire(db);
  const computed = new Set([...listDerived(db).map((d) => d.name), ...(q ? variablesOf(q).filter((v) => v.type === 'calculated').map((v) => v.name) : [])]);
  const today = vars.some((v) => computed.has(v)) ? new Date().toISOString().slice(0, 10) : null;
  return JSON.stringify({ app: APP_VERSION, schema: db.pragma('user_version', { simple: true }) as number, changes, definition: sha256(definitionJson), today });
}

/**
 * Runs a scheme: loads its sample, validates and weights it (shared/weighting computeWeights: post-stratification,
 * raking to the scheme's tolerance, or linear calibration; optional trimming), then — only when that succeeded —
 * replaces the scheme's stored run (diagnostics, input and weight hashes, one weight per case grossed up to the
 * population total and one normalised to the sample size: w_n = w · n / Σw, with the inputs the run was computed
 * from for {@link schemeStaleness}) and appends an audit entry.
 * @returns the diagnostics (iterations, deviation, achieved vs target per category, weight summary with Kish
 *   deff = n Σw²/(Σw)² and effective n = (Σw)²/Σw² (Kish 1965), histogram, largest weights)
 * @throws DomainError NOT_FOUND (no such scheme), WEIGHTING_INPUT / NOT_CONVERGED from the core (nothing stored)
 */
export function runScheme(db: Database, name: string, operator: string, progress: Progress = noProgress): WeightingDiagnostics {
  const row = getSchemeRow(db, name);
  if (!row) throw new DomainError('NOT_FOUND', `No weighting scheme named "${name}".`);
  const def = SchemeDefinitionSchema.parse(JSON.parse(row.definition));
  const jobId = `weighting-${row.id}-${Date.now()}`;
  progress({ jobId, phase: 'load', done: 0, total: 3 });
  // Taken before the inputs are read: a write in between leaves the run with an older stamp (judged in full later).
  const stamp = inputStamp(db, def, row.definition);
  const s = loadSchemeSample(db, def);
  progress({ jobId, phase: 'weigh', done: 1, total: 3, message: `${s.sample.n} cases` });
  const r = computeWeights(s.sample, s.spec);
  const w = r.weights;
  const n = w.length;
  const wn = new Float64Array(n);
  const sum = r.summary.sum;
  for (let i = 0; i < n; i++) wn[i] = (w[i]! * n) / sum;
  const firstMargin = r.margins[0]?.variable;
  const cellOf = (row: number): string => {
    if (def.method === 'poststratify') return def.margins[0]!.variables.map((v) => String(s.sample.variables[v]![row]!)).join('*');
    const col = firstMargin ? s.sample.variables[firstMargin] : undefined;
    return col ? (s.decode.get(firstMargin!)?.get(col[row]!)?.code ?? String(col[row]!)) : '';
  };
  const now = new Date().toISOString();
  const diagnostics: WeightingDiagnostics = {
    scheme: def.name,
    method: def.method,
    ranAt: now,
    ranBy: operator,
    inputHash: s.inputHash,
    weightsHash: weightsHash(s.caseIds, w),
    definitionHash: definitionHash(def),
    cases: s.cases,
    populationTotal: s.total,
    iterations: r.iterations,
    maxRelDeviation: r.maxRelDeviation,
    maxAbsDeviation: r.maxAbsDeviation,
    margins: r.margins.map((m, i) => {
      const d = decodeMarginCheck(s, def, m, i);
      return { variable: d.variable, code: d.code, label: d.label, target: m.target, achieved: m.achieved, difference: m.difference, relativeDifference: m.relativeDifference, respondents: m.respondents };
    }),
    summary: { ...r.summary },
    sumNormalised: wn.reduce((a, b) => a + b, 0),
    baseWeights: def.baseWeights,
    baseSummary: r.baseSummary ? { ...r.baseSummary } : null,
    gWeights: r.gWeights,
    trim: r.trim ? { lower: r.trim.lower, upper: r.trim.upper, cycles: r.trim.cycles.length, before: { ...r.trim.before } } : null,
    histogram: weightHistogram(w, 30),
    largest: largestWeights(w, 10).map((x) => ({ caseId: s.caseIds[x.row]!, weight: x.weight, weightN: wn[x.row]!, cell: cellOf(x.row) })),
    notes: [...s.notes, ...r.notes],
    variables: { population: def.weightVariable, sample: def.weightVariableN },
  };
  progress({ jobId, phase: 'store', done: 2, total: 3 });
  db.transaction(() => {
    replaceResult(
      db,
      {
        schemeId: row.id, inputHash: diagnostics.inputHash, weightsHash: diagnostics.weightsHash, ranAt: now, ranBy: operator, diagnostics: JSON.stringify(diagnostics),
        inputFingerprint: s.fingerprint, weightedCases: n, inputStamp: stamp,
      },
      s.pks.map((pk, i) => ({ casePk: pk, weight: w[i]!, weightN: wn[i]!, inputs: s.inputs[i]! })),
    );
    appendAudit(db, {
      operator, source: 'weighting', reason: `weighting scheme ${def.name} run (${def.method})`,
      details: { scheme: def.name, inputHash: diagnostics.inputHash, weightsHash: diagnostics.weightsHash, n, iterations: r.iterations, maxRelDeviation: r.maxRelDeviation, kishDeff: r.summary.kishDeff },
    });
  }).immediate();
  progress({ jobId, phase: 'done', done: 3, total: 3 });
  return diagnostics;
}

/** Full comparisons already made this session: per connection and scheme, the answer for one stamp and run. */
const judged = new WeakMap<Database, Map<string, { key: string; answer: SchemeStaleness }>>();

/**
 * Whether a scheme's stored weights are out of date: the weighted case set (exclusions, cases added or deleted, a
 * status that makes a case complete or no longer complete, a group value moving a case in or out) or a value the
 * scheme reads (margin/cell variables — final values, so cleaning corrections and derived variables count — and
 * design weights) differs from what its latest run was computed from.
 *
 * First the cheap test: when the run stored an input stamp ({@link inputStamp}, migration 120) and the stamp now is
 * the same, no row the inputs are read from was written since the run and the answer is "up to date" without reading
 * any case. Otherwise the full comparison: the current inputs against the fingerprint and per-case inputs stored with
 * the run (migration 110); a run stored before that is compared by its input hash, its cases by its weight rows
 * (`valuesChanged` null: not known). The full comparison's answer is kept for the session per connection, scheme,
 * stamp and run, so asking again before anything changes is cheap too (the first ask after a change reads every case:
 * about 2.3 s at 100,000 cases). Without a stamp (a file before migration 120 opened read-only) every ask compares in
 * full. The answer is the same either way. A run whose definition (targets, margins, method, group, base weights,
 * trimming, iteration settings: diagnostics `definitionHash`) differs from the scheme's now is out of date too
 * (`definitionChanged`); saving a changed scheme keeps the old run's weights until a new run succeeds. Nothing is stored.
 * @param db the project; @param schemeName the scheme
 * @param opts `full`: always the full comparison, neither the stamp nor the session's answers (tests, benchmarks)
 * @returns null when the scheme has never been run (or its stored definition cannot be read); else `stale` and, when known, the counts: cases weighted now but
 *   not by the run (`casesAdded`), weighted by the run but not now (`casesRemoved`), weighted by both with a changed
 *   input (`valuesChanged`), and per input variable (`design weight` for design weights) the cases whose value changed;
 *   `definitionChanged: true` when the definition changed since the run
 * @throws DomainError NOT_FOUND when there is no such scheme
 */
export function schemeStaleness(db: Database, schemeName: string, opts: { full?: boolean } = {}): SchemeStaleness | null {
  const row = getSchemeRow(db, schemeName);
  if (!row) throw new DomainError('NOT_FOUND', `No weighting scheme named "${schemeName}".`);
  const parsed = SchemeDefinitionSchema.safeParse(JSON.parse(row.definition));
  const result = getResultRow(db, row.id);
  // Never run, or a definition this version cannot read (nothing to compare with).
  if (!result || !parsed.success) return null;
  const def = parsed.data;
  const stored = JSON.parse(result.diagnostics) as Partial<WeightingDiagnostics>;
  const stamp = opts.full ? null : inputStamp(db, def, row.definition);
  if (stamp !== null) {
    const ran = runStamp(db, row.id);
    if (ran?.inputStamp === stamp && ran.weightedCases !== null) {
      // Nothing the run read was written since: the same cases with the same inputs.
      const weighted = ran.weightedCases;
      return { scheme: def.name, ranAt: result.ranAt, weightedAtRun: weighted, stale: false, weightedNow: weighted, casesAdded: 0, casesRemoved: 0, valuesChanged: 0, changedVariables: [] };
    }
    const key = JSON.stringify([stamp, result.ranAt, result.inputHash, result.weightsHash, ran?.inputStamp ?? null]);
    const known = judged.get(db)?.get(row.name);
    if (known?.key === key) return structuredClone(known.answer);
    const answer = compareInputs(db, row.id, def, result, stored);
    const perDb = judged.get(db) ?? new Map<string, { key: string; answer: SchemeStaleness }>();
    perDb.set(row.name, { key, answer: structuredClone(answer) });
    judged.set(db, perDb);
    return answer;
  }
  return compareInputs(db, row.id, def, result, stored);
}

/** The full comparison of {@link schemeStaleness}: reads every case's inputs now and compares them with the run's. */
function compareInputs(db: Database, schemeId: number, def: SchemeDefinition, result: { ranAt: string; inputHash: string }, stored: Partial<WeightingDiagnostics>): SchemeStaleness {
  const answer = compareCaseInputs(db, schemeId, def, result, stored);
  // A run of another definition (its hash kept with the run; a run stored without one was of the definition saved then).
  if (stored.definitionHash !== undefined && stored.definitionHash !== definitionHash(def)) return { ...answer, stale: true, definitionChanged: true };
  return answer;
}

/** The case-by-case part of {@link compareInputs}: the weighted cases and their inputs now against the run's. */
function compareCaseInputs(db: Database, schemeId: number, def: SchemeDefinition, result: { ranAt: string; inputHash: string }, stored: Partial<WeightingDiagnostics>): SchemeStaleness {
  const ran = runInputs(db, schemeId);
  const base = { scheme: def.name, ranAt: result.ranAt, weightedAtRun: ran?.weightedCases ?? stored.cases?.weighted ?? 0 };
  let now: SchemeInputs;
  try {
    now = readSchemeInputs(db, def);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { ...base, stale: true, weightedNow: null, casesAdded: null, casesRemoved: null, valuesChanged: null, changedVariables: [] };
  }
  const weightedNow = now.rows.length;
  if (!ran) {
    // A run stored before migration 110: the input hash says whether anything changed; its weight rows say which cases
    // it weighted (so cases added and removed are counted), but not the values they had (valuesChanged unknown).
    let hash: string | null = null;
    try {
      hash = loadSchemeSample(db, def).inputHash;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
    if (hash === result.inputHash) return { ...base, stale: false, weightedNow, casesAdded: 0, casesRemoved: 0, valuesChanged: 0, changedVariables: [] };
    const weightedThen = runCasePks(db, schemeId);
    const kept = now.rows.reduce((k, r) => k + (weightedThen.has(r.pk) ? 1 : 0), 0);
    const casesAdded = weightedNow - kept;
    const casesRemoved = base.weightedAtRun - kept;
    // Same cases, different hash: a value changed (how many is not known).
    return { ...base, stale: true, weightedNow, casesAdded, casesRemoved, valuesChanged: null, changedVariables: [] };
  }
  const { inputs, fingerprint } = inputDigests(now);
  if (fingerprint === ran.inputFingerprint) {
    return { ...base, stale: false, weightedNow, casesAdded: 0, casesRemoved: 0, valuesChanged: 0, changedVariables: [] };
  }
  const names = [...now.marginVars, ...(now.design ? ['design weight'] : [])];
  const perVariable = new Array<number>(names.length).fill(0);
  let casesAdded = 0;
  let valuesChanged = 0;
  let kept = 0;
  now.rows.forEach((r, i) => {
    const before = ran.cases.get(r.pk);
    if (before === undefined) { casesAdded++; return; }
    kept++;
    if (before === inputs[i]) return;
    valuesChanged++;
    let old: unknown[] = [];
    try { old = JSON.parse(before) as unknown[]; } catch { /* unreadable: every input counts as changed */ }
    const cur = JSON.parse(inputs[i]!) as unknown[];
    cur.forEach((x, k) => { if (old[k] !== x) perVariable[k]!++; });
  });
  // Weighted by the run but not now: still in the project and left out now, or deleted (their weight rows went with them).
  const casesRemoved = ran.weightedCases - kept;
  return {
    ...base, stale: true, weightedNow, casesAdded, casesRemoved, valuesChanged,
    changedVariables: names.map((variable, k) => ({ variable, cases: perVariable[k]! })).filter((x) => x.cases > 0),
  };
}

/**
 * Saves (creates or replaces) a scheme after checking it ({@link checkScheme}) and its weight variable names against
 * the export's other columns, without regard to letter case (case_id, questionnaire variables and option columns,
 * derived variables, the other schemes' weight variables; shared/weighting/weightNames). Definitions are compared in
 * their canonical form (shared/weighting/schemeCanonical: absent, null and default written alike), so saving a scheme
 * that means the same changes nothing. A changed definition keeps the scheme's stored run and weights, which
 * {@link schemeStaleness} then calls out of date (`definitionChanged`) until a new run succeeds; a run stored without
 * its definition's hash gets the hash of the definition it was computed with first. Saving under an existing scheme's
 * name changes that scheme (so its own weight names are free to it); a name that differs from an existing scheme's
 * only in letter case is refused. Appends an audit entry when something changed.
 * @returns the name and whether the scheme is new
 * @throws DomainError WEIGHTING_INPUT for an inconsistent scheme, a weight name that clashes (the clash named) or a
 *   name that differs from another scheme's only in letter case (reason `weighting.schemeName.case`, params name, existing)
 */
export function saveScheme(db: Database, input: SchemeDefinitionInput, operator: string): { name: string; created: boolean } {
  const def = SchemeDefinitionSchema.parse(input);
  checkScheme(def);
  // Saving under a scheme's name changes that scheme; a name differing from one only in letter case is refused.
  const twin = listSchemeRows(db).find((r) => r.name !== def.name && r.name.toLowerCase() === def.name.toLowerCase());
  if (twin) {
    const message = `a weighting scheme named ${twin.name} exists; scheme names that differ only in letter case are not allowed (save under ${twin.name} to change that scheme, or choose another name)`;
    throw new DomainError('WEIGHTING_INPUT', `Scheme ${def.name}: ${message}.`, [{ message, path: ['name'], value: def.name, reason: 'weighting.schemeName.case', params: { name: def.name, existing: twin.name } }]);
  }
  assertWeightNamesFree(def, { questionnaire: latestVersion(db)?.questionnaire, derived: listDerived(db).map((d) => d.name), weights: schemeWeightNames(db) });
  return db.transaction(() => {
    const json = canonicalSchemeJson(def);
    const old = getSchemeRow(db, def.name);
    const oldResult = old ? getResultRow(db, old.id) : undefined;
    if (old && oldResult && !sameDefinition(old.definition, json)) {
      // The kept run must say which definition it was computed with (runs stored before the hash was kept).
      const d = JSON.parse(oldResult.diagnostics) as Partial<WeightingDiagnostics>;
      const parsed = SchemeDefinitionSchema.safeParse(JSON.parse(old.definition));
      if (d.definitionHash === undefined && parsed.success) setRunDiagnostics(db, old.id, JSON.stringify({ ...d, definitionHash: definitionHash(parsed.data) }));
    }
    const r = upsertScheme(db, def.name, json, operator, new Date().toISOString(), sameDefinition);
    if (r.changed) appendAudit(db, { operator, source: 'weighting', reason: `weighting scheme ${def.name} ${r.created ? 'created' : 'changed'}`, details: { scheme: def.name, method: def.method } });
    return { name: def.name, created: r.created };
  })();
}

function storedDiagnostics(db: Database, schemeId: number): WeightingDiagnostics | null {
  const r = getResultRow(db, schemeId);
  return r ? (JSON.parse(r.diagnostics) as WeightingDiagnostics) : null;
}

function requireScheme(db: Database, name: string): { id: number; def: SchemeDefinition } {
  const row = getSchemeRow(db, name);
  if (!row) throw new DomainError('NOT_FOUND', `No weighting scheme named "${name}".`);
  return { id: row.id, def: SchemeDefinitionSchema.parse(JSON.parse(row.definition)) };
}

/** Codes of a variable for tables: the questionnaire's non-missing value labels, else the observed integer codes. */
function outcomeCodes(q: Questionnaire | null, variable: string, observed: Iterable<number>): number[] {
  const v = q ? findVariable(q, variable) : undefined;
  const listed = q && v ? valueLabels(q, v).filter((l) => !l.missing && /^-?\d+$/.test(l.code)).map((l) => Number(l.code)) : [];
  if (listed.length > 0) return listed;
  return [...new Set([...observed].filter((x) => Number.isFinite(x)))].sort((a, b) => a - b);
}

/**
 * Weighted frequencies of `variable` with the scheme's latest weights, overall and per category of `by`
 * (domain estimation: every weighted case stays in n; cases outside the subgroup or with a missing outcome
 * contribute z_i = 0). Per category: weighted count, proportion, SE with the weights taken as fixed (R svymean on
 * svydesign(ids = ~1, weights = ~w)) and calibration-aware (GREG residuals on the scheme's margins, as R calibrate()),
 * Wald 95 % CIs with qnorm(0.975), logit 95 % CIs as R svyciprop (qt(0.975, df), df = weighted cases in the
 * subgroup - 1; what the UI shows) and the design effect (shared/weighting/estimates.ts).
 * @throws DomainError NOT_FOUND (no scheme or never run), WEIGHTING_INPUT (data changed since the run: run again)
 */
export function estimate(db: Database, name: string, variable: string, by?: string) {
  const { id, def } = requireScheme(db, name);
  const stored = storedDiagnostics(db, id);
  if (!stored) throw new DomainError('NOT_FOUND', `Scheme ${name} has not been run yet.`);
  const s = loadSchemeSample(db, def);
  if (s.inputHash !== stored.inputHash) {
    throw new DomainError('WEIGHTING_INPUT', `The data or the scheme changed since ${name} was run (${stored.ranAt}); run it again before estimating.`);
  }
  const r = computeWeights(s.sample, s.spec);
  const q = latestVersion(db)?.questionnaire ?? null;
  const vars = [...new Set([variable, ...(by ? [by] : [])])];
  const values = finalValues(db, vars);
  const col = (v: string) => {
    const ms = missingSet(q, v);
    const vals = values.get(v)!;
    return Float64Array.from(s.pks, (pk) => codeOf(vals.get(pk), ms));
  };
  const y = col(variable);
  const codes = outcomeCodes(q, variable, y);
  const notes: string[] = [];
  if (codes.length === 0) throw new DomainError('WEIGHTING_INPUT', `${variable} has no values among the ${s.sample.n} weighted cases of ${name}.`);
  const table = (domain: Uint8Array | null, subgroup: string | null, subgroupLabel: string | null) => {
    const e = estimateCategorical({ y, weights: r.weights, model: r.model, ...(domain ? { domain } : {}) }, codes);
    if (e.nOutsideCodes > 0 && subgroup === null) notes.push(`${e.nOutsideCodes} value(s) of ${variable} outside its codes were treated as missing.`);
    return {
      subgroup, subgroupLabel, nNonMissing: e.nNonMissing, weightedTotal: e.weightedTotal, df: e.df,
      categories: e.categories.map((c) => ({
        code: c.code, label: labelOf(q, variable, c.code), respondents: c.respondents, weightedCount: c.weightedCount, proportion: c.proportion,
        seFixed: c.seFixed, ci95Fixed: c.ci95Fixed, seCalibrated: c.seCalibrated, ci95Calibrated: c.ci95Calibrated, deff: c.deff,
        ci95LogitFixed: c.ci95LogitFixed, ci95LogitCalibrated: c.ci95LogitCalibrated,
      })),
    };
  };
  const tables = [table(null, null, null)];
  if (by) {
    const g = col(by);
    for (const code of outcomeCodes(q, by, g)) {
      const domain = Uint8Array.from(g, (x) => (x === code ? 1 : 0));
      if (!domain.some((x) => x === 1)) continue;
      tables.push(table(domain, String(code), labelOf(q, by, code)));
    }
  }
  return { scheme: name, variable, by: by ?? null, n: s.sample.n, tables, notes };
}

/** Handlers of the weighting.* channels. */
export const weightingHandlers = {
  'weighting.targetsFromFile': ({ path, sheet }) => readTargetsFile(path, sheet),
  'weighting.saveScheme': ({ scheme, operator }, { session }) => saveScheme(requireProject(session).db, scheme, operator ?? session.hostLabel),
  'weighting.listSchemes': (_input, { session }) => {
    const { db } = requireProject(session);
    return listSchemeRows(db).map((row) => {
      const def = SchemeDefinitionSchema.parse(JSON.parse(row.definition));
      const d = storedDiagnostics(db, row.id);
      return {
        name: def.name, method: def.method, group: def.group, margins: def.margins.map((m) => marginName(m.variables)),
        weightVariable: def.weightVariable, weightVariableN: def.weightVariableN, updatedAt: row.updatedAt, missingVariables: missingSchemeVariables(db, def),
        lastRun: d ? { ranAt: d.ranAt, inputHash: d.inputHash, weighted: d.cases.weighted, kishDeff: d.summary.kishDeff, staleness: schemeStaleness(db, def.name) } : null,
      };
    });
  },
  'weighting.getScheme': ({ name }, { session }) => requireScheme(requireProject(session).db, name).def,
  'weighting.run': ({ name, operator }, { session, progress }) => runScheme(requireProject(session).db, name, operator ?? session.hostLabel, progress),
  'weighting.result': ({ name }, { session }) => {
    const { db } = requireProject(session);
    return storedDiagnostics(db, requireScheme(db, name).id);
  },
  'weighting.estimate': ({ name, variable, by }, { session }) => estimate(requireProject(session).db, name, variable, by),
  'weighting.deleteScheme': ({ name, operator }, { session }) => {
    const { db } = requireProject(session);
    return db.transaction(() => {
      const deleted = deleteScheme(db, name);
      if (deleted) appendAudit(db, { operator: operator ?? session.hostLabel, source: 'weighting', reason: `weighting scheme ${name} deleted`, details: { scheme: name } });
      return { deleted };
    })();
  },
} satisfies HandlerPart<
  'weighting.targetsFromFile' | 'weighting.saveScheme' | 'weighting.listSchemes' | 'weighting.getScheme' | 'weighting.run' | 'weighting.result' | 'weighting.estimate' | 'weighting.deleteScheme'
>;

export type { TargetMargin };
