// Entry service: open a case for keying (check digit, sample, no duplicates), commit one field per transaction, confirm soft checks, finish a form.
import type { Database } from 'better-sqlite3';
import type { Input, Output } from '../../../shared/contract/api';
import type { ViolationDto } from '../../../shared/contract/entry';
import { createChecker, type Checker, type Violation } from '../../../shared/checks/checker';
import { DomainError } from '../../../shared/domain/errors';
import { isEnterable, type Questionnaire, type Variable } from '../../../shared/domain/questionnaire';
import { formSummary } from '../../../shared/entry/summary';
import { checkCaseId } from '../../../shared/fieldwork/caseId';
import * as repo from '../db/repos/entryRepo';
import { getCaseIdFormat, setFormDisposition } from '../db/repos/fieldworkRepo';
import { completenessDisposition } from '../../../shared/fieldwork/responseDisposition';
import type { HandlerPart } from '../handlerTypes';
import { requireProject, type Session } from './project';
import { compareForm } from './verification';

/** A questionnaire version compiled for entry. */
interface Compiled {
  versionId: number;
  questionnaire: Questionnaire;
  checker: Checker;
  byName: Map<string, Variable>;
}

const compiledCache = new WeakMap<Database, Map<number, Compiled>>();

/**
 * The questionnaire version a case was keyed with, compiled once per connection.
 * @param versionId the version, or null for the newest
 * @throws DomainError NOT_FOUND when the project has no questionnaire
 */
export function compiledVersion(db: Database, versionId: number | null): Compiled {
  let m = compiledCache.get(db);
  if (!m) {
    m = new Map();
    compiledCache.set(db, m);
  }
  if (versionId !== null) {
    const hit = m.get(versionId);
    if (hit) return hit;
  }
  const row = repo.questionnaireDefinition(db, versionId);
  if (!row) throw new DomainError('NOT_FOUND', 'This project has no questionnaire yet; import one before keying forms.');
  const hit = m.get(row.id);
  if (hit) return hit;
  const questionnaire = JSON.parse(row.definition) as Questionnaire;
  const checker = createChecker(questionnaire);
  const c: Compiled = { versionId: row.id, questionnaire, checker, byName: new Map(checker.router.variables.map((v) => [v.name, v])) };
  m.set(row.id, c);
  return c;
}

function writableDb(session: Session): Database {
  const p = requireProject(session);
  if (p.readOnly) throw new DomainError('INVALID_INPUT', 'The project is open read-only.');
  return p.db;
}

type Params = Record<string, string | number>;

/**
 * An entry refusal the UI words in its own language: the English message for the CLI and logs, and one issue with a
 * stable `reason` (an i18n key under `entry.refusal`/`entry.locked` via renderer/api/errorText.ts) and its params.
 */
function refusal(code: 'INVALID_INPUT' | 'NOT_FOUND' | 'ALREADY_EXISTS', message: string, reason: string, params: Params, extra: { path?: string[]; value?: string } = {}): DomainError {
  return new DomainError(code, message, [{ message, ...extra, reason, params }]);
}

/**
 * Normalises a typed case ID with the project's format.
 * @throws DomainError INVALID_INPUT naming the problem (reason `entry.refusal.caseId.<problem>`, params { caseId })
 */
function normaliseCaseId(db: Database, typed: string): string {
  const c = checkCaseId(typed, getCaseIdFormat(db));
  if (!c.ok) throw refusal('INVALID_INPUT', `Case ID ${typed}: ${c.message}`, `entry.refusal.caseId.${c.problem}`, { caseId: typed }, { path: ['caseId'], value: typed });
  return c.caseId;
}

function requireCase(db: Database, typed: string): repo.CaseRecordRow {
  const id = normaliseCaseId(db, typed);
  const c = repo.findCase(db, id);
  if (!c) throw refusal('NOT_FOUND', `Case ${id} has not been opened for keying.`, 'entry.refusal.notOpened', { caseId: id });
  return c;
}

function requireForm(db: Database, c: repo.CaseRecordRow, pass: number, operator: string): repo.EntryFormRow {
  const f = repo.entryForm(db, c.id, pass);
  if (!f) throw refusal('INVALID_INPUT', `Case ${c.caseId} has not been opened for pass ${pass}.`, 'entry.refusal.notOpenedForPass', { caseId: c.caseId, pass });
  refuseOtherVerifier(c.caseId, pass, f, operator);
  return f;
}

