// Cleaning service: rule runs, the violation list, corrections (audit-logged, undoable), acceptances, exclusions, rules, derived variables.
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { countViolations, createCleaner, isAcceptable, validateDerived, validateEditRule, type Cleaner, type CleaningViolation, type DerivedValueLabel, type DerivedVariable, type EditRule, type TakenWeightName } from '../../../shared/cleaning';
import type { CleaningRunOutput } from '../../../shared/contract/cleaning';
import { DomainError } from '../../../shared/domain/errors';
import { findVariable, valueLabels, type Questionnaire } from '../../../shared/domain/questionnaire';
import { refsOf } from '../../../shared/expr/ast';
import { tryParse } from '../../../shared/expr/parser';
import { appendAudit } from '../db/repos/auditRepo';
import {
  closeExclusion, deleteCaseViolations, deleteDerived, deleteRule, findCase, findViolation, finalValue, insertCorrection, insertExclusion, insertViolations,
  deleteAcceptance, listCorrections, listDerived, listExclusions, listRules, loadCases, loadCaseSlots, matchingViolations, openExclusion, queryViolations, rawValue, replaceViolations,
  upsertAcceptance, upsertDerived, upsertRule, type StoredViolation,
} from '../db/repos/cleaningRepo';
import { differences } from '../db/repos/entryRepo';
import { restoreFormDisposition } from '../db/repos/fieldworkRepo';
import { latestVersion } from '../db/repos/questionnaireRepo';
import type { HandlerContext, HandlerPart } from '../handlerTypes';
import { compiledVersion, refuseExcluded, refuseInvalidValue } from './entry';
import { requireProject } from './project';
import { linkedCorrections, offRouteAnswers, offRouteReason } from './cleaningRoute';
import { hasTable } from '../db/repos/statements';
import { undoBlock, undoTarget, type UndoBlock } from '../db/repos/correctionUndo';

type Progress = HandlerContext['progress'];
const noProgress: Progress = () => undefined;

function questionnaireOf(db: Database): Questionnaire {
  const v = latestVersion(db);
  if (!v) throw new DomainError('NOT_FOUND', 'The project has no questionnaire yet: import one before cleaning.');
  return v.questionnaire;
}

function writable(p: { db: Database; readOnly: boolean }): Database {
  if (p.readOnly) throw new DomainError('INVALID_INPUT', 'The project is open read-only.');
  return p.db;
}

function requireCase(db: Database, caseId: string): { pk: number; status: string } {
  const c = findCase(db, caseId);
  if (!c) throw new DomainError('NOT_FOUND', `No case ${caseId}.`);
  return c;
}

/** The project's questionnaire compiled with its stored edit rules and derived variables. */
export function projectCleaner(db: Database): Cleaner {
  return createCleaner(questionnaireOf(db), listRules(db), listDerived(db));
}

/** Today as YYYY-MM-DD (UTC), the default for today() and dates in the future. */
function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Runs every rule over all cases that are not excluded, replaces the stored violations (acceptances stay and apply
 * while their fingerprint matches) and reports corrections whose keyed value changed since (re-keyed late forms).
 * This is also the replay after late forms: corrections live in their own table and keep applying; derived
 * variables are recomputed; new violations appear.
 * @param db a writable project connection
 * @throws DomainError NOT_FOUND (no questionnaire), EXPRESSION_ERROR (a stored rule no longer compiles)
 */
export function runCleaning(db: Database, opts: { operator: string; today?: string; limit?: number }, progress: Progress = noProgress): CleaningRunOutput {
  const started = performance.now();
  const jobId = `cleaning-${Date.now()}`;
  const cleaner = projectCleaner(db);
  progress({ jobId, phase: 'load', done: 0, total: null });
  const cases = loadCaseSlots(db, cleaner.router.variables.map((v) => v.name));
  const today = opts.today ?? todayIso();
  const result = cleaner.run(cases, { today, onProgress: (done, total) => progress({ jobId, phase: 'check', done, total }) });
  const counts = countViolations(result.violations);
  const durationMs = Math.round(performance.now() - started);
  progress({ jobId, phase: 'store', done: 0, total: result.violations.length });
  const runId = db.transaction(() =>
    replaceViolations(db, { at: new Date().toISOString(), operator: opts.operator, cases: cases.length, durationMs, summary: { counts, ruleTests: result.ruleTests } }, cases.map((c) => c.pk), result.violations),
  )();
  const accepted = acceptedCount(db);
  const newest = new Map<string, ReturnType<typeof listCorrections>[number]>();
  for (const c of listCorrections(db)) newest.set(`${c.casePk}\u001f${c.variable}`, c);
  const staleCorrections = [...newest.values()]
    .map((c) => {
      // The value the first correction of this case × variable replaced is the keyed value at that time.
      const first = firstReplaced(db, c.casePk, c.variable);
      return { caseId: c.caseId, variable: c.variable, correctedFrom: first, keyedNow: rawValue(db, c.casePk, c.variable), correctedTo: c.newValue };
    })
    .filter((s) => s.correctedFrom !== s.keyedNow);
  progress({ jobId, phase: 'done', done: 1, total: 1, message: `${result.violations.length} violations in ${cases.length} cases` });
  return {
    runId,
    cases: cases.length,
    durationMs,
    totals: { error: result.violations.filter((v) => v.severity === 'error').length, warning: result.violations.filter((v) => v.severity === 'warning').length, accepted },
    counts,
    ruleTests: result.ruleTests,
    nonresponse: result.nonresponse,
    staleCorrections,
    page: queryViolations(db, { offset: 0, limit: opts.limit ?? 100 }),
  };
}

