// Cleaning types: edit rules with their example cases, derived variables, cases as the rule run reads them, violations as data.

/** Severity of a cleaning finding: an error must be corrected (or the case excluded); a warning may be accepted with a reason. */
export type CleaningSeverity = 'error' | 'warning';

/** What a cleaning violation is about. */
export const CLEANING_KINDS = [
  'code', // a code that is neither a value label nor a user-missing code
  'type', // not a number, not a whole number, too many decimals, not a possible date
  'range', // a number outside the valid range
  'length', // text longer than its maximum
  'date', // a possible date that is impossible for the survey (after today)
  'normalise', // an imported code that matches only after trimming spaces or changing letter case
  'required', // on route and empty
  'offRoute', // answered while routing skips it
  'hard', // the form's hard check (constraint) fails
  'soft', // the form's soft check fails
  'edit', // a project edit rule triggers
  'duplicateId', // the same case ID twice
  'duplicateAnswers', // identical answer vectors under different case IDs
  'straightlining', // the same answer on every item of a grid
  'incomplete', // most of the fields on route are empty
] as const;
/** One of {@link CLEANING_KINDS}. */
export type CleaningKind = (typeof CLEANING_KINDS)[number];

/** An example case of an edit rule: answers by variable name and whether the rule must trigger on it. */
export interface RuleExample {
  values: Readonly<Record<string, string>>;
  triggers: boolean;
  note?: string;
}

/**
 * A project edit rule. `expression` describes the ERROR: the rule triggers on a case when it is true.
 * The expression sees routing applied (off-route = ''), calculated and derived variables, and user-missing codes as
 * system-missing ('' — so they never count as values; `missing(${x})` is true for them).
 */
export interface EditRule {
  name: string;
  expression: string;
  message: string;
  severity: CleaningSeverity;
  /** Variables the rule is about (shown and filtered on); default the variables the expression reads. */
  variables: readonly string[];
  examples: readonly RuleExample[];
  enabled: boolean;
}

/** A value label of a derived variable: the code the expression yields (e.g. "1") and its label (e.g. "18-34 jaar"). */
export interface DerivedValueLabel {
  code: string;
  label: string;
}

/**
 * A derived variable (recode): a name, an expression over the (cleaned) answers, a label and, for a categorical
 * recode, value labels (codes unique and non-empty, labels non-empty; checked by validateDerived); kept with its
 * definition and exported as a calculated variable with its own choice list.
 */
export interface DerivedVariable {
  name: string;
  expression: string;
  label: string;
  /** Value labels in display order; absent or empty = none. */
  valueLabels?: DerivedValueLabel[];
}

/** One case as the rule run reads it: final values by variable name (null/absent = empty). */
export interface CleaningCase {
  caseId: string;
  values: Readonly<Record<string, string | null | undefined>>;
}

/**
 * One case as slot values: `slots[s]` is the final value of the cleaner's variable in slot s (`router.variables`
 * order; null/undefined/absent = empty). The rule run reads these without any lookup by name, and they take a
 * fraction of the memory of a record with hundreds of keys. Build them with {@link Cleaner.slotCase} or straight
 * from storage (cleaningRepo.loadCaseSlots).
 */
export interface SlotCase {
  caseId: string;
  slots: readonly (string | null | undefined)[];
}

/** One finding of a rule run. `ruleId` is stable per rule (and per variable for the per-variable checks). */
export interface CleaningViolation {
  /** Index of the case in the input list. */
  row: number;
  caseId: string;
  ruleId: string;
  kind: CleaningKind;
  severity: CleaningSeverity;
  variables: string[];
  message: string;
  /** The value as stored (the first variable's), or null. */
  value: string | null;
  /** What the finding depends on (values of the variables involved): an acceptance lapses when it changes. */
  fingerprint: string;
}

/** Item nonresponse of one variable over the cases where it is on route. */
export interface ItemNonresponse {
  variable: string;
  onRoute: number;
  systemMissing: number;
  userMissing: number;
  /** (system + user missing) / on route; 0 when never on route. */
  rate: number;
}

/** The result of one failed example of an edit rule. */
export interface RuleTestFailure {
  rule: string;
  example: number;
  expected: boolean;
  actual: boolean;
  note?: string;
}