/**
 * A blind re-keying (pass 2) belongs to the operator who began it: another operator may neither see it nor change
 * it, nor finish it (which would compare the passes again and could close open differences without a decision).
 * @throws DomainError INVALID_INPUT, reason `entry.refusal.otherVerifier` (params caseId, verifier)
 */
function refuseOtherVerifier(caseId: string, pass: number, form: repo.EntryFormRow | undefined, operator: string): void {
  if (pass !== 2 || !form || form.operator === operator) return;
  throw refusal('INVALID_INPUT', `Case ${caseId} is being verified by ${form.operator}; only ${form.operator} continues or changes that re-keying.`, 'entry.refusal.otherVerifier', { caseId, verifier: form.operator });
}

/** Why a keyed form no longer takes changes in entry: the i18n key (`entry.locked.*`) and its params. */
export interface EntryLock {
  reason: 'entry.locked.verified' | 'entry.locked.adjudicated' | 'entry.locked.verifying';
  params: Params;
}

/**
 * Whether a pass of a keyed case is closed to entry, and why. Once verification has begun the two keyings are the
 * evidence the comparison and the adjudication rest on, so they stay as they are; later changes go through cleaning
 * (a correction with a reason, which wins over every keying):
 * - verified (every blocking difference decided, or none found) → both passes locked (`entry.locked.verified`);
 * - a difference adjudicated (a pass-3 value exists) → both passes locked (`entry.locked.adjudicated`, { count });
 * - pass 2 opened (blind re-keying under way or keyed, differences not yet decided) → pass 1 locked
 *   (`entry.locked.verifying`, { verifier }); pass 2 stays open to its verifier, and finishing it again compares again.
 * An excluded case is read-only for its own reason ({@link refuseExcluded}) and gets no lock here.
 * @returns null when the pass may be changed
 */
export function entryLock(db: Database, c: { id: number; caseId: string; status: string }, pass: number): EntryLock | null {
  if (c.status === 'excluded') return null;
  if (c.status === 'verified') return { reason: 'entry.locked.verified', params: { caseId: c.caseId } };
  const decided = repo.differences(db, c.id, false).filter((d) => d.resolution !== null).length;
  if (decided > 0) return { reason: 'entry.locked.adjudicated', params: { caseId: c.caseId, count: decided } };
  if (pass === 1) {
    const second = repo.entryForm(db, c.id, 2);
    if (second) return { reason: 'entry.locked.verifying', params: { caseId: c.caseId, verifier: second.operator } };
  }
  return null;
}

const LOCK_MESSAGES: Record<EntryLock['reason'], (p: Params) => string> = {
  'entry.locked.verified': (p) => `Case ${p.caseId} is verified; the form is read-only in entry. Changes now go through cleaning (a correction with a reason).`,
  'entry.locked.adjudicated': (p) => `Case ${p.caseId} has adjudicated differences; the form is read-only in entry. Decide the other differences in verification; changes go through cleaning (a correction with a reason).`,
  'entry.locked.verifying': (p) => `Case ${p.caseId} is being verified (re-keyed by ${p.verifier}); the first keying is read-only. Differences are decided in verification; changes go through cleaning (a correction with a reason).`,
};

/**
 * Refuses a write to a pass that {@link entryLock} closes.
 * @throws DomainError INVALID_INPUT with one issue carrying the lock's reason and params
 */
function refuseLocked(db: Database, c: { id: number; caseId: string; status: string }, pass: number): void {
  const lock = entryLock(db, c, pass);
  if (lock) throw refusal('INVALID_INPUT', LOCK_MESSAGES[lock.reason](lock.params), lock.reason, lock.params);
}

/**
 * Refuses any write to an excluded case: it is read-only in entry, verification and cleaning until it is included
 * again (cleaning.include).
 * @throws DomainError INVALID_INPUT naming the case and its exclusion reason (reason `entry.refusal.excluded`,
 *   params { caseId, code, reason })
 */
export function refuseExcluded(db: Database, c: { id: number; caseId: string; status: string }): void {
  if (c.status !== 'excluded') return;
  const e = repo.openExclusionOf(db, c.id);
  const message = `Case ${c.caseId} is excluded${e ? ` (${e.reasonCode}: ${e.reason})` : ''}; include it again in cleaning before changing it.`;
  throw refusal('INVALID_INPUT', message, 'entry.refusal.excluded', { caseId: c.caseId, code: e?.reasonCode ?? 'other', reason: e?.reason ?? '' });
}

