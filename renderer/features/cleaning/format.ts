// Cleaning UI helpers without React: violation messages in the UI language, and the item-nonresponse table rows.
import type { TFunction } from 'i18next';
import type { CleaningRunOutput } from '../../../shared/contract/cleaning';

/** The fields of a stored violation a message is built from. */
export interface ViolationText {
  kind: string;
  variables: readonly string[];
  value: string | null;
  /** The rule run's own (English) message, or the project's text for form checks and edit rules. */
  message: string;
}

/**
 * Message patterns of the rule run (shared/checks/checker.ts and shared/cleaning/engine.ts), per kind: the i18n key
 * under `cleaning.message` and the named parts the English message carries (bounds, counts, other case IDs).
 */
/** The message keys under `cleaning.message` in the i18n files. */
export type MessageKey =
  | 'code' | 'codeTwice' | 'typeNumber' | 'typeWhole' | 'typeDecimals' | 'typeDate' | 'range' | 'length' | 'date' | 'normalise'
  | 'required' | 'offRoute' | 'duplicateId' | 'duplicateAnswers' | 'straightlining' | 'incomplete';

const PATTERNS: Readonly<Record<string, readonly { re: RegExp; key: MessageKey; parts: readonly string[] }[]>> = {
  code: [
    { re: / is chosen twice for /, key: 'codeTwice', parts: [] },
    { re: / is not a code of /, key: 'code', parts: [] },
  ],
  type: [
    { re: / is not a whole number$/, key: 'typeWhole', parts: [] },
    { re: / has more than (\d+) decimals$/, key: 'typeDecimals', parts: ['decimals'] },
    { re: / is not a date \(YYYY-MM-DD\)$/, key: 'typeDate', parts: [] },
    { re: / is not a number$/, key: 'typeNumber', parts: [] },
  ],
  range: [{ re: / is outside (.*)–(.*)$/, key: 'range', parts: ['min', 'max'] }],
  length: [{ re: /^text of (\d+) characters is longer than (\d+)$/, key: 'length', parts: ['length', 'max'] }],
  date: [{ re: / lies after today \((.+)\)$/, key: 'date', parts: ['today'] }],
  normalise: [{ re: / is code (.+) of \S+ once spaces and letter case are normalised$/, key: 'normalise', parts: ['code'] }],
  required: [{ re: / needs an answer$/, key: 'required', parts: [] }],
  offRoute: [{ re: / is answered but routing skips it$/, key: 'offRoute', parts: [] }],
  duplicateId: [{ re: / occurs (\d+) times \(also as (.+)\)$/, key: 'duplicateId', parts: ['times', 'others'] }],
  duplicateAnswers: [{ re: /^the same answers as case (.+)$/, key: 'duplicateAnswers', parts: ['others'] }],
  straightlining: [{ re: / on all (\d+) items of (.+)$/, key: 'straightlining', parts: ['items', 'group'] }],
  incomplete: [{ re: /^(\d+) of (\d+) fields on route are empty$/, key: 'incomplete', parts: ['empty', 'onRoute'] }],
};

/**
 * The i18n key and parameters of a violation's message in the UI language, built from its kind, variables, value and
 * the numbers its English message names (bounds, counts, other case IDs). Null for form checks (hard, soft) and edit
 * rules, which keep their own text (the project's language), and for a message of an unknown shape (shown as it is).
 */
export function violationMessageKey(v: ViolationText): { key: `cleaning.message.${MessageKey}`; params: Record<string, string> } | null {
  for (const p of PATTERNS[v.kind] ?? []) {
    const m = p.re.exec(v.message);
    if (!m) continue;
    const params: Record<string, string> = { value: v.value ?? '', variable: v.variables.join(', ') };
    p.parts.forEach((name, i) => (params[name] = m[i + 1] ?? ''));
    return { key: `cleaning.message.${p.key}`, params };
  }
  return null;
}

/** One row of the item-nonresponse table. */
export type NonresponseRow = CleaningRunOutput['nonresponse'][number];

/**
 * The item-nonresponse rows worth showing: variables on route for at least one case, highest rate first (then by
 * name); `missingOnly` keeps those with any missing answer.
 */
export function nonresponseRows(rows: readonly NonresponseRow[], missingOnly: boolean): NonresponseRow[] {
  return rows
    .filter((r) => r.onRoute > 0 && (!missingOnly || r.systemMissing + r.userMissing > 0))
    .sort((a, b) => b.rate - a.rate || a.variable.localeCompare(b.variable));
}

/** The error keys under `cleaning.errors` in the i18n files. */
export type CleaningErrorKey =
  | 'noQuestionnaire' | 'readOnly' | 'noCase' | 'unchanged' | 'notAnswerable' | 'reasonRequired' | 'noCorrection'
  | 'noViolation' | 'notAcceptable' | 'alreadyExcluded' | 'notExcluded' | 'excluded' | 'invalidCode' | 'invalidCodeNoMissing' | 'invalidValue';