/** The keyed value the first correction of a case × variable replaced. */
function firstReplaced(db: Database, casePk: number, variable: string): string | null {
  const r = db.prepare('SELECT old_value FROM correction WHERE case_pk = ? AND variable = ? ORDER BY id LIMIT 1').get(casePk, variable) as { old_value: string | null } | undefined;
  return r?.old_value ?? null;
}

/**
 * Re-runs the per-case rules for one case after it changed and replaces its stored violations (the duplicate findings
 * of the last full run stay until the next run). Excluded cases get no violations.
 */
export function recheckCase(db: Database, casePk: number, today = todayIso()): StoredViolation[] {
  const cases = loadCases(db, ['open', 'complete', 'verified'], casePk);
  const c = cases[0];
  deleteCaseViolations(db, casePk, c !== undefined);
  if (!c) return [];
  const result = projectCleaner(db).run(cases, { today, duplicates: false });
  insertViolations(db, [casePk], result.violations);
  return queryViolations(db, { caseId: c.caseId, offset: 0, limit: 100_000 }).rows;
}

/**
 * Refuses a correction (or an undo) of a case × variable whose verification difference is still open: the
 * adjudication would store the paper's value as pass 3 under a correction that keeps winning, so the difference is
 * decided first (Verificatie) and then corrected if need be.
 * @throws DomainError INVALID_INPUT, reason `cleaning.correction.openDifference` ({ caseId, variable, valueA, valueB })
 */
function refuseOpenDifference(db: Database, c: { id: number; caseId: string }, variable: string): void {
  const d = differences(db, c.id, true).find((x) => x.variable === variable);
  if (!d) return;
  const message = `Case ${c.caseId} has an open verification difference in ${variable} (${d.valueA ?? '(empty)'} vs ${d.valueB ?? '(empty)'}); resolve the verification difference first.`;
  throw new DomainError('INVALID_INPUT', message, [{ message, reason: 'cleaning.correction.openDifference', params: { caseId: c.caseId, variable, valueA: d.valueA ?? '', valueB: d.valueB ?? '' } }]);
}

function applyCorrection(db: Database, casePk: number, variable: string, value: string | null, reason: string, operator: string, details: Record<string, unknown>) {
  const row = { id: casePk, ...(db.prepare('SELECT case_id AS caseId, status FROM case_record WHERE id = ?').get(casePk) as { caseId: string; status: string }) };
  refuseExcluded(db, row);
  refuseOpenDifference(db, row, variable);
  const oldValue = finalValue(db, casePk, variable);
  if (oldValue === value) throw new DomainError('INVALID_INPUT', `${variable} already has that value.`);
  const at = new Date().toISOString();
  const auditId = appendAudit(db, { operator, source: 'cleaning', casePk, variable, oldValue, newValue: value, reason, at, details });
  const correctionId = insertCorrection(db, { casePk, variable, oldValue, newValue: value, reason, operator, at, auditId });
  return { correctionId, auditId, oldValue, newValue: value };
}

/**
 * Corrects the final value of one case × variable with a required reason: a correction row plus an audit entry
 * (source cleaning, old and new value), then the case is re-checked.
 * The new value must be storable: it passes the checks keying refuses on (type, code with the user-missing codes,
 * range, length, date, the form's hard constraint with the case's final values; entry.ts refuseInvalidValue); a value
 * that fails only a soft check is stored and comes back as a warning to accept. Empty (system-missing) is allowed.
 * Refused while the case × variable has an open verification difference (reason `cleaning.correction.openDifference`):
 * the difference is adjudicated first, so a correction never sits unseen under a later adjudication.
 * With `clearOffRoute`, every answered variable the new value puts off route ({@link offRouteAnswers}) is emptied in
 * the same transaction, each as a correction and audit entry of its own (reason "off route after correction of X",
 * details `offRouteOf` = this correction's ID), so that undoing this correction restores them too.
 * @returns the correction, the answers cleared with it (empty without `clearOffRoute`) and the case's violations
 * @throws DomainError NOT_FOUND (case), INVALID_INPUT (not an answerable questionnaire variable, a value keying would
 *   refuse — naming the variable and its valid codes, unchanged value, empty reason, an excluded case, an open
 *   verification difference)
 */