/**
 * Checks a value written outside keying (an adjudicated new value, a cleaning correction) with the checks keying
 * refuses on: type, code (user-missing codes pass), range, length, date and the form's hard constraint, with the
 * case's other answers (`answers`) and the variable taken as on route (routing is not this value's concern).
 * Empty (system-missing) always passes, as in keying. Soft checks are not refusals and are not returned.
 * @param checker the compiled checker of the case's questionnaire version (shared/checks createChecker)
 * @param answers the case's other answers by variable name
 * @param today "YYYY-MM-DD" for today() in checks
 * @returns the hard violations (empty = the value may be stored)
 */
export function hardValueViolations(checker: Checker, answers: Readonly<Record<string, string>>, variable: string, value: string, today: string = todayIso()): Violation[] {
  if (value.trim() === '') return [];
  const router = checker.router;
  const slot = router.slotOf(variable);
  if (slot === undefined) return [];
  const state = router.evaluate({ ...answers, [variable]: value }, today);
  const onRoute = [...state.onRoute];
  onRoute[slot] = true;
  return checker.checkVariable({ ...state, onRoute }, variable, { requireAnswers: false, reportOffRoute: false }).filter((x) => x.severity === 'hard' && x.kind !== 'required' && x.kind !== 'offRoute');
}

/**
 * Refuses a value written outside keying that keying would refuse ({@link hardValueViolations}).
 * @param labels the variable's codes and user-missing codes, for the message (shared/domain valueLabels)
 * @throws DomainError INVALID_INPUT "<variable>: <value> is not a valid value (<check>); valid codes: …, user-missing …."
 *   (the checks' English messages joined by "; "; the codes part only for a variable with a list)
 */
export function refuseInvalidValue(checker: Checker, answers: Readonly<Record<string, string>>, variable: string, value: string, labels: readonly { code: string; missing: boolean }[], today?: string): void {
  const bad = hardValueViolations(checker, answers, variable, value, today);
  if (bad.length === 0) return;
  const codes = labels.filter((l) => !l.missing).map((l) => l.code);
  const missing = labels.filter((l) => l.missing).map((l) => l.code);
  const list = codes.length > 0 ? `; valid codes: ${codes.join(' ')}${missing.length > 0 ? `, user-missing ${missing.join(' ')}` : ''}` : '';
  // No issues: the message names variable, value, check and codes, and the UI maps it to its language whole
  // (renderer/features/cleaning/format.ts cleaningErrorKey); an issue would be shown in its place.
  throw new DomainError('INVALID_INPUT', `${variable}: ${value} is not a valid value (${bad.map((x) => x.message).join('; ')})${list}.`);
}

const sourceOf = (pass: number): 'keying' | 'verification' => (pass === 2 ? 'verification' : 'keying');
const todayIso = (): string => new Date().toISOString().slice(0, 10);

function toDto(v: Violation): ViolationDto {
  return {
    variable: v.variable,
    kind: v.kind,
    severity: v.severity,
    message: v.message,
    value: v.value,
    ...(v.formMessage && Object.keys(v.formMessage).length > 0 ? { formMessage: { ...v.formMessage } } : {}),
    ...(v.params ? { params: { ...v.params } } : {}),
  };
}

/**
 * Opens a form for keying: verifies the check digit, looks the ID up in the sample frame (when the project has
 * one), and either creates the case (status open, source keying, newest questionnaire version) or opens the
 * existing one — an unfinished form resumes, a finished one opens in modify mode; never a second case.
 * Pass 2 (blind re-keying) needs a finished first keying by another operator and never returns pass-1 values.
 * A form {@link entryLock} closes (verified, adjudicated, pass 1 under verification) opens read-only with `lock` set
 * (nothing is logged); saveField, confirmWarning and finishCase refuse it.
 * Refusals carry an issue with a `reason` (`entry.refusal.*`) and params for the UI's language.
 * @throws DomainError INVALID_INPUT (malformed ID or check digit, read-only project, pass 2 not possible: no finished
 *   first keying, or the operator keyed it), NOT_FOUND (ID not in the sample, unknown batch, no questionnaire),
 *   ALREADY_EXISTS (the case was imported)
 */
