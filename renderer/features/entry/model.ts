// The entry screen's view of a questionnaire: enterable fields in paper order with numbers, codes, groups, and the checker.
import { createChecker, type Checker, type Violation } from '../../../shared/checks/checker';
import { isEnterable, placedVariables, textIn, userMissingCodes, valueLabels, type Questionnaire, type ValueLabel, type Variable } from '../../../shared/domain/questionnaire';

/** One field the operator keys. */
export interface EntryField {
  variable: Variable;
  /** Question number as printed: the form's own number, else the position among keyed fields (1-based). */
  number: string;
  /** Label of the innermost enclosing group, when it differs from the previous field's. */
  section: string | null;
  /** Codes with labels (list codes, then user-missing codes). */
  labels: ValueLabel[];
  /** Every code a choice variable accepts (list and user-missing), for auto-advance. */
  codes: string[];
  missingCodes: string[];
}

/** A questionnaire compiled for the entry screen. */
export interface EntryModel {
  questionnaire: Questionnaire;
  checker: Checker;
  fields: EntryField[];
  byName: Map<string, EntryField>;
  /** The questionnaire language that matches the UI language. */
  language: string;
}

/**
 * Compiles a questionnaire for keying in a UI language.
 * @param q the questionnaire of the opened case; @param uiLanguage 'nl' | 'en' (matched against "Nederlands (nl)")
 * @throws DomainError EXPRESSION_ERROR from the checker for a questionnaire that does not compile
 */
export function buildEntryModel(q: Questionnaire, uiLanguage: string): EntryModel {
  const checker = createChecker(q);
  const language = q.languages.find((l) => l === uiLanguage || l.endsWith(`(${uiLanguage})`)) ?? q.defaultLanguage;
  const fields: EntryField[] = [];
  let lastSection: string | null = null;
  for (const p of placedVariables(q)) {
    if (!isEnterable(p.variable)) continue;
    const g = p.groups[p.groups.length - 1];
    const section = g ? textIn(g.label, language, q.defaultLanguage) || g.name : '';
    const labels = valueLabels(q, p.variable);
    fields.push({
      variable: p.variable,
      number: p.variable.number ?? String(fields.length + 1),
      section: section !== lastSection ? section : null,
      labels,
      codes: labels.map((l) => l.code),
      missingCodes: userMissingCodes(q, p.variable).map((m) => m.code),
    });
    lastSection = section;
  }
  return { questionnaire: q, checker, fields, byName: new Map(fields.map((f) => [f.variable.name, f])), language };
}

/** The label of a code of a field in the model's language, or ''. */
export function codeLabel(m: EntryModel, f: EntryField, code: string): string {
  const l = f.labels.find((x) => x.code === code);
  return l ? textIn(l.label, m.language, m.questionnaire.defaultLanguage) : '';
}

/** The form's own message of a violation in the model's language, or undefined. */
export function formMessageOf(m: EntryModel, v: Pick<Violation, 'formMessage'>): string | undefined {
  if (!v.formMessage) return undefined;
  const s = textIn(v.formMessage, m.language, m.questionnaire.defaultLanguage);
  return s === '' ? undefined : s;
}