export function correctValue(db: Database, input: { caseId: string; variable: string; value: string | null; reason: string; operator: string; clearOffRoute?: boolean; today?: string }) {
  const q = questionnaireOf(db);
  const v = findVariable(q, input.variable);
  if (!v || v.name !== input.variable || v.type === 'note' || v.type === 'calculated') throw new DomainError('INVALID_INPUT', `${input.variable} is not an answerable variable of the questionnaire.`);
  if (input.reason.trim() === '') throw new DomainError('INVALID_INPUT', 'A correction needs a reason.');
  const c = requireCase(db, input.caseId);
  const value = input.value === null || input.value.trim() === '' ? null : input.value.trim();
  // An unchanged value is refused as such (applyCorrection); an excluded case before its value is looked at.
  if (value !== null && c.status !== 'excluded' && finalValue(db, c.pk, v.name) !== value) {
    const compiled = compiledVersion(db, null);
    const finals: Record<string, string> = {};
    for (const [k, x] of Object.entries(loadCases(db, [c.status], c.pk)[0]?.values ?? {})) if (x !== null && x !== undefined && x !== '') finals[k] = x;
    refuseInvalidValue(compiled.checker, finals, v.name, value, valueLabels(q, v));
  }
  return db.transaction(() => {
    const offRoute = input.clearOffRoute === true && c.status !== 'excluded' ? offRouteAnswers(db, c, v.name, value, input.today ?? todayIso()) : [];
    const r = applyCorrection(db, c.pk, input.variable, value, input.reason, input.operator, { action: 'correct' });
    const cleared = offRoute.map((o) => {
      const x = applyCorrection(db, c.pk, o.variable, null, offRouteReason(v.name), input.operator, { action: 'correct', offRouteOf: r.correctionId });
      return { variable: o.variable, oldValue: o.value, correctionId: x.correctionId, auditId: x.auditId };
    });
    return { ...r, cleared, violations: recheckCase(db, c.pk) };
  })();
}

/**
 * The answered variables a correction would put off route (the correction form shows them before saving; the
 * correction itself decides again). Nothing is stored.
 * @returns empty for an excluded case (it cannot be corrected) or when the route does not change
 * @throws DomainError NOT_FOUND (case, questionnaire), INVALID_INPUT (not an answerable questionnaire variable)
 */
export function correctionRouteEffect(db: Database, input: { caseId: string; variable: string; value: string | null; today?: string }): { offRoute: { variable: string; value: string }[] } {
  const q = questionnaireOf(db);
  const v = findVariable(q, input.variable);
  if (!v || v.name !== input.variable || v.type === 'note' || v.type === 'calculated') throw new DomainError('INVALID_INPUT', `${input.variable} is not an answerable variable of the questionnaire.`);
  const c = requireCase(db, input.caseId);
  if (c.status === 'excluded') return { offRoute: [] };
  const value = input.value === null || input.value.trim() === '' ? null : input.value.trim();
  return { offRoute: offRouteAnswers(db, c, v.name, value, input.today ?? todayIso()) };
}

/** The English text of an {@link UndoBlock} (the UI words it from the reason key and params). */
function undoBlockMessage(correctionId: number, b: UndoBlock): string {
  switch (b.reason) {
    case 'cleaning.undo.alreadyUndone':
      return `Correction ${correctionId} was already undone by log entry ${b.entry}.`;
    case 'cleaning.undo.laterChange':
      return `A later change (log entry ${b.entry}) exists for this variable: undo that first.`;
    case 'cleaning.undo.keyedSince':
      return `The keyed value changed since (log entry ${b.entry}): correct the value instead of undoing.`;
  }
}

/**
 * Undoes a correction: a new correction back to the value that correction replaced (the log only grows). Only the
 * latest change of its case × variable can be undone ({@link undoBlock}): not one already undone, not one with a
 * newer correction (including an undo, an answer cleared off route with another correction, or its restoration), not
 * one whose keyed value changed since. An undo entry is a correction too: it can be undone while it is the latest.
 * The answers cleared off route with it ({@link linkedCorrections}) are set back too, each as an undo entry of its
 * own linked to this undo (so undoing the undo clears them again); one that may not be undone on its own (changed
 * since: corrected again, undone on its own, or re-keyed) is left as it is.
 * @returns the undo, the linked answers given back a value (`restored`) and those emptied again (`cleared`: when the
 *   undone entry was itself an undo that restored them), and the case's violations
 * @throws DomainError NOT_FOUND (no such correction), INVALID_INPUT (reasons `cleaning.undo.alreadyUndone`,
 *   `cleaning.undo.laterChange`, `cleaning.undo.keyedSince` with params { correctionId, entry }; an open verification
 *   difference in the case × variable; an excluded case)
 */
export function undoCorrection(db: Database, input: { correctionId: number; reason: string; operator: string }) {
  const c = undoTarget(db, input.correctionId);
  if (!c) throw new DomainError('NOT_FOUND', `No correction ${input.correctionId}.`);
  return db.transaction(() => {
    const block = undoBlock(db, c);
    if (block) {
      const message = undoBlockMessage(input.correctionId, block);
      throw new DomainError('INVALID_INPUT', message, [{ message, reason: block.reason, params: { correctionId: input.correctionId, entry: block.entry } }]);
    }
    const r = applyCorrection(db, c.casePk, c.variable, c.oldValue, input.reason, input.operator, { action: 'undo', undoes: input.correctionId });
    const restored: { variable: string; value: string | null; correctionId: number; auditId: number }[] = [];
    const cleared: typeof restored = [];
    for (const l of linkedCorrections(db, c.casePk, input.correctionId)) {
      if (l.oldValue === l.newValue || undoBlock(db, { id: l.id, casePk: c.casePk, variable: l.variable, auditId: l.auditId }) !== null) continue;
      const x = applyCorrection(db, c.casePk, l.variable, l.oldValue, input.reason, input.operator, { action: 'undo', undoes: l.id, offRouteOf: r.correctionId });
      (l.oldValue === null ? cleared : restored).push({ variable: l.variable, value: l.oldValue, correctionId: x.correctionId, auditId: x.auditId });
    }
    return { ...r, restored, cleared, violations: recheckCase(db, c.casePk) };
  })();
}

