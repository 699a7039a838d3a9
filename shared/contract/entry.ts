// zod schemas and channels of heads-down entry: open a case, commit one field, confirm a soft check, finish a form.
import { z } from 'zod';
import { REASON_MAX_LENGTH } from './cleaning';
import { Operator, IsoDate } from './fieldwork';
import { QuestionnaireSchema } from './questionnaire';

const TypedCaseId = z.string().trim().min(1).max(40);
const BatchNumber = z.string().trim().min(1).max(50);
const VariableName = z.string().min(1).max(64);
/** Entry pass: 1 = first keying, 2 = blind re-keying for verification. */
const Pass = z.union([z.literal(1), z.literal(2)]).default(1);
/** Keystroke and active-time counters the entry screen sends with a commit (for operator statistics). */
const Effort = z.object({ keystrokes: z.number().int().nonnegative().max(100_000), activeMs: z.number().int().nonnegative().max(3_600_000) }).strict();

/** One violated check as the contract carries it (mirrors shared/checks Violation). */
export const ViolationSchema = z.object({
  variable: z.string(),
  kind: z.enum(['required', 'type', 'code', 'range', 'length', 'hard', 'soft', 'offRoute']),
  severity: z.enum(['hard', 'soft']),
  message: z.string(),
  formMessage: z.record(z.string(), z.string()).optional(),
  value: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ViolationDto = z.infer<typeof ViolationSchema>;

/** A field cleared because an earlier answer took it off route. */
const Cleared = z.object({ variable: z.string(), oldValue: z.string() });

/** What the end-of-form summary reports (shared/entry/summary.ts). */
export const FormSummarySchema = z.object({
  fieldsOnRoute: z.number().int(),
  answered: z.number().int(),
  requiredOnRoute: z.number().int(),
  requiredEmpty: z.array(z.string()),
  /** The sampled case's AAPOR disposition after finishing (1.1 / 1.2 / 2.12 by the share of required questions answered, unless set by hand, e.g. 4.x); null: not a sampled case, or a verification pass. */
  disposition: z.string().nullable(),
  openWarnings: z.array(ViolationSchema),
  errors: z.array(ViolationSchema),
});

/** An opened case: how it was opened, its questionnaire and what is stored for this pass. */
export const OpenedCaseSchema = z.object({
  caseId: z.string(),
  pass: z.union([z.literal(1), z.literal(2)]),
  /** new = first time keyed; resume = an unfinished form picked up where it stopped; modify = a finished form opened again. */
  mode: z.enum(['new', 'resume', 'modify']),
  status: z.enum(['open', 'complete', 'verified', 'excluded']),
  batch: z.string().nullable(),
  receivedOn: z.string().nullable(),
  inSample: z.boolean(),
  versionId: z.number().int(),
  questionnaire: QuestionnaireSchema,
  /** Stored answers of this pass by variable (`''` never appears: an empty field has no entry). */
  answers: z.record(z.string(), z.string()),
  /** Soft checks confirmed for the value now stored. */
  confirmations: z.array(z.object({ variable: z.string(), value: z.string() })),
  /** The field to continue at (the last committed field's successor is computed by the screen), or null. */
  lastField: z.string().nullable(),
  /** Notes for the operator, e.g. the form is registered with another batch. */
  notices: z.array(z.string()),
  /** The open exclusion of an excluded case (it opens read-only), else null. */
  exclusion: z.object({ reasonCode: z.string(), reason: z.string() }).nullable(),
  /**
   * Set when verification has closed this pass to entry (verified, a difference adjudicated, or pass 1 while pass 2
   * exists): the form opens read-only and writes are refused. `reason` is the i18n key (`entry.locked.*`).
   */
  lock: z.object({ reason: z.enum(['entry.locked.verified', 'entry.locked.adjudicated', 'entry.locked.verifying']), params: z.record(z.string(), z.union([z.string(), z.number()])) }).nullable(),
});
export type OpenedCase = z.infer<typeof OpenedCaseSchema>;


/** How forms are chosen for blind re-keying (verification). */
export const VerificationSettingsSchema = z.object({
  /** none; all = 100 %; adaptive = first `firstForms` of each operator, then a share `rate`, back to 100 % while the operator's error rate exceeds `threshold`. */
  mode: z.enum(['none', 'all', 'adaptive']),
  firstForms: z.number().int().min(0).max(100_000),
  rate: z.number().min(0).max(1),
  /** Keyer errors per 1,000 keyed fields above which all of an operator's forms are verified again. */
  threshold: z.number().min(0).max(1000),
});
export type VerificationSettings = z.infer<typeof VerificationSettingsSchema>;

/** One difference between the first keying (A) and the blind re-keying (B) of a field. */
export const DifferenceSchema = z.object({
  caseId: z.string(),
  variable: z.string(),
  valueA: z.string().nullable(),
  valueB: z.string().nullable(),
  keyer: z.string(),
  verifier: z.string(),
  /** Open text: shown, never blocks the form. */
  openText: z.boolean(),
  resolution: z.enum(['A', 'B', 'new']).nullable(),
  value: z.string().nullable(),
  attributed: z.enum(['keyer', 'verifier', 'both', 'none']).nullable(),
  reason: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  /**
   * The newest cleaning correction of this case × variable, if any: it stays the final value whatever is adjudicated
   * (a correction wins over every keying, the adjudicated pass 3 included), so the adjudicator sees it before deciding.
   */
  correction: z.object({ id: z.number().int(), oldValue: z.string().nullable(), newValue: z.string().nullable(), operator: z.string(), reason: z.string(), at: z.string() }).nullable(),
});
export type Difference = z.infer<typeof DifferenceSchema>;

const OperatorStats = z.object({
  operator: z.string(),
  formsKeyed: z.number().int(),
  formsVerified: z.number().int(),
  fieldsKeyed: z.number().int(),
  keystrokes: z.number().int(),
  activeHours: z.number(),
  keystrokesPerHour: z.number().nullable(),
  fieldsPerHour: z.number().nullable(),
  formsPerHour: z.number().nullable(),
  /** Fields this operator keyed in forms whose verification is finished. */
  fieldsCompared: z.number().int(),
  keyerErrors: z.number().int(),
  verifierErrors: z.number().int(),
  /** Keyer errors per 1,000 compared fields. */
  errorsPer1000: z.number().nullable(),
});

/** The verification channels (spread with the entry channels into `backendApi`). */
export const verificationApi = {
  'verification.getSettings': { input: z.object({}).strict(), output: VerificationSettingsSchema },
  'verification.setSettings': { input: z.object({ settings: VerificationSettingsSchema, operator: Operator }).strict(), output: VerificationSettingsSchema },
  'verification.queue': {
    input: z.object({}).strict(),
    output: z.array(z.object({ caseId: z.string(), batch: z.string().nullable(), keyer: z.string(), reason: z.enum(['all', 'newOperator', 'sample', 'errorRate']) })),
  },
  'verification.differences': {
    input: z.object({ caseId: TypedCaseId.optional(), open: z.boolean().default(false) }).strict(),
    output: z.array(DifferenceSchema),
  },
  'verification.resolve': {
    input: z.object({
      operator: Operator,
      caseId: TypedCaseId,
      variable: VariableName,
      choice: z.enum(['A', 'B', 'new']),
      /** The value read from the paper, for choice 'new'. */
      value: z.string().max(10_000).optional(),
      reason: z.string().trim().min(1, 'give a reason').max(REASON_MAX_LENGTH),
    }).strict(),
    output: z.object({ difference: DifferenceSchema, caseStatus: z.enum(['open', 'complete', 'verified', 'excluded']) }),
  },
  'verification.exportStats': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: z.object({ path: z.string(), sheets: z.array(z.string()) }),
  },
  'verification.stats': {
    input: z.object({}).strict(),
    output: z.object({
      operators: z.array(OperatorStats),
      batches: z.array(z.object({ batch: z.string().nullable(), formsKeyed: z.number().int(), formsVerified: z.number().int(), fieldsCompared: z.number().int(), keyerErrors: z.number().int(), verifierErrors: z.number().int(), errorsPer1000: z.number().nullable() })),
    }),
  },
} as const;

/** The entry channels (spread into `backendApi`). */
export const entryApi = {
  'entry.openCase': {
    input: z.object({
      operator: Operator,
      caseId: TypedCaseId,
      batch: BatchNumber.nullable().default(null),
      receivedOn: IsoDate.nullable().default(null),
      pass: Pass,
    }).strict(),
    output: OpenedCaseSchema,
  },
  'entry.saveField': {
    input: z.object({
      operator: Operator,
      caseId: TypedCaseId,
      pass: Pass,
      variable: VariableName,
      /** The stored form (shared/entry toStoredValue): `''` clears the field. */
      value: z.string().max(10_000),
      /** How the value was keyed; a missing key is written to the audit log's reason. */
      via: z.enum(['typed', 'noAnswer', 'notLegible']).default('typed'),
      effort: Effort.optional(),
      /** "YYYY-MM-DD" for today() in checks (the operator's clock); default the backend's date. */
      today: IsoDate.optional(),
    }).strict(),
    output: z.object({
      /** False when a hard check refused the value: nothing was stored. */
      accepted: z.boolean(),
      value: z.string(),
      violations: z.array(ViolationSchema),
      cleared: z.array(Cleared),
    }),
  },
  'entry.confirmWarning': {
    input: z.object({ operator: Operator, caseId: TypedCaseId, pass: Pass, variable: VariableName, today: IsoDate.optional() }).strict(),
    output: z.object({ confirmed: z.boolean(), value: z.string() }),
  },
  'entry.finishCase': {
    input: z.object({ operator: Operator, caseId: TypedCaseId, pass: Pass, effort: Effort.optional(), today: IsoDate.optional() }).strict(),
    output: z.object({ caseId: z.string(), status: z.enum(['open', 'complete', 'verified', 'excluded']), summary: FormSummarySchema }),
  },
  ...verificationApi,
} as const;