export function openCase(db: Database, input: Input<'entry.openCase'>): Output<'entry.openCase'> {
  const caseId = normaliseCaseId(db, input.caseId);
  const inSample = repo.sampleCount(db) > 0 ? repo.sampleEntry(db, caseId) : undefined;
  if (repo.sampleCount(db) > 0 && !inSample) throw refusal('NOT_FOUND', `Case ${caseId} is not in the sample.`, 'entry.refusal.notInSample', { caseId }, { path: ['caseId'], value: input.caseId });
  const batchPk = input.batch === null ? null : repo.batchId(db, input.batch);
  if (batchPk === undefined) throw refusal('NOT_FOUND', `No batch ${input.batch ?? ''} is registered.`, 'entry.refusal.unknownBatch', { batch: input.batch ?? '' }, { path: ['batch'], value: input.batch ?? '' });
  const notices: string[] = [];
  if (inSample?.batch && input.batch !== null && inSample.batch !== input.batch) notices.push(`Case ${caseId} is registered with batch ${inSample.batch}.`);
  return db.transaction((): Output<'entry.openCase'> => {
    const now = new Date().toISOString();
    repo.touchOperator(db, input.operator, now);
    let c = repo.findCase(db, caseId);
    if (c && c.source !== 'keying') throw refusal('ALREADY_EXISTS', `Case ${caseId} was ${c.source === 'import' ? 'imported' : 'loaded as an example'}; it is not keyed.`, c.source === 'import' ? 'entry.refusal.imported' : 'entry.refusal.notKeyed', { caseId });
    const excluded = c?.status === 'excluded';
    // An excluded case opens read-only: nothing new is created for it and the opening is not logged as a change.
    if (c && excluded && !repo.entryForm(db, c.id, input.pass)) refuseExcluded(db, c);
    if (input.pass === 2) {
      const first = c ? repo.entryForm(db, c.id, 1) : undefined;
      if (!c || !first?.finishedAt) throw refusal('INVALID_INPUT', `Case ${caseId} has no finished first keying to verify.`, 'entry.refusal.noFirstKeying', { caseId });
      if (first.operator === input.operator) throw refusal('INVALID_INPUT', `Case ${caseId} was keyed by ${input.operator}; another operator verifies it.`, 'entry.refusal.ownForm', { caseId, operator: input.operator });
      refuseOtherVerifier(caseId, 2, repo.entryForm(db, c.id, 2), input.operator);
    }
    if (!c) {
      const compiled = compiledVersion(db, null);
      const pk = repo.insertCase(db, caseId, compiled.versionId, batchPk, now);
      repo.audit(db, { at: now, operator: input.operator, source: 'keying', casePk: pk, variable: null, oldValue: null, newValue: null, reason: 'form opened for keying', details: { caseId, batch: input.batch, receivedOn: input.receivedOn } });
      c = repo.findCase(db, caseId)!;
    } else if (c.batch !== null && input.batch !== null && c.batch !== input.batch) {
      notices.push(`Case ${caseId} was keyed with batch ${c.batch}.`);
    }
    // A verified form (or one in verification) opens read-only: the opening is not logged as a change.
    const lock = excluded ? null : entryLock(db, c, input.pass);
    let form = repo.entryForm(db, c.id, input.pass);
    let mode: 'new' | 'resume' | 'modify';
    if (!form) {
      mode = 'new';
      repo.insertEntryForm(db, c.id, input.pass, input.operator, input.receivedOn ?? inSample?.receivedOn ?? null, now);
      if (input.pass === 2) repo.audit(db, { at: now, operator: input.operator, source: 'verification', casePk: c.id, variable: null, oldValue: null, newValue: null, reason: 'form opened for verification' });
      form = repo.entryForm(db, c.id, input.pass)!;
    } else {
      mode = form.finishedAt ? 'modify' : 'resume';
      if (!excluded && !lock) repo.audit(db, { at: now, operator: input.operator, source: sourceOf(input.pass), casePk: c.id, variable: null, oldValue: null, newValue: null, reason: mode === 'modify' ? 'finished form opened to modify' : 'unfinished form resumed' });
    }
    const compiled = compiledVersion(db, c.versionId);
    return {
      caseId,
      pass: input.pass,
      mode,
      status: c.status,
      batch: c.batch,
      receivedOn: form.receivedOn,
      inSample: inSample !== undefined,
      versionId: compiled.versionId,
      questionnaire: compiled.questionnaire,
      answers: repo.answersOf(db, c.id, input.pass),
      confirmations: repo.confirmationsOf(db, c.id, input.pass),
      lastField: form.lastField,
      notices,
      exclusion: excluded ? (repo.openExclusionOf(db, c.id) ?? { reasonCode: 'other', reason: '' }) : null,
      lock,
    };
  }).immediate();
}

