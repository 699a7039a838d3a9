// Verification service: which forms are re-keyed blind (none, all, adaptive), comparison of the two keyings, adjudication, operator statistics.
import { rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { Input, Output } from '../../../shared/contract/api';
import { VerificationSettingsSchema, type Difference, type VerificationSettings } from '../../../shared/contract/entry';
import { DomainError } from '../../../shared/domain/errors';
import { isEnterable, valueLabels } from '../../../shared/domain/questionnaire';
import { comparableValue } from '../../../shared/entry/codes';
import { checkCaseId } from '../../../shared/fieldwork/caseId';
import * as repo from '../db/repos/entryRepo';
import { getCaseIdFormat } from '../db/repos/fieldworkRepo';
import type { HandlerPart } from '../handlerTypes';
import { compiledVersion, refuseExcluded, refuseInvalidValue } from './entry';
import { requireProject, type Session } from './project';

const SETTINGS_KEY = 'verification.settings';
/** The default: adaptive — the first 20 forms of each operator, then 10 %, back to 100 % above 5 errors per 1,000 fields. */
export const DEFAULT_VERIFICATION: VerificationSettings = { mode: 'adaptive', firstForms: 20, rate: 0.1, threshold: 5 };

/** The project's verification settings (project_meta), or {@link DEFAULT_VERIFICATION}. */
export function verificationSettings(db: Database): VerificationSettings {
  const raw = repo.getMeta(db, SETTINGS_KEY);
  if (!raw) return { ...DEFAULT_VERIFICATION };
  try {
    const p = VerificationSettingsSchema.safeParse(JSON.parse(raw));
    return p.success ? p.data : { ...DEFAULT_VERIFICATION };
  } catch {
    return { ...DEFAULT_VERIFICATION };
  }
}

/**
 * A stable number in [0, 1) per case ID (FNV-1a 32-bit), so a form's random selection never changes between calls.
 * Source: Fowler–Noll–Vo hash, FNV-1a variant.
 */
export function sampleFraction(caseId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < caseId.length; i++) {
    h ^= caseId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

/**
 * The forms that still need blind re-keying: finished first keyings without a finished second one, chosen by the
 * settings. Adaptive: an operator's first `firstForms` finished forms (newOperator); later forms all while the
 * operator's keyer errors per 1,000 compared fields exceed `threshold` (errorRate); otherwise those whose
 * {@link sampleFraction} is below `rate` (sample).
 */
export function verificationQueue(db: Database): Output<'verification.queue'> {
  const s = verificationSettings(db);
  if (s.mode === 'none') return [];
  const forms = repo.keyedForms(db);
  const rates = keyerErrorRates(db);
  const rank = new Map<string, number>();
  const out: Output<'verification.queue'> = [];
  for (const f of forms) {
    const r = rank.get(f.keyer) ?? 0;
    rank.set(f.keyer, r + 1);
    if (f.verifiedAt !== null || f.status === 'excluded') continue;
    let reason: 'all' | 'newOperator' | 'sample' | 'errorRate' | null = null;
    if (s.mode === 'all') reason = 'all';
    else if (r < s.firstForms) reason = 'newOperator';
    else if ((rates.get(f.keyer) ?? 0) > s.threshold) reason = 'errorRate';
    else if (sampleFraction(f.caseId) < s.rate) reason = 'sample';
    if (reason) out.push({ caseId: f.caseId, batch: f.batch, keyer: f.keyer, reason });
  }
  return out;
}

/** Keyer errors per 1,000 compared fields, per operator (only forms whose verification is finished count). */
function keyerErrorRates(db: Database): Map<string, number> {
  const stats = operatorStats(db).operators;
  return new Map(stats.map((o) => [o.operator, o.errorsPer1000 ?? 0]));
}

/**
 * Compares the first keying (A) with the finished blind re-keying (B) of a form, field by field, and stores the
 * differences. Not differences: leading/trailing spaces, letter case, number formatting (`05` = `5`), the order of
 * multiple-choice codes (shared/entry comparableValue). Open-text differences are stored but never block.
 * Called when pass 2 is finished; a form without blocking differences becomes 'verified'.
 * @returns the number of blocking differences
 */
export function compareForm(db: Database, casePk: number, versionId: number | null, now: string): number {
  const compiled = compiledVersion(db, versionId);
  const a = repo.answersOf(db, casePk, 1);
  const b = repo.answersOf(db, casePk, 2);
  const rows: { variable: string; a: string | null; b: string | null; openText: boolean }[] = [];
  for (const v of compiled.checker.router.variables) {
    if (!isEnterable(v)) continue;
    const va = a[v.name] ?? '';
    const vb = b[v.name] ?? '';
    if (comparableValue(v, va) === comparableValue(v, vb)) continue;
    rows.push({ variable: v.name, a: va === '' ? null : va, b: vb === '' ? null : vb, openText: v.type === 'text' });
  }
  repo.replaceOpenDifferences(db, casePk, rows, now);
  const blocking = repo.blockingDifferences(db, casePk);
  if (blocking === 0) repo.setCaseStatus(db, casePk, 'verified', now);
  return blocking;
}

/** The differences' rows with the newest cleaning correction of each case × variable (null when none). */
function toDifferences(db: Database, rows: readonly repo.DifferenceRow[], casePk: number | null): Difference[] {
  const corrections = new Map(repo.correctionsOfDifferences(db, casePk).map((c) => [`${c.caseId}\u001f${c.variable}`, c]));
  return rows.map((r) => {
    const c = corrections.get(`${r.caseId}\u001f${r.variable}`);
    return { ...r, openText: r.openText === 1, correction: c ? { id: c.id, oldValue: c.oldValue, newValue: c.newValue, operator: c.operator, reason: c.reason, at: c.at } : null };
  });
}

function requireCasePk(db: Database, typed: string): repo.CaseRecordRow {
  const c = checkCaseId(typed, getCaseIdFormat(db));
  if (!c.ok) throw new DomainError('INVALID_INPUT', `Case ID ${typed}: ${c.message}`);
  const row = repo.findCase(db, c.caseId);
  if (!row) throw new DomainError('NOT_FOUND', `No case ${c.caseId}.`);
  return row;
}

/**
 * Adjudicates one difference against the paper: A (first keying), B (re-keying) or a new value, with a reason.
 * The decided value is stored as pass 3 (adjudicated; read by cleaning, weighting and export over pass 1) with an
 * audit row (source 'adjudication'); the difference is attributed: choosing A → the verifier erred, B → the keyer,
 * a new value → both (or whoever's value it equals). When no blocking difference is left the form is 'verified'.
 * A new value passes the checks keying refuses on (type, code with the user-missing codes, range, length, date, the
 * form's hard constraint; entry.ts refuseInvalidValue); empty (system-missing) is allowed as in keying.
 * When the case × variable already has a cleaning correction (made before this difference arose — cleaning refuses a
 * correction while a difference is open), the correction stays the final value (a correction wins over every keying,
 * pass 3 included; cleaningRepo finalValue): the decision is still stored and attributed, and the audit reason says
 * which correction keeps which value (`… [cleaning correction N keeps X final]`), as the screen warned
 * (Difference.correction).
 * @throws DomainError NOT_FOUND (no such case or difference), INVALID_INPUT (new without a value, a new value keying
 *   would refuse — naming the variable and its valid codes, already resolved, the case is excluded)
 */
export function resolveDifference(db: Database, input: Input<'verification.resolve'>): Output<'verification.resolve'> {
  const c = requireCasePk(db, input.caseId);
  return db.transaction((): Output<'verification.resolve'> => {
    const d = repo.differences(db, c.id, false).find((x) => x.variable === input.variable);
    if (!d) throw new DomainError('NOT_FOUND', `Case ${c.caseId} has no difference in ${input.variable}.`);
    if (d.resolution !== null) throw new DomainError('INVALID_INPUT', `The difference in ${input.variable} of case ${c.caseId} is already resolved.`);
    if (input.choice === 'new' && input.value === undefined) throw new DomainError('INVALID_INPUT', 'A new value needs the value read from the paper.');
    refuseExcluded(db, repo.findCase(db, c.caseId)!);
    const compiled = compiledVersion(db, c.versionId);
    const v = compiled.byName.get(input.variable);
    const value = input.choice === 'A' ? d.valueA : input.choice === 'B' ? d.valueB : input.value!.trim() === '' ? null : input.value!.trim();
    if (input.choice === 'new' && value !== null && v) {
      const answers = { ...repo.answersOf(db, c.id, 1), ...repo.answersOf(db, c.id, 3) };
      refuseInvalidValue(compiled.checker, answers, v.name, value, valueLabels(compiled.questionnaire, v));
    }
    const same = (x: string | null) => v !== undefined && comparableValue(v, x ?? '') === comparableValue(v, value ?? '');
    const attributed = d.openText === 1 ? 'none' : same(d.valueA) ? 'verifier' : same(d.valueB) ? 'keyer' : 'both';
    const now = new Date().toISOString();
    const correction = repo.correctionsOfDifferences(db, c.id).find((x) => x.variable === input.variable);
    const overruled = correction ? ` [cleaning correction ${correction.id} by ${correction.operator} keeps ${correction.newValue ?? '(empty)'} final]` : '';
    repo.putAnswer(db, c.id, 3, input.variable, value, input.operator, now);
    repo.resolveDifference(db, c.id, input.variable, { resolution: input.choice, value, attributed, reason: input.reason, operator: input.operator }, now);
    repo.audit(db, {
      at: now, operator: input.operator, source: 'adjudication', casePk: c.id, variable: input.variable, oldValue: d.valueA, newValue: value, reason: `${input.reason}${overruled}`,
      details: { choice: input.choice, valueB: d.valueB, attributed, ...(correction ? { correctionId: correction.id, finalValue: correction.newValue } : {}) },
    });
    let status = repo.findCase(db, c.caseId)!.status;
    if (repo.blockingDifferences(db, c.id) === 0 && status === 'complete') {
      status = 'verified';
      repo.setCaseStatus(db, c.id, status, now);
    }
    const after = repo.differences(db, c.id, false).find((x) => x.variable === input.variable)!;
    return { difference: toDifferences(db, [after], c.id)[0]!, caseStatus: status };
  }).immediate();
}

/**
 * Operator statistics per operator and per batch: forms keyed and verified, fields, keystrokes and keying time
 * (pauses over 10 s excluded by the entry screen), keystrokes/fields/forms per hour, keyer and verifier errors from
 * adjudicated differences, and keyer errors per 1,000 fields compared (fields keyed in forms whose verification is
 * finished). Rates are null when there is no time or no compared field.
 */
export function operatorStats(db: Database): Output<'verification.stats'> {
  const effort = repo.formEffort(db);
  const verifiedForms = new Set(effort.filter((e) => e.pass === 2 && e.finished === 1).map((e) => e.casePk));
  const diffs = repo.resolvedDifferences(db);
  type Acc = { formsKeyed: number; formsVerified: number; fieldsKeyed: number; keystrokes: number; activeMs: number; fieldsCompared: number; keyerErrors: number; verifierErrors: number };
  const blank = (): Acc => ({ formsKeyed: 0, formsVerified: 0, fieldsKeyed: 0, keystrokes: 0, activeMs: 0, fieldsCompared: 0, keyerErrors: 0, verifierErrors: 0 });
  const ops = new Map<string, Acc>();
  const batches = new Map<string | null, Acc>();
  const get = <K>(m: Map<K, Acc>, k: K): Acc => {
    let a = m.get(k);
    if (!a) m.set(k, (a = blank()));
    return a;
  };
  for (const e of effort) {
    const o = get(ops, e.operator);
    const b = get(batches, e.batch);
    o.keystrokes += e.keystrokes;
    o.activeMs += e.activeMs;
    o.fieldsKeyed += e.fields;
    if (e.pass === 1 && e.finished) {
      o.formsKeyed++;
      b.formsKeyed++;
      if (verifiedForms.has(e.casePk)) {
        o.fieldsCompared += e.fields;
        b.fieldsCompared += e.fields;
      }
    }
    if (e.pass === 2 && e.finished) {
      o.formsVerified++;
      b.formsVerified++;
    }
  }
  for (const d of diffs) {
    const b = get(batches, d.batch);
    if (d.attributed === 'keyer' || d.attributed === 'both') {
      get(ops, d.keyer).keyerErrors++;
      b.keyerErrors++;
    }
    if (d.attributed === 'verifier' || d.attributed === 'both') {
      get(ops, d.verifier).verifierErrors++;
      b.verifierErrors++;
    }
  }
  const per1000 = (a: Acc) => (a.fieldsCompared > 0 ? (1000 * a.keyerErrors) / a.fieldsCompared : null);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    operators: [...ops].sort((x, y) => x[0].localeCompare(y[0])).map(([operator, a]) => {
      const hours = a.activeMs / 3_600_000;
      const rate = (n: number) => (hours > 0 ? round(n / hours) : null);
      const e = per1000(a);
      return {
        operator, formsKeyed: a.formsKeyed, formsVerified: a.formsVerified, fieldsKeyed: a.fieldsKeyed, keystrokes: a.keystrokes, activeHours: round(hours * 1000) / 1000,
        keystrokesPerHour: rate(a.keystrokes), fieldsPerHour: rate(a.fieldsKeyed), formsPerHour: rate(a.formsKeyed + a.formsVerified),
        fieldsCompared: a.fieldsCompared, keyerErrors: a.keyerErrors, verifierErrors: a.verifierErrors, errorsPer1000: e === null ? null : round(e),
      };
    }),
    batches: [...batches].sort((x, y) => String(x[0]).localeCompare(String(y[0]))).map(([batch, a]) => {
      const e = per1000(a);
      return { batch, formsKeyed: a.formsKeyed, formsVerified: a.formsVerified, fieldsCompared: a.fieldsCompared, keyerErrors: a.keyerErrors, verifierErrors: a.verifierErrors, errorsPer1000: e === null ? null : round(e) };
    }),
  };
}

/**
 * Writes the operator statistics as an Excel workbook: sheet "Invoerders" (per operator) and "Batches" (per batch),
 * typed numeric cells, written to a temporary file and renamed so a failure leaves no partial file.
 * @returns the absolute path and the sheet names
 * @throws DomainError IO_ERROR when the file cannot be written
 */
export async function exportOperatorStats(db: Database, path: string): Promise<{ path: string; sheets: string[] }> {
  const s = operatorStats(db);
  const wb = new ExcelJS.Workbook();
  const ops = wb.addWorksheet('Invoerders');
  ops.addRow(['operator', 'forms_keyed', 'forms_verified', 'fields_keyed', 'keystrokes', 'active_hours', 'keystrokes_per_hour', 'fields_per_hour', 'forms_per_hour', 'fields_compared', 'keyer_errors', 'verifier_errors', 'errors_per_1000_fields']);
  for (const o of s.operators) {
    // Operator names are typed by people: guard against formula injection (a leading = + - @ is kept as text).
    const name = /^[=+\-@\t\r]/.test(o.operator) ? `'${o.operator}` : o.operator;
    ops.addRow([name, o.formsKeyed, o.formsVerified, o.fieldsKeyed, o.keystrokes, o.activeHours, o.keystrokesPerHour, o.fieldsPerHour, o.formsPerHour, o.fieldsCompared, o.keyerErrors, o.verifierErrors, o.errorsPer1000]);
  }
  const bat = wb.addWorksheet('Batches');
  bat.addRow(['batch', 'forms_keyed', 'forms_verified', 'fields_compared', 'keyer_errors', 'verifier_errors', 'errors_per_1000_fields']);
  for (const b of s.batches) bat.addRow([b.batch, b.formsKeyed, b.formsVerified, b.fieldsCompared, b.keyerErrors, b.verifierErrors, b.errorsPer1000]);
  for (const ws of [ops, bat]) ws.getRow(1).font = { bold: true };
  const abs = resolve(path);
  const tmp = `${abs}.writing-${process.pid}`;
  try {
    await writeFile(tmp, Buffer.from(await wb.xlsx.writeBuffer()));
    await rename(tmp, abs);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new DomainError('IO_ERROR', `Cannot write ${abs}: ${(e as Error).message}`);
  }
  return { path: abs, sheets: wb.worksheets.map((w) => w.name) };
}

function writableDb(session: Session): Database {
  const p = requireProject(session);
  if (p.readOnly) throw new DomainError('INVALID_INPUT', 'The project is open read-only.');
  return p.db;
}

/** Handlers of the verification.* channels. */
export const verificationHandlers = {
  'verification.getSettings': (_input, { session }) => verificationSettings(requireProject(session).db),
  'verification.setSettings': ({ settings, operator }, { session }) => {
    const db = writableDb(session);
    return db.transaction(() => {
      repo.putMeta(db, SETTINGS_KEY, JSON.stringify(settings));
      repo.audit(db, { at: new Date().toISOString(), operator, source: 'verification', casePk: null, variable: null, oldValue: null, newValue: null, reason: `verification settings: ${settings.mode}`, details: settings });
      return verificationSettings(db);
    })();
  },
  'verification.queue': (_input, { session }) => verificationQueue(requireProject(session).db),
  'verification.differences': ({ caseId, open }, { session }) => {
    const db = requireProject(session).db;
    const pk = caseId === undefined ? null : requireCasePk(db, caseId).id;
    return toDifferences(db, repo.differences(db, pk, open), pk);
  },
  'verification.resolve': (input, { session }) => resolveDifference(writableDb(session), input),
  'verification.stats': (_input, { session }) => operatorStats(requireProject(session).db),
  'verification.exportStats': ({ path }, { session }) => exportOperatorStats(requireProject(session).db, path),
} satisfies HandlerPart<'verification.getSettings' | 'verification.setSettings' | 'verification.queue' | 'verification.differences' | 'verification.resolve' | 'verification.stats' | 'verification.exportStats'>;
