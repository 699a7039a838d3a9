// The keyboard contract as data: keying widths and auto-advance, the single keys for "no answer" / "not legible".
import { assertNever } from '../domain/errors';
import { keyingWidth, userMissingCodes, type MissingCode, type Questionnaire, type Variable } from '../domain/questionnaire';

/** The single key (typed into an empty field) that records "no answer" (geen antwoord). */
export const NO_ANSWER_KEY = '/';
/** The single key (typed into an empty field) that records "not legible" (onleesbaar). */
export const NOT_LEGIBLE_KEY = '*';

/** Why a missing code was keyed with a single key. */
export type MissingKeyKind = 'noAnswer' | 'notLegible';

const NO_ANSWER_LABEL = /geen antwoord|no answer|niet ingevuld|not answered/i;
const NOT_LEGIBLE_LABEL = /onleesbaar|niet leesbaar|not legible|illegible|unreadable/i;

function matching(codes: readonly MissingCode[], re: RegExp): MissingCode | undefined {
  return codes.find((c) => Object.values(c.label).some((l) => re.test(l)));
}

/**
 * The stored value a missing key stands for in a variable:
 * - no answer → the variable's user-missing code labelled "geen antwoord"/"no answer", else its last
 *   user-missing code, else `''` (system-missing: numbers, dates and texts without missing codes);
 * - not legible → the user-missing code labelled "onleesbaar"/"not legible", else the no-answer value
 *   (the distinction then lives in the audit log's reason).
 * Sources: the project's missing codes (questionnaire settings `veldwerk::missing`, Monitor conventions 8/9, 98/99).
 * @returns the value to store and the code's label (undefined for system-missing)
 */
export function missingKeyValue(q: Questionnaire, v: Variable, kind: MissingKeyKind): { value: string; code?: MissingCode } {
  const codes = userMissingCodes(q, v);
  const noAnswer = matching(codes, NO_ANSWER_LABEL) ?? codes[codes.length - 1];
  switch (kind) {
    case 'noAnswer':
      return noAnswer ? { value: noAnswer.code, code: noAnswer } : { value: '' };
    case 'notLegible': {
      const c = matching(codes, NOT_LEGIBLE_LABEL) ?? noAnswer;
      return c ? { value: c.code, code: c } : { value: '' };
    }
    default:
      return assertNever(kind, 'missing key');
  }
}

/**
 * Which missing key a single typed character is, if any.
 * @returns 'noAnswer' for {@link NO_ANSWER_KEY}, 'notLegible' for {@link NOT_LEGIBLE_KEY}, else undefined
 */
export function missingKeyOf(key: string): MissingKeyKind | undefined {
  if (key === NO_ANSWER_KEY) return 'noAnswer';
  if (key === NOT_LEGIBLE_KEY) return 'notLegible';
  return undefined;
}

/**
 * Whether a field moves on by itself once `typed` fills its keying width ({@link keyingWidth}): single choices,
 * integers and decimals, and dates typed in full (10 characters, DD-MM-YYYY). Multiple choice and open text
 * never auto-advance (the operator ends them with Enter). A typed value that is a prefix of a longer valid
 * code of the same list never auto-advances either.
 * @param q the questionnaire; @param v the variable; @param typed the field's text so far
 * @param codes the codes (list and user-missing) of a choice variable, to refuse advancing on a prefix
 */
export function shouldAutoAdvance(q: Questionnaire, v: Variable, typed: string, codes: readonly string[] = []): boolean {
  const t = typed.trim();
  if (t === '') return false;
  switch (v.type) {
    case 'single': {
      if (t.length < keyingWidth(q, v)) return false;
      return !codes.some((c) => c.length > t.length && c.startsWith(t));
    }
    case 'integer':
    case 'decimal':
      return t.length >= keyingWidth(q, v);
    case 'date':
      return t.length >= 10;
    case 'multiple':
    case 'text':
    case 'note':
    case 'calculated':
      return false;
    default:
      return assertNever(v.type, 'variable type');
  }
}