/**
 * Commits one field in its own transaction (the response row, its audit row, and the clearing of fields the new
 * value takes off route, each audited). The backend re-checks the value with shared/checks and is authoritative:
 * a hard violation (type, code, range, length, the form's constraint) or a field off route refuses the value
 * and stores nothing. Soft violations are returned unless confirmed for this very value.
 * @throws DomainError NOT_FOUND (case not opened, unknown variable), INVALID_INPUT (not an enterable variable, the
 *   case excluded, the pass locked by verification — {@link entryLock}, reason `entry.locked.*`)
 */
export function saveField(db: Database, input: Input<'entry.saveField'>): Output<'entry.saveField'> {
  const c = requireCase(db, input.caseId);
  refuseExcluded(db, c);
  requireForm(db, c, input.pass, input.operator);
  refuseLocked(db, c, input.pass);
  const compiled = compiledVersion(db, c.versionId);
  const v = compiled.byName.get(input.variable);
  if (!v) throw new DomainError('NOT_FOUND', `The questionnaire has no variable ${input.variable}.`);
  if (!isEnterable(v)) throw new DomainError('INVALID_INPUT', `${v.name} is ${v.type === 'note' ? 'a note' : 'calculated'}; it is not keyed.`);
  const today = input.today ?? todayIso();
  return db.transaction((): Output<'entry.saveField'> => {
    const answers = repo.answersOf(db, c.id, input.pass);
    const old = answers[v.name] ?? null;
    const value = input.value;
    const next: Record<string, string> = { ...answers };
    if (value === '') delete next[v.name];
    else next[v.name] = value;
    const router = compiled.checker.router;
    const state = router.evaluate(next, today);
    const slot = router.slotOf(v.name)!;
    if (state.onRoute[slot] !== true) {
      return { accepted: false, value, cleared: [], violations: [{ variable: v.name, kind: 'offRoute', severity: 'hard', message: `${v.name} is skipped by routing for this form`, value }] };
    }
    const violations = compiled.checker.checkVariable(state, v.name, { requireAnswers: false });
    if (violations.some((x) => x.severity === 'hard')) return { accepted: false, value, cleared: [], violations: violations.map(toDto) };
    const now = new Date().toISOString();
    const source = sourceOf(input.pass);
    if ((old ?? '') !== value) {
      repo.putAnswer(db, c.id, input.pass, v.name, value === '' ? null : value, input.operator, now);
      const reason = input.via === 'noAnswer' ? 'no-answer key' : input.via === 'notLegible' ? 'not-legible key' : null;
      repo.audit(db, { at: now, operator: input.operator, source, casePk: c.id, variable: v.name, oldValue: old, newValue: value === '' ? null : value, reason });
    }
    const cleared: { variable: string; oldValue: string }[] = [];
    for (const [name, val] of Object.entries(next)) {
      const s = router.slotOf(name);
      if (s === undefined || state.onRoute[s] === true) continue;
      repo.putAnswer(db, c.id, input.pass, name, null, input.operator, now);
      repo.audit(db, { at: now, operator: input.operator, source, casePk: c.id, variable: name, oldValue: val, newValue: null, reason: `off route after ${v.name} changed` });
      cleared.push({ variable: name, oldValue: val });
    }
    repo.recordCommit(db, c.id, input.pass, v.name, input.effort?.keystrokes ?? 0, input.effort?.activeMs ?? 0, now);
    repo.touchCase(db, c.id, now);
    const confirmed = new Set(repo.confirmationsOf(db, c.id, input.pass).filter((x) => x.variable === v.name && x.value === value).map((x) => x.variable));
    return { accepted: true, value, cleared, violations: violations.filter((x) => !(x.severity === 'soft' && confirmed.has(x.variable))).map(toDto) };
  }).immediate();
}

/**
 * Confirms the soft check of a field for the value now stored (one key in the entry screen), logged in
 * entry_confirmation and the audit log.
 * @returns confirmed false when the stored value violates no soft check (nothing to confirm)
 * @throws DomainError NOT_FOUND (case not opened, unknown variable), INVALID_INPUT (excluded, or locked: {@link entryLock})
 */
