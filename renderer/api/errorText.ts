// Turns failed calls into text for the operator: contract validation problems (zod issues) and known backend
// problems (issue `reason` + `params`) become Dutch/English messages through i18n; anything else keeps its text.
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { ResultError, ResultIssue } from '../../shared/contract/result';
import { EXPR_REASON_PREFIX, exprIssueText } from '../features/questionnaire/exprText';

/** Prefix of the `reason` of an issue made from a zod validation issue (see {@link zodIssueToResultIssue}). */
export const INPUT_REASON_PREFIX = 'input.';

/** Backend issue reasons with a translated message, reason → i18n key. The params are passed to the message. */
const REASON_KEYS = {
  'xlsform.folderWithoutSurvey': 'questionnaire.errors.folderWithoutSurvey',
  'xlsform.csvFileNotFolder': 'questionnaire.errors.csvFileNotFolder',
  // entry refusals (electron/backend/services/entry.ts): the form, the case ID, verification by another operator
  'entry.refusal.caseId.empty': 'entry.refusal.caseId.empty',
  'entry.refusal.caseId.prefix': 'entry.refusal.caseId.prefix',
  'entry.refusal.caseId.characters': 'entry.refusal.caseId.characters',
  'entry.refusal.caseId.length': 'entry.refusal.caseId.length',
  'entry.refusal.caseId.check-digit': 'entry.refusal.caseId.check-digit',
  'entry.refusal.notOpened': 'entry.refusal.notOpened',
  'entry.refusal.notOpenedForPass': 'entry.refusal.notOpenedForPass',
  'entry.refusal.notInSample': 'entry.refusal.notInSample',
  'entry.refusal.unknownBatch': 'entry.refusal.unknownBatch',
  'entry.refusal.imported': 'entry.refusal.imported',
  'entry.refusal.notKeyed': 'entry.refusal.notKeyed',
  'entry.refusal.noFirstKeying': 'entry.refusal.noFirstKeying',
  'entry.refusal.ownForm': 'entry.refusal.ownForm',
  'entry.refusal.otherVerifier': 'entry.refusal.otherVerifier',
  'entry.refusal.excluded': 'cleaning.errors.excluded',
  // a pass closed by verification (entry.ts entryLock; params.count picks singular/plural)
  'entry.locked.verified': 'entry.locked.verified',
  'entry.locked.adjudicated': 'entry.locked.adjudicated',
  'entry.locked.verifying': 'entry.locked.verifying',
  // a cleaning correction while the verification difference of the case × variable is open (cleaning.ts)
  'cleaning.correction.openDifference': 'cleaning.errors.openDifference',
  // an undo that is not of the latest change of its case × variable (cleaning.ts undoCorrection; params correctionId, entry)
  'cleaning.undo.alreadyUndone': 'cleaning.errors.undoAlreadyUndone',
  'cleaning.undo.laterChange': 'cleaning.errors.undoLaterChange',
  'cleaning.undo.keyedSince': 'cleaning.errors.undoKeyedSince',
  // a weighting scheme's weight variable name taken by another export column (shared/weighting/weightNames, checkScheme)
  'weighting.weightName.reserved': 'weighting.weightName.reserved',
  'weighting.weightName.variable': 'weighting.weightName.variable',
  'weighting.weightName.option': 'weighting.weightName.option',
  'weighting.weightName.weight': 'weighting.weightName.weight',
  'weighting.weightName.derived': 'weighting.weightName.derived',
  'weighting.weightName.same': 'weighting.weightName.same',
  // a scheme name differing from a saved scheme's only in letter case (weighting service saveScheme)
  'weighting.schemeName.case': 'weighting.schemeName.case',
  // a scheme that weights by a variable that no longer exists (weighting service readSchemeInputs; params.count)
  'weighting.variableGone': 'weighting.variableGone',
  // weighting input refusals of the core (shared/weighting/validateInputs, feasibility) and of the service (design weights)
  'weighting.input.baseWeight': 'weighting.input.baseWeight',
  'weighting.input.noDesignWeight': 'weighting.input.noDesignWeight',
  'weighting.input.notInSample': 'weighting.input.notInSample',
  'weighting.input.missing': 'weighting.input.missing',
  'weighting.input.nonInteger': 'weighting.input.nonInteger',
  'weighting.input.noTarget': 'weighting.input.noTarget',
  'weighting.input.noRespondents': 'weighting.input.noRespondents',
  'weighting.input.zeroTarget': 'weighting.input.zeroTarget',
  'weighting.input.total': 'weighting.input.total',
  'weighting.input.unreachable': 'weighting.input.unreachable',
  // a derived variable's name taken by another export column (shared/cleaning/rules validateDerived)
  'cleaning.derived.nameClash.reserved': 'cleaning.derived.nameClash.reserved',
  'cleaning.derived.nameClash.variable': 'cleaning.derived.nameClash.variable',
  'cleaning.derived.nameClash.option': 'cleaning.derived.nameClash.option',
  'cleaning.derived.nameClash.weight': 'cleaning.derived.nameClash.weight',
  'cleaning.derived.nameClash.derived': 'cleaning.derived.nameClash.derived',
  // a derived variable that others read is not deleted (cleaning service; params.count picks singular/plural)
  'cleaning.derived.readBy.derived': 'cleaning.derived.readBy.derived',
  'cleaning.derived.readBy.rules': 'cleaning.derived.readBy.rules',
  'cleaning.derived.readBy.both': 'cleaning.derived.readBy.both',
  // a derived variable that a weighting scheme weights by is not deleted (cleaning service; params.count: singular/plural)
  'cleaning.derived.usedBySchemes': 'cleaning.derived.usedBySchemes',
} as const;