/**
 * Accepts a warning of the last run on a case with a reason; it stays accepted while the values it depends on are
 * unchanged (re-evaluated at every run and re-check). The audit entry names the rule and its variables.
 * @throws DomainError NOT_FOUND (case, or no such violation on it), INVALID_INPUT (an error cannot be accepted)
 */
export function acceptViolation(db: Database, input: { caseId: string; ruleId: string; reason: string; operator: string }) {
  const c = requireCase(db, input.caseId);
  const v = findViolation(db, c.pk, input.ruleId);
  if (!v) throw new DomainError('NOT_FOUND', `Case ${input.caseId} has no violation of ${input.ruleId} (run the rules first).`);
  if (!isAcceptable(v.severity)) throw new DomainError('INVALID_INPUT', `${input.ruleId} is an error: correct the value or exclude the case instead.`);
  const at = new Date().toISOString();
  db.transaction(() => {
    upsertAcceptance(db, { casePk: c.pk, ruleId: input.ruleId, fingerprint: v.fingerprint, reason: input.reason, operator: input.operator, at });
    appendAudit(db, { operator: input.operator, source: 'cleaning', casePk: c.pk, reason: input.reason, at, details: { action: 'accept', ruleId: input.ruleId, variables: v.variables, fingerprint: v.fingerprint } });
  })();
  return { caseId: input.caseId, ruleId: input.ruleId, accepted: true as const, acceptedTotal: acceptedCount(db) };
}

/**
 * The violation-list filter a bulk accept or withdrawal acts on (absent = any). `status` is the list's Status filter:
 * accept acts only on open warnings, so under status accepted it acts on none; withdraw under status open likewise.
 */
export interface BulkFilter {
  ruleId?: string;
  variable?: string;
  severity?: 'error' | 'warning';
  batch?: string;
  caseId?: string;
  status?: 'open' | 'accepted';
}

/** The case × rule pairs a bulk action would act on now: open acceptable warnings (accept) or acceptances (withdraw). */
function bulkSet(db: Database, filter: BulkFilter, kind: 'accept' | 'withdraw') {
  if (kind === 'withdraw') return filter.status === 'open' ? [] : matchingViolations(db, { ...filter, status: 'accepted' });
  if (filter.severity === 'error' || filter.status === 'accepted') return [];
  return matchingViolations(db, { ...filter, severity: 'warning', status: 'open' }).filter((v) => isAcceptable(v.severity));
}

/**
 * The digest of a bulk action's set: SHA-256 (hex) of its sorted "case ID, rule, fingerprint" lines. Two lists with
 * the same count but another warning in them (one gone, one come) get different digests.
 */