export function confirmWarning(db: Database, input: Input<'entry.confirmWarning'>): Output<'entry.confirmWarning'> {
  const c = requireCase(db, input.caseId);
  refuseExcluded(db, c);
  requireForm(db, c, input.pass, input.operator);
  refuseLocked(db, c, input.pass);
  const compiled = compiledVersion(db, c.versionId);
  const v = compiled.byName.get(input.variable);
  if (!v) throw new DomainError('NOT_FOUND', `The questionnaire has no variable ${input.variable}.`);
  return db.transaction((): Output<'entry.confirmWarning'> => {
    const answers = repo.answersOf(db, c.id, input.pass);
    const value = answers[v.name] ?? '';
    const state = compiled.checker.router.evaluate(answers, input.today ?? todayIso());
    const soft = compiled.checker.checkVariable(state, v.name, { requireAnswers: false }).find((x) => x.kind === 'soft');
    if (!soft) return { confirmed: false, value };
    const now = new Date().toISOString();
    repo.putConfirmation(db, c.id, input.pass, v.name, value, input.operator, now);
    repo.audit(db, { at: now, operator: input.operator, source: sourceOf(input.pass), casePk: c.id, variable: v.name, oldValue: value, newValue: value, reason: 'soft check confirmed', details: { message: soft.message } });
    return { confirmed: true, value };
  }).immediate();
}

/**
 * Ends the keying of a form: computes the summary (required fields left empty, open warnings, refused values),
 * marks the pass finished and — for the first keying — sets the case complete (keying finished; blank answers are
 * item nonresponse). The sampled case's AAPOR disposition follows the share of required on-route questions
 * answered (`completenessDisposition`: 1.1 complete, 1.2 partial, 2.12 break-off), returned in the summary.
 * A finished form may be opened again to modify (until verification locks it, {@link entryLock}); finishing again
 * re-summarises and re-grades.
 * @throws DomainError NOT_FOUND (case not opened), INVALID_INPUT (excluded, or locked: {@link entryLock})
 */
export function finishCase(db: Database, input: Input<'entry.finishCase'>): Output<'entry.finishCase'> {
  const c = requireCase(db, input.caseId);
  refuseExcluded(db, c);
  requireForm(db, c, input.pass, input.operator);
  refuseLocked(db, c, input.pass);
  const compiled = compiledVersion(db, c.versionId);
  return db.transaction((): Output<'entry.finishCase'> => {
    const answers = repo.answersOf(db, c.id, input.pass);
    const s = formSummary(compiled.checker, answers, repo.confirmationsOf(db, c.id, input.pass), input.today ?? todayIso());
    const now = new Date().toISOString();
    repo.finishEntryForm(db, c.id, input.pass, input.effort?.keystrokes ?? 0, input.effort?.activeMs ?? 0, now);
    let status = c.status;
    if (input.pass === 1 && status === 'open') {
      status = 'complete';
      repo.setCaseStatus(db, c.id, status, now);
    } else repo.touchCase(db, c.id, now);
    const graded = completenessDisposition(s.requiredOnRoute, Math.max(0, s.requiredOnRoute - s.requiredEmpty.length));
    const disposition = input.pass === 1 ? setFormDisposition(db, c.caseId, graded, 'keying', `form finished: ${s.requiredOnRoute - s.requiredEmpty.length} of ${s.requiredOnRoute} required questions answered`, now) : null;
    // Both keyings finished: compare them (collected for adjudication; no comparison before both are complete).
    if (input.pass === 2 && repo.entryForm(db, c.id, 1)?.finishedAt && compareForm(db, c.id, c.versionId, now) === 0 && status === 'complete') status = 'verified';
    repo.audit(db, {
      at: now, operator: input.operator, source: sourceOf(input.pass), casePk: c.id, variable: null, oldValue: null, newValue: null,
      reason: input.pass === 2 ? 'verification keying finished' : 'form finished',
      details: { answered: s.answered, fieldsOnRoute: s.fieldsOnRoute, requiredEmpty: s.requiredEmpty, openWarnings: s.openWarnings.map((w) => w.variable) },
    });
    return {
      caseId: c.caseId,
      status,
      summary: { fieldsOnRoute: s.fieldsOnRoute, answered: s.answered, requiredOnRoute: s.requiredOnRoute, disposition, requiredEmpty: s.requiredEmpty, openWarnings: s.openWarnings.map(toDto), errors: s.errors.map(toDto) },
    };
  }).immediate();
}

/** Handlers of the entry.* channels. */
export const entryHandlers = {
  'entry.openCase': (input, { session }) => openCase(writableDb(session), input),
  'entry.saveField': (input, { session }) => saveField(writableDb(session), input),
  'entry.confirmWarning': (input, { session }) => confirmWarning(writableDb(session), input),
  'entry.finishCase': (input, { session }) => finishCase(writableDb(session), input),
} satisfies HandlerPart<'entry.openCase' | 'entry.saveField' | 'entry.confirmWarning' | 'entry.finishCase'>;