/** Input fields with a translated name (the last name in a zod path); other fields are shown by their path. */
const FIELD_KEYS = {
  reason: 'common.apiError.field.reason',
  operator: 'common.apiError.field.operator',
  path: 'common.apiError.field.path',
  title: 'common.apiError.field.title',
  name: 'common.apiError.field.name',
  label: 'common.apiError.field.label',
  value: 'common.apiError.field.value',
  caseId: 'common.apiError.field.caseId',
  variable: 'common.apiError.field.variable',
  batch: 'common.apiError.field.batch',
  note: 'common.apiError.field.note',
  expression: 'common.apiError.field.expression',
} as const;

type Params = Record<string, string | number>;

/**
 * Describes one zod validation issue as a located, machine-readable ResultIssue.
 * @param issue a zod (v4) issue from `safeParse(...).error.issues`
 * @param input the input that was parsed, to count the characters/items of a value that is too long
 * @returns `{ message (zod's English text), path, reason: 'input.<zod code>', params }` where params hold
 *   `origin` (string/number/array…), `maximum`/`minimum`, `count` (actual length when known), `expected`, `values`, `keys`
 */
export function zodIssueToResultIssue(issue: z.core.$ZodIssue, input: unknown): ResultIssue {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  const params: Params = {};
  const i = issue as unknown as Record<string, unknown>;
  if (typeof i.origin === 'string') params.origin = i.origin;
  for (const k of ['maximum', 'minimum'] as const) {
    const v = i[k];
    if (typeof v === 'number' || typeof v === 'bigint') params[k] = Number(v);
  }
  if (typeof i.expected === 'string') params.expected = i.expected;
  if (Array.isArray(i.values)) params.values = i.values.map(String).join(', ');
  if (Array.isArray(i.keys)) params.keys = i.keys.map(String).join(', ');
  let at: unknown = input;
  for (const p of path) at = at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[p] : undefined;
  if (typeof at === 'string' || Array.isArray(at)) params.count = at.length;
  return { message: issue.message, path, reason: `${INPUT_REASON_PREFIX}${issue.code}`, params };
}

/** The field an issue is about, in words: a known field name translated, else the path ("items.3.name"). */
function fieldName(path: readonly (string | number)[] | undefined, t: TFunction): string {
  if (!path || path.length === 0) return t('common.apiError.field.input');
  const last = [...path].reverse().find((p): p is string => typeof p === 'string');
  const key = last !== undefined && Object.prototype.hasOwnProperty.call(FIELD_KEYS, last) ? FIELD_KEYS[last as keyof typeof FIELD_KEYS] : undefined;
  const index = path.filter((p): p is number => typeof p === 'number');
  const base = key ? t(key) : path.filter((p) => typeof p === 'string').join('.') || t('common.apiError.field.input');
  return index.length > 0 ? t('common.apiError.field.indexed', { field: base, n: index[index.length - 1]! + 1 }) : base;
}