function setDigest(set: readonly { caseId: string; ruleId: string; fingerprint: string }[]): string {
  const lines = set.map((v) => `${v.caseId}\u0000${v.ruleId}\u0000${v.fingerprint}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * What a bulk accept or withdrawal under a filter would act on now, for its confirmation: the count and the digest
 * of the exact set (case × rule × fingerprint). The confirmation sends both back; another set is refused.
 * @param kind accept (open warnings; errors never) or withdraw (acceptances)
 */
export function bulkPreview(db: Database, input: { filter: BulkFilter; kind: 'accept' | 'withdraw' }): { count: number; digest: string } {
  const set = bulkSet(db, input.filter, input.kind);
  return { count: set.length, digest: setDigest(set) };
}

/**
 * Refuses a bulk action whose confirmed set is no longer the one it would act on (the list changed meanwhile): another
 * count, or — when the confirmation sent its digest — the same count of other warnings. The refusal's params offer the
 * new count and digest (`actual`, `digest`).
 */
function refuseChanged(expected: number, digest: string | undefined, set: readonly { caseId: string; ruleId: string; fingerprint: string }[], what: 'accept' | 'withdraw'): void {
  const actual = set.length;
  const now = setDigest(set);
  if (expected === actual && (digest === undefined || digest === now)) return;
  const noun = what === 'accept' ? 'open warnings' : 'acceptances';
  const message = expected === actual
    ? `The list changed: ${actual} ${noun} match the filter now, as confirmed, but not the same ones; nothing was changed. Check the list and try again.`
    : `The list changed: ${actual} ${noun} match the filter now, not ${expected}; nothing was changed. Check the list and try again.`;
  throw new DomainError('INVALID_INPUT', message, [{ message, reason: 'cleaning.bulk.changed', params: { expected, actual, digest: now } }]);
}

/**
 * Accepts every open warning of the violation list under a filter (the list's rule, variable, severity, batch and case
 * filters) with one reason, in one transaction: per case × rule an acceptance and an audit entry (operator, time,
 * case, rule, its variables, reason, source cleaning; details.bulk true). Errors are never accepted: a filter on
 * severity error matches nothing. `expected` is the count the operator confirmed, `digest` (from {@link bulkPreview})
 * the set: a warning that appeared while another disappeared is not accepted unseen.
 * @returns how many were accepted and the accepted total of the stored list
 * @throws DomainError INVALID_INPUT (another count than `expected`, or another set than `digest`; reason `cleaning.bulk.changed`)
 */
export function acceptFiltered(db: Database, input: { filter: BulkFilter; reason: string; operator: string; expected: number; digest?: string }) {
  const at = new Date().toISOString();
  const accepted = db.transaction(() => {
    const open = bulkSet(db, input.filter, 'accept');
    refuseChanged(input.expected, input.digest, open, 'accept');
    for (const v of open) {
      upsertAcceptance(db, { casePk: v.casePk, ruleId: v.ruleId, fingerprint: v.fingerprint, reason: input.reason, operator: input.operator, at });
      appendAudit(db, { operator: input.operator, source: 'cleaning', casePk: v.casePk, reason: input.reason, at, details: { action: 'accept', ruleId: v.ruleId, variables: v.variables, fingerprint: v.fingerprint, bulk: true } });
    }
    return open.length;
  })();
  return { accepted, acceptedTotal: acceptedCount(db) };
}

/**
 * Withdraws the acceptance of a warning on a case: the warning is open again (audit entry: operator, time, case,
 * rule, its variables, reason, the reason it had been accepted with).
 * @throws DomainError NOT_FOUND (case, or no accepted violation of that rule on it)
 */
export function withdrawAcceptance(db: Database, input: { caseId: string; ruleId: string; reason: string; operator: string }) {
  const c = requireCase(db, input.caseId);
  const v = matchingViolations(db, { caseId: input.caseId, ruleId: input.ruleId, status: 'accepted' })[0];
  if (!v) throw new DomainError('NOT_FOUND', `Case ${input.caseId} has no accepted warning of ${input.ruleId}.`);
  const at = new Date().toISOString();
  db.transaction(() => {
    deleteAcceptance(db, c.pk, input.ruleId);
    appendAudit(db, { operator: input.operator, source: 'cleaning', casePk: c.pk, reason: input.reason, at, details: { action: 'withdraw', ruleId: input.ruleId, variables: v.variables, acceptedReason: v.acceptedReason } });
  })();
  return { caseId: input.caseId, ruleId: input.ruleId, withdrawn: true as const, acceptedTotal: acceptedCount(db) };
}

/**
 * Withdraws every acceptance shown in the violation list under a filter, with one reason, in one transaction; one
 * audit entry per case × rule as {@link withdrawAcceptance} (details.bulk true). `expected` and `digest`: the confirmed
 * count and set, as {@link acceptFiltered}.
 * @returns how many were withdrawn and the accepted total left
 * @throws DomainError INVALID_INPUT (another count or set than confirmed; reason `cleaning.bulk.changed`)
 */
export function withdrawFiltered(db: Database, input: { filter: BulkFilter; reason: string; operator: string; expected: number; digest?: string }) {
  const at = new Date().toISOString();
  const withdrawn = db.transaction(() => {
    const accepted = bulkSet(db, input.filter, 'withdraw');
    refuseChanged(input.expected, input.digest, accepted, 'withdraw');
    for (const v of accepted) {
      deleteAcceptance(db, v.casePk, v.ruleId);
      appendAudit(db, { operator: input.operator, source: 'cleaning', casePk: v.casePk, reason: input.reason, at, details: { action: 'withdraw', ruleId: v.ruleId, variables: v.variables, acceptedReason: v.acceptedReason, bulk: true } });
    }
    return accepted.length;
  })();
  return { withdrawn, acceptedTotal: acceptedCount(db) };
}

/**
 * Excludes a case with a reason code and text: exclusion register, status 'excluded', audit entry (old status →
 * excluded). Excluded cases leave rule runs, weighting and exports (the Exclusions sheet lists them).
 * @throws DomainError NOT_FOUND, INVALID_INPUT (already excluded)
 */
export function excludeCase(db: Database, input: { caseId: string; reasonCode: string; reason: string; operator: string }) {
  const c = requireCase(db, input.caseId);
  if (c.status === 'excluded') throw new DomainError('INVALID_INPUT', `Case ${input.caseId} is already excluded.`);
  const at = new Date().toISOString();
  db.transaction(() => {
    insertExclusion(db, { casePk: c.pk, reasonCode: input.reasonCode, reason: input.reason, operator: input.operator, at, previousStatus: c.status });
    appendAudit(db, { operator: input.operator, source: 'cleaning', casePk: c.pk, oldValue: c.status, newValue: 'excluded', reason: `${input.reasonCode}: ${input.reason}`, at, details: { action: 'exclude', reasonCode: input.reasonCode } });
    deleteCaseViolations(db, c.pk, false);
  })();
  return { caseId: input.caseId, status: 'excluded', previousStatus: c.status };
}

/**
 * Reverses the exclusion of a case: its previous status comes back (audit-logged) and it is re-checked.
 * @throws DomainError NOT_FOUND, INVALID_INPUT (not excluded through the register)
 */
export function includeCase(db: Database, input: { caseId: string; reason: string; operator: string }) {
  const c = requireCase(db, input.caseId);
  const e = openExclusion(db, c.pk);
  if (c.status !== 'excluded' || !e) throw new DomainError('INVALID_INPUT', `Case ${input.caseId} is not excluded.`);
  const at = new Date().toISOString();
  db.transaction(() => {
    closeExclusion(db, e.id, c.pk, e.previousStatus, input.operator, input.reason, at);
    restoreFormDisposition(db, input.caseId, at); // the status trigger would leave a graded 1.2/2.12 form at 1.1
    appendAudit(db, { operator: input.operator, source: 'cleaning', casePk: c.pk, oldValue: 'excluded', newValue: e.previousStatus, reason: input.reason, at, details: { action: 'include', exclusionId: e.id } });
    recheckCase(db, c.pk);
  })();
  return { caseId: input.caseId, status: e.previousStatus };
}

/** The stored rules with the results of their example cases. */
export function rulesWithTests(db: Database) {
  const rules = listRules(db);
  const ruleTests = rules.length > 0 && latestVersion(db) ? projectCleaner(db).testRules(todayIso()) : [];
  return { rules: rules.map((r) => ({ ...r, variables: [...r.variables], examples: [...r.examples] })), ruleTests };
}

/**
 * Saves an edit rule (replacing one of the same name) after checking it against the questionnaire; audit-logged.
 * @returns whether it replaced one, and the failures of its example cases (the rule is stored anyway)
 * @throws DomainError EXPRESSION_ERROR, INVALID_INPUT (name, variables)
 */
export function saveRule(db: Database, rule: EditRule, operator: string) {
  const q = questionnaireOf(db);
  const derived = listDerived(db);
  validateEditRule(q, rule, derived.map((d) => d.name));
  const replaced = db.transaction(() => {
    const r = upsertRule(db, rule, new Date().toISOString());
    appendAudit(db, { operator, source: 'cleaning', reason: `edit rule ${rule.name} ${r ? 'changed' : 'added'}`, details: { action: 'rule.save', rule } });
    return r;
  })();
  const ruleTests = createCleaner(q, [{ ...rule, enabled: true }], derived).testRules(todayIso());
  return { replaced, ruleTests };
}

/** Deletes an edit rule (audit-logged). @returns whether it existed */
export function removeRule(db: Database, name: string, operator: string): { deleted: boolean } {
  return db.transaction(() => {
    const deleted = deleteRule(db, name);
    if (deleted) appendAudit(db, { operator, source: 'cleaning', reason: `edit rule ${name} deleted`, details: { action: 'rule.delete', name } });
    return { deleted };
  })();
}

/**
 * The weight variables every weighting scheme of the project writes into the export (`weightVariable` and
 * `weightVariableN` of its definition, run or not), so a derived variable cannot take their names.
 * @returns names with their scheme; empty for a project without weighting tables
 */
export function schemeWeightNames(db: Database): TakenWeightName[] {
  if (!hasTable(db, 'weighting_scheme')) return [];
  const out: TakenWeightName[] = [];
  for (const r of db.prepare('SELECT name, definition FROM weighting_scheme ORDER BY name').all() as { name: string; definition: string }[]) {
    let def: { weightVariable?: unknown; weightVariableN?: unknown };
    try {
      def = JSON.parse(r.definition) as typeof def;
    } catch {
      continue;
    }
    for (const w of [def.weightVariable, def.weightVariableN]) if (typeof w === 'string' && w !== '') out.push({ name: w, scheme: r.name });
  }
  return out;
}

/** Stored violations with an acceptance that still matches their fingerprint (the run summary's "accepted"). */
export function acceptedCount(db: Database): number {
  return (db.prepare(
    `SELECT count(*) AS n FROM cleaning_violation v JOIN cleaning_acceptance a ON a.case_pk = v.case_pk AND a.rule_id = v.rule_id AND a.fingerprint = v.fingerprint`,
  ).get() as { n: number }).n;
}

/** Whether an expression reads `${name}` (an expression that does not parse reads nothing). */
function readsVariable(expression: string, name: string): boolean {
  const parsed = tryParse(expression);
  return parsed.ok && refsOf(parsed.expr).some((r) => r.name === name);
}

/**
 * The weighting schemes that read a variable: as their population filter (group) or in a margin or post-stratification
 * cell (the variables a run reads; trimming reads only the weights). A stored definition that is not JSON reads nothing.
 * @returns scheme names in name order; empty for a project without weighting tables
 */
export function schemesReading(db: Database, variable: string): string[] {
  if (!hasTable(db, 'weighting_scheme')) return [];
  const out: string[] = [];
  for (const r of db.prepare('SELECT name, definition FROM weighting_scheme ORDER BY name').all() as { name: string; definition: string }[]) {
    let def: { group?: { variable?: unknown } | null; margins?: { variables?: unknown }[] };
    try {
      def = JSON.parse(r.definition) as typeof def;
    } catch {
      continue;
    }
    const vars = [def.group?.variable, ...(Array.isArray(def.margins) ? def.margins.flatMap((m) => (Array.isArray(m.variables) ? m.variables as unknown[] : [])) : [])];
    if (vars.includes(variable)) out.push(r.name);
  }
  return out;
}

/**
 * Deletes a derived variable (audit-logged). Refused before anything changes when another derived variable or an
 * edit rule reads it (they would no longer compile) or a weighting scheme weights by it (its population filter, a
 * margin or a cell: its stored weights would lose their meaning and the next run could not read it). Names are not
 * checked: a name clash stored before the clash check existed (e.g. a derived variable named like a scheme's weight)
 * never blocks a deletion.
 * @throws DomainError INVALID_INPUT naming the derived variables, edit rules and schemes that read it; an issue with
 *   reason `cleaning.derived.readBy.derived` / `.rules` ({ name, readers, count }) or `.both` ({ name, derived, rules })
 *   for the readers, and one with reason `cleaning.derived.usedBySchemes` ({ name, schemes, count }) for the schemes
 */
function deleteDerivedVariable(db: Database, current: readonly DerivedVariable[], name: string, operator: string): void {
  const derivedReaders = current.filter((d) => d.name !== name && readsVariable(d.expression, name)).map((d) => d.name);
  const ruleReaders = listRules(db).filter((r) => readsVariable(r.expression, name)).map((r) => r.name);
  const schemes = schemesReading(db, name);
  const schemeIssue = () => {
    const message = `${name} cannot be deleted: weighting scheme${schemes.length > 1 ? 's' : ''} ${schemes.join(', ')} weight${schemes.length > 1 ? '' : 's'} by it (change the scheme${schemes.length > 1 ? 's' : ''} on the Weighting screen or delete ${schemes.length > 1 ? 'them' : 'it'} first)`;
    // reason and params: the UI says it in its language (renderer/api/errorText.ts)
    return { message, value: name, reason: 'cleaning.derived.usedBySchemes', params: { name, schemes: schemes.join(', '), count: schemes.length } };
  };
  if (derivedReaders.length === 0 && ruleReaders.length === 0 && schemes.length > 0) {
    const issue = schemeIssue();
    throw new DomainError('INVALID_INPUT', issue.message, [issue]);
  }
  if (derivedReaders.length > 0 || ruleReaders.length > 0) {
    const readers = [
      ...(derivedReaders.length > 0 ? [`derived variable${derivedReaders.length > 1 ? 's' : ''} ${derivedReaders.join(', ')}`] : []),
      ...(ruleReaders.length > 0 ? [`edit rule${ruleReaders.length > 1 ? 's' : ''} ${ruleReaders.join(', ')}`] : []),
    ].join(' and ');
    const all = [...derivedReaders, ...ruleReaders];
    const message = `${name} cannot be deleted: ${readers} read${all.length > 1 ? '' : 's'} it (change or delete ${all.length > 1 ? 'them' : all[0]} first)`;
    // reason and params: the UI says it in its language (renderer/api/errorText.ts)
    const localized: { reason: string; params: Record<string, string | number> } = derivedReaders.length > 0 && ruleReaders.length > 0
      ? { reason: 'cleaning.derived.readBy.both', params: { name, derived: derivedReaders.join(', '), rules: ruleReaders.join(', ') } }
      : derivedReaders.length > 0
        ? { reason: 'cleaning.derived.readBy.derived', params: { name, readers: derivedReaders.join(', '), count: derivedReaders.length } }
        : { reason: 'cleaning.derived.readBy.rules', params: { name, readers: ruleReaders.join(', '), count: ruleReaders.length } };
    if (schemes.length > 0) {
      const issue = schemeIssue();
      throw new DomainError('INVALID_INPUT', `${message}; ${issue.message.slice(`${name} cannot be deleted: `.length)}`, [{ message, value: name, ...localized }, issue]);
    }
    throw new DomainError('INVALID_INPUT', message, [{ message, value: name, ...localized }]);
  }
  db.transaction(() => {
    if (deleteDerived(db, name)) appendAudit(db, { operator, source: 'cleaning', variable: name, reason: `derived variable ${name} deleted`, details: { action: 'derive.delete', name } });
  })();
}

/**
 * Defines, replaces or (expression null) deletes a derived variable. A definition is checked together with the others
 * (names against the export columns, expressions, value labels: codes unique and non-empty, labels non-empty, after
 * trimming) and audit-logged with its definition and value labels; a deletion is refused only while another derived
 * variable, an edit rule or a weighting scheme reads the variable. Values are recomputed at every rule run.
 * @returns the definitions and a preview of its values over the cases (null when deleted)
 * @throws DomainError EXPRESSION_ERROR, INVALID_INPUT
 */
export function defineDerived(db: Database, input: { name: string; expression: string | null; label: string; valueLabels?: readonly DerivedValueLabel[]; operator: string; today?: string }) {
  const q = questionnaireOf(db);
  const current = listDerived(db);
  if (input.expression === null) {
    deleteDerivedVariable(db, current, input.name, input.operator);
    return { derived: listDerived(db), preview: null };
  }
  const d: DerivedVariable = { name: input.name, expression: input.expression, label: input.label, valueLabels: (input.valueLabels ?? []).map((l) => ({ code: l.code.trim(), label: l.label.trim() })) };
  const next = current.some((x) => x.name === d.name) ? current.map((x) => (x.name === d.name ? d : x)) : [...current, d];
  validateDerived(q, next, schemeWeightNames(db));
  db.transaction(() => {
    upsertDerived(db, d, input.operator, new Date().toISOString());
    appendAudit(db, { operator: input.operator, source: 'cleaning', variable: d.name, newValue: d.expression, reason: `derived variable ${d.name} defined`, details: { action: 'derive', ...d, valueLabels: d.valueLabels ?? [] } });
  })();
  const cases = loadCases(db);
  const values = createCleaner(q, [], next).run(cases, { today: input.today ?? todayIso(), duplicates: false }).derived[d.name] ?? [];
  const tally = new Map<string, number>();
  for (const v of values) if (v !== '') tally.set(v, (tally.get(v) ?? 0) + 1);
  const top = [...tally.entries()].sort((a, b) => b[1] - a[1]).slice(0, 50).map(([value, count]) => ({ value, count }));
  return { derived: listDerived(db), preview: { cases: cases.length, filled: values.filter((v) => v !== '').length, values: top } };
}

/** Counts a list of violations per severity (for CLI summaries). */
export function severityTotals(violations: readonly CleaningViolation[]): { error: number; warning: number } {
  return { error: violations.filter((v) => v.severity === 'error').length, warning: violations.filter((v) => v.severity === 'warning').length };
}

/** One case with its final values and its corrections (read-only; any status, excluded included). */
export function cleaningCase(db: Database, caseId: string) {
  const c = requireCase(db, caseId);
  const loaded = loadCases(db, [c.status], c.pk)[0];
  const corrections = listCorrections(db)
    .filter((x) => x.casePk === c.pk)
    .map(({ id, casePk, variable, oldValue, newValue, reason, operator, at, auditId }) => ({ id, variable, oldValue, newValue, reason, operator, at, undoable: undoBlock(db, { id, casePk, variable, auditId }) === null }));
  return { caseId, status: c.status, batch: loaded?.batch ?? null, values: Object.fromEntries(Object.entries(loaded?.values ?? {}).map(([k, v]) => [k, v ?? null])), corrections };
}

/** Handlers of the cleaning channels. */
export const cleaningHandlers = {
  'cleaning.run': ({ operator, today, limit }, { session, progress }) => {
    const p = requireProject(session);
    return runCleaning(writable(p), { operator: operator ?? session.hostLabel, limit, ...(today !== undefined ? { today } : {}) }, progress);
  },
  'cleaning.violations': (filter, { session }) => {
    const { ruleId, variable, severity, batch, status, caseId, offset, limit } = filter;
    return queryViolations(requireProject(session).db, {
      offset, limit,
      ...(ruleId !== undefined ? { ruleId } : {}), ...(variable !== undefined ? { variable } : {}), ...(severity !== undefined ? { severity } : {}),
      ...(batch !== undefined ? { batch } : {}), ...(status !== undefined ? { status } : {}), ...(caseId !== undefined ? { caseId } : {}),
    });
  },
  'cleaning.case': ({ caseId }, { session }) => cleaningCase(requireProject(session).db, caseId),
  'cleaning.correct': (input, { session }) => correctValue(writable(requireProject(session)), input),
  'cleaning.routeEffect': (input, { session }) => correctionRouteEffect(requireProject(session).db, input),
  'cleaning.undo': (input, { session }) => undoCorrection(writable(requireProject(session)), input),
  'cleaning.accept': (input, { session }) => acceptViolation(writable(requireProject(session)), input),
  'cleaning.bulkPreview': (input, { session }) => bulkPreview(requireProject(session).db, input),
  'cleaning.acceptFiltered': (input, { session }) => acceptFiltered(writable(requireProject(session)), input),
  'cleaning.withdraw': (input, { session }) => withdrawAcceptance(writable(requireProject(session)), input),
  'cleaning.withdrawFiltered': (input, { session }) => withdrawFiltered(writable(requireProject(session)), input),
  'cleaning.exclude': (input, { session }) => excludeCase(writable(requireProject(session)), input),
  'cleaning.include': (input, { session }) => includeCase(writable(requireProject(session)), input),
  'cleaning.exclusions': (_input, { session }) => listExclusions(requireProject(session).db),
  'cleaning.rules': (_input, { session }) => rulesWithTests(requireProject(session).db),
  'cleaning.saveRule': ({ rule, operator }, { session }) => saveRule(writable(requireProject(session)), rule, operator),
  'cleaning.deleteRule': ({ name, operator }, { session }) => removeRule(writable(requireProject(session)), name, operator),
  'cleaning.derive': ({ name, expression, label, valueLabels, operator, today }, { session }) =>
    defineDerived(writable(requireProject(session)), { name, expression, label, valueLabels, operator, ...(today !== undefined ? { today } : {}) }),
  'cleaning.derived': (_input, { session }) => listDerived(requireProject(session).db),
} satisfies HandlerPart<
  | 'cleaning.run' | 'cleaning.violations' | 'cleaning.case' | 'cleaning.correct' | 'cleaning.routeEffect' | 'cleaning.undo' | 'cleaning.accept' | 'cleaning.exclude' | 'cleaning.include'
  | 'cleaning.bulkPreview' | 'cleaning.acceptFiltered' | 'cleaning.withdraw' | 'cleaning.withdrawFiltered'
  | 'cleaning.exclusions' | 'cleaning.rules' | 'cleaning.saveRule' | 'cleaning.deleteRule' | 'cleaning.derive' | 'cleaning.derived'
>;