/** Messages of the cleaning service (electron/backend/services/cleaning.ts) and the names they carry. */
const ERRORS: readonly { re: RegExp; key: CleaningErrorKey; parts: readonly string[] }[] = [
  { re: /^The project has no questionnaire yet: import one before cleaning\.$/, key: 'noQuestionnaire', parts: [] },
  { re: /^The project is open read-only\.$/, key: 'readOnly', parts: [] },
  { re: /^No case (.+)\.$/, key: 'noCase', parts: ['caseId'] },
  { re: /^(.+) already has that value\.$/, key: 'unchanged', parts: ['variable'] },
  { re: /^(.+) is not an answerable variable of the questionnaire\.$/, key: 'notAnswerable', parts: ['variable'] },
  { re: /^A correction needs a reason\.$/, key: 'reasonRequired', parts: [] },
  { re: /^No correction (\d+)\.$/, key: 'noCorrection', parts: ['id'] },
  { re: /^Case (.+) has no violation of (.+) \(run the rules first\)\.$/, key: 'noViolation', parts: ['caseId', 'ruleId'] },
  { re: /^(.+) is an error: correct the value or exclude the case instead\.$/, key: 'notAcceptable', parts: ['ruleId'] },
  { re: /^Case (.+) is already excluded\.$/, key: 'alreadyExcluded', parts: ['caseId'] },
  { re: /^Case (.+) is not excluded\.$/, key: 'notExcluded', parts: ['caseId'] },
  // electron/backend/services/entry.ts refuseExcluded and refuseInvalidValue (shared with adjudication).
  { re: /^Case (\S+) is excluded \((\w+): (.*)\); include it again in cleaning before changing it\.$/s, key: 'excluded', parts: ['caseId', 'code', 'reason'] },
  { re: /^(\S+): (.*) is not a valid value \(.*\); valid codes: (.*), user-missing (.*)\.$/s, key: 'invalidCode', parts: ['variable', 'value', 'codes', 'missing'] },
  { re: /^(\S+): (.*) is not a valid value \(.*\); valid codes: (.*)\.$/s, key: 'invalidCodeNoMissing', parts: ['variable', 'value', 'codes'] },
  { re: /^(\S+): (.*) is not a valid value \((.*)\)\.$/s, key: 'invalidValue', parts: ['variable', 'value', 'check'] },
];

/**
 * The i18n key and parameters of a cleaning-service error message, so the UI shows it in its own language; null for
 * other messages (expression problems, storage errors), which are shown as they are.
 * @param t when given, the inner reason of an invalid value (`check`, the checker's English messages) is given in the
 *   UI language too ({@link valueCheckText})
 */
export function cleaningErrorKey(message: string, t?: TFunction): { key: `cleaning.errors.${CleaningErrorKey}`; params: Record<string, string> } | null {
  for (const e of ERRORS) {
    const m = e.re.exec(message);
    if (!m) continue;
    const params: Record<string, string> = {};
    e.parts.forEach((name, i) => (params[name] = m[i + 1] ?? ''));
    if (t && params.check !== undefined) params.check = valueCheckText(params.check, t);
    return { key: `cleaning.errors.${e.key}`, params };
  }
  return null;
}

/** The keys under `cleaning.valueCheck` in the i18n files: why a value is not valid (shared/checks/checker.ts). */
export type ValueCheckKey = 'notNumber' | 'notWhole' | 'decimals' | 'notDate' | 'range' | 'length' | 'notCode' | 'chosenTwice' | 'checkFails';

/** The checker's hard value messages (shared/checks/checker.ts valueIsValid, the constraint without a form message). */
const VALUE_CHECKS: readonly { re: RegExp; key: ValueCheckKey; parts: readonly string[] }[] = [
  { re: /^(.*) is not a whole number$/s, key: 'notWhole', parts: ['value'] },
  { re: /^(.*) has more than (\d+) decimals$/s, key: 'decimals', parts: ['value', 'decimals'] },
  { re: /^(.*) is not a date \(YYYY-MM-DD\)$/s, key: 'notDate', parts: ['value'] },
  { re: /^(.*) is not a number$/s, key: 'notNumber', parts: ['value'] },
  { re: /^(.*) is outside (.*)–(.*)$/s, key: 'range', parts: ['value', 'min', 'max'] },
  { re: /^text of (\d+) characters is longer than (\d+)$/, key: 'length', parts: ['length', 'max'] },
  { re: /^(\S+) is not a code of (\S+)$/, key: 'notCode', parts: ['code', 'variable'] },
  { re: /^(\S+) is chosen twice for (\S+)$/, key: 'chosenTwice', parts: ['code', 'variable'] },
  { re: /^(\S+): the check '(.*)' fails$/s, key: 'checkFails', parts: ['variable', 'check'] },
];

/**
 * The reasons a value is not valid, as refuseInvalidValue (electron/backend/services/entry.ts) joins them with "; ",
 * each in the UI language; a reason of another shape (the form's own constraint message) is kept as it is.
 * @param check the English reasons, e.g. "5.5 is not a whole number"
 * @param t the i18n translate function
 */
export function valueCheckText(check: string, t: TFunction): string {
  // The keys are checked against nl.json by ValueCheckKey; the values differ per key, so the call itself is untyped.
  const translate = t as unknown as (key: `cleaning.valueCheck.${ValueCheckKey}`, values: Record<string, string>) => string;
  return check.split('; ').map((part) => {
    for (const c of VALUE_CHECKS) {
      const m = c.re.exec(part);
      if (!m) continue;
      const values: Record<string, string> = {};
      c.parts.forEach((name, i) => (values[name] = m[i + 1] ?? ''));
      return translate(`cleaning.valueCheck.${c.key}`, values);
    }
    return part;
  }).join('; ');
}

/**
 * Splits a checker message "… (at N)" (shared/cleaning checkRuleExpression) into its text and the 0-based position N
 * in the expression.
 * @returns the message without the suffix and the position, or null when the message names none
 */
export function locatedMessage(message: string): { text: string; at: number | null } {
  const m = /^(.*) \(at (\d+)\)$/s.exec(message);
  return m ? { text: m[1]!, at: Number(m[2]) } : { text: message, at: null };
}