/** Text for a validation issue (`reason` input.*): names the field and the limit. */
function inputIssueText(issue: ResultIssue, t: TFunction): string {
  const field = fieldName(issue.path, t);
  const p = issue.params ?? {};
  const origin = String(p.origin ?? '');
  const code = (issue.reason ?? '').slice(INPUT_REASON_PREFIX.length);
  if (code === 'too_big' && p.maximum !== undefined) {
    if (origin === 'string') return p.count !== undefined ? t('common.apiError.tooLongCount', { field, max: p.maximum, length: p.count }) : t('common.apiError.tooLong', { field, max: p.maximum });
    if (origin === 'array' || origin === 'set') return t('common.apiError.tooMany', { field, max: p.maximum });
    return t('common.apiError.tooBig', { field, max: p.maximum });
  }
  if (code === 'too_small' && p.minimum !== undefined) {
    if (origin === 'string') return Number(p.minimum) <= 1 ? t('common.apiError.required', { field }) : t('common.apiError.tooShort', { field, min: p.minimum });
    if (origin === 'array' || origin === 'set') return t('common.apiError.tooFew', { field, min: p.minimum });
    return t('common.apiError.tooSmall', { field, min: p.minimum });
  }
  if (code === 'invalid_type') return p.expected === 'undefined' ? t('common.apiError.notAllowed', { field }) : t('common.apiError.invalidType', { field });
  if (code === 'invalid_value' && p.values !== undefined) return t('common.apiError.invalidValue', { field, values: p.values });
  if (code === 'invalid_format') return t('common.apiError.invalidFormat', { field });
  if (code === 'unrecognized_keys') return t('common.apiError.unknownFields', { keys: p.keys ?? '' });
  return t('common.apiError.other', { field, message: issue.message });
}

/**
 * The translated text of one issue, or null when the issue has no known reason (then its own message stands).
 * @param issue an issue of a failed call
 * @param t the i18n translate function (its language is used)
 */
export function issueText(issue: ResultIssue, t: TFunction): string | null {
  const reason = issue.reason;
  if (reason === undefined) return null;
  if (reason.startsWith(INPUT_REASON_PREFIX)) return inputIssueText(issue, t);
  // expression problems of rules and derived variables (shared/cleaning/rules.ts checkRuleExpression: expr.<key>)
  if (reason.startsWith(EXPR_REASON_PREFIX)) return exprIssueText(issue, t);
  if (Object.prototype.hasOwnProperty.call(REASON_KEYS, reason)) return t(REASON_KEYS[reason as keyof typeof REASON_KEYS], issue.params ?? {});
  return null;
}

/**
 * Translates a failed call for display. INVALID_INPUT (the contract's validation) becomes a message naming
 * the field and the limit; issues with a known backend reason get their translated message. With exactly
 * one issue and a translated text, that text becomes the message and the issue list is dropped (it would
 * repeat it); with several issues, all translated, the message says how many problems follow. Code, and the
 * located fields of the issues, stay as they are; unknown problems keep their text.
 * @param error the error as it crossed the host (English message)
 * @param t the i18n translate function
 * @returns a new ResultError for display
 */
export function localizeError<E extends ResultError>(error: E, t: TFunction): E {
  const issues = error.issues ?? [];
  const texts = issues.map((i) => issueText(i, t) ?? (error.code === 'INVALID_INPUT' ? t('common.apiError.other', { field: fieldName(i.path, t), message: i.message }) : null));
  if (texts.every((x) => x === null)) return error;
  const { issues: _drop, ...rest } = error;
  void _drop;
  if (issues.length === 1) return { ...rest, message: texts[0]! } as E;
  const shown: ResultIssue[] = issues.map((i, n) => {
    const text = texts[n];
    if (text === null || text === undefined) return i;
    const { path: _path, ...located } = i;
    void _path;
    return { ...located, message: text };
  });
  const message = error.code === 'INVALID_INPUT' ? t('common.apiError.invalidInputMany', { count: issues.length })
    : texts.every((x) => x !== null) ? t('common.apiError.problemsMany', { count: issues.length })
    : error.message;
  return { ...rest, message, issues: shown } as E;
}
