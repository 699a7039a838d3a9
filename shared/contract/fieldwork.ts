// zod schemas of the fieldwork channels: sample frame import, case IDs, dispositions, paper batches, the fieldwork report.
import { z } from 'zod';
import { CHECK_DIGIT_SCHEMES } from '../fieldwork/caseId';
import { DISPOSITION_CODES, OUTCOME_CLASSES } from '../fieldwork/dispositions';
import { FilePath } from './schemas';

/** Who does it (typist, methodologist): recorded with every change. */
export const Operator = z.string().trim().min(1, 'operator is empty').max(100);
/** An ISO calendar date, YYYY-MM-DD. */
/**
 * Whether `s` is exactly `YYYY-MM-DD` and an existing day of the proleptic Gregorian calendar (so `2014-13-45` and
 * `2023-02-29` are not).
 */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = new Date(Date.UTC(y, mo - 1, d));
  return mo >= 1 && mo <= 12 && back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
}

/** A calendar date `YYYY-MM-DD` that exists ({@link isCalendarDate}). */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD').refine(isCalendarDate, 'not an existing date (YYYY-MM-DD)');
const ColumnName = z.string().trim().min(1).max(200);
const TypedCaseId = z.string().trim().min(1).max(40);
const CaseIdList = z.array(TypedCaseId).min(1).max(100_000);
const Rate = z.number().nullable();

/** The case-ID format: prefix letters, digits of the running number, check-digit scheme. */
export const CaseIdFormatSchema = z.object({
  prefix: z.string().regex(/^[A-Za-z]{0,8}$/, 'prefix: 0 to 8 letters'),
  bodyDigits: z.number().int().min(1).max(12),
  scheme: z.enum(CHECK_DIGIT_SCHEMES),
}).strict();

/** An AAPOR disposition code of the list in shared/fieldwork/dispositions.ts. */
export const DispositionCodeSchema = z.enum(DISPOSITION_CODES);

/** Batch status, in workflow order. */
export const BATCH_STATUSES = ['received', 'keying', 'keyed', 'verified', 'closed'] as const;
export const BatchStatusSchema = z.enum(BATCH_STATUSES);

/** How to read a frame file; every field optional (roles are found by column name). */
export const FrameImportOptions = z.object({
  /** Worksheet of an .xlsx file (default the first). */
  sheet: z.string().max(100).optional(),
  caseIdColumn: ColumnName.optional(),
  /** Generate case IDs in row order from this running number (frame without IDs). */
  assignCaseIdsFrom: z.number().int().nonnegative().optional(),
  probabilityColumn: ColumnName.optional(),
  weightColumn: ColumnName.optional(),
  modeColumn: ColumnName.optional(),
  strata: z.array(ColumnName).max(200).optional(),
  optionalStrata: z.array(ColumnName).max(200).optional(),
  contactColumns: z.array(ColumnName).max(200).optional(),
  /** Allowed codes per stratum variable; variables not named here are checked against the questionnaire's lists. */
  codes: z.record(z.string(), z.array(z.string().max(100)).max(10_000)).optional(),
  /** Population counts per stratum: design weights become N_h / n_h. */
  population: z.object({
    strata: z.array(ColumnName).min(1).max(20),
    cells: z.array(z.object({ values: z.record(z.string(), z.string()), count: z.number() }).strict()).min(1).max(100_000),
  }).strict().optional(),
}).strict();
export type FrameImportOptions = z.infer<typeof FrameImportOptions>;

/** One problem of a frame, located by file, sheet, row and column. */
export const FrameProblemSchema = z.object({
  kind: z.string(),
  file: z.string(),
  sheet: z.string().optional(),
  row: z.number().int().optional(),
  column: z.string().optional(),
  value: z.string().optional(),
  message: z.string(),
});

/** What a dry run or an import found and did. */
export const ImportReportSchema = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  rows: z.number().int().nonnegative(),
  valid: z.boolean(),
  /** Cases stored (0 for a dry run). */
  imported: z.number().int().nonnegative(),
  errors: z.array(FrameProblemSchema),
  warnings: z.array(FrameProblemSchema),
  columns: z.object({
    caseId: z.string().nullable(),
    probability: z.string().nullable(),
    weight: z.string().nullable(),
    mode: z.string().nullable(),
    strata: z.array(z.string()),
    contact: z.array(z.string()),
  }),
  strataSummary: z.array(z.object({ variable: z.string(), codes: z.array(z.object({ code: z.string(), count: z.number().int() })) })),
  /** Where each checked stratum's codes came from. */
  codesFrom: z.array(z.object({ variable: z.string(), source: z.enum(['input', 'questionnaire']) })),
  weights: z.object({ cases: z.number().int(), min: z.number(), max: z.number(), sum: z.number() }).nullable(),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

/** One sampled case as listed (never with contact details). */
export const SampleRowSchema = z.object({
  caseId: z.string(),
  strata: z.record(z.string(), z.string()),
  probability: z.number().nullable(),
  designWeight: z.number().nullable(),
  weightSource: z.enum(['probability', 'frame', 'population']).nullable(),
  mode: z.enum(['paper', 'web']).nullable(),
  disposition: z.string(),
  batch: z.string().nullable(),
});

/** A paper batch with its counts. */
export const BatchRowSchema = z.object({
  id: z.number().int(),
  number: z.string(),
  receivedOn: z.string().nullable(),
  expectedForms: z.number().int().nullable(),
  origin: z.string().nullable(),
  notes: z.string().nullable(),
  status: BatchStatusSchema,
  registeredBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
  /** Case IDs registered with the batch on receipt. */
  registeredForms: z.number().int(),
  /** Forms keyed or imported into this batch (any status), and by status. */
  keyed: z.number().int(),
  complete: z.number().int(),
  verified: z.number().int(),
  excluded: z.number().int(),
});
export type BatchRow = z.infer<typeof BatchRowSchema>;

/** Reconciliation of one batch: expected vs keyed vs verified vs excluded, and the IDs that do not add up. */
export const ReconciliationSchema = z.object({
  batch: BatchRowSchema,
  expected: z.number().int().nullable(),
  /** Forms still open in keying. */
  inProgress: z.number().int(),
  /** expected − keyed (null without an expected count); negative when more forms were keyed than expected. */
  difference: z.number().int().nullable(),
  /** Registered with this batch but never keyed. */
  notKeyed: z.array(z.string()),
  /** Keyed into this batch but registered with another batch: case ID and that batch's number. */
  keyedElsewhere: z.array(z.object({ caseId: z.string(), batch: z.string() })),
  /** Keyed into this batch, in the sample, but registered with no batch at all. */
  keyedUnregistered: z.array(z.string()),
  /** keyedElsewhere and keyedUnregistered together (case IDs, sorted). */
  keyedNotRegistered: z.array(z.string()),
  /** Keyed into this batch but not in the sample. */
  notInSample: z.array(z.string()),
  balanced: z.boolean(),
});

const OutcomeCountsSchema = z.object(Object.fromEntries(OUTCOME_CLASSES.map((c) => [c, z.number().int()])) as Record<(typeof OUTCOME_CLASSES)[number], z.ZodNumber>);
const RatesSchema = z.object({ RR1: Rate, RR2: Rate, RR3: Rate, RR4: Rate, COOP1: Rate, COOP2: Rate, REF1: Rate, REF2: Rate, CON1: Rate, e: z.number() });
const RateRowSchema = z.object({ code: z.string(), sampled: z.number().int(), counts: OutcomeCountsSchema, rates: RatesSchema });
const EInput = z.union([z.number().min(0).max(1), z.literal('estimate')]).default('estimate');

/** The fieldwork dashboard: response per stratum (AAPOR), returns per day, counts by mode, batches. No contact details. */
export const FieldworkReportSchema = z.object({
  generatedAt: z.string(),
  sampled: z.number().int(),
  returned: z.number().int(),
  overall: RateRowSchema,
  byStratum: z.array(z.object({ variable: z.string(), rows: z.array(RateRowSchema) })),
  dispositions: z.array(z.object({ code: z.string(), outcome: z.enum(OUTCOME_CLASSES), nl: z.string(), en: z.string(), count: z.number().int() })),
  e: z.number(),
  eMethod: z.enum(['given', 'estimated']),
  /** Returns (first 1.x disposition) per calendar day, by return mode (paper = keyed, web = imported). */
  perDay: z.array(z.object({ date: z.string(), paper: z.number().int(), web: z.number().int(), unknown: z.number().int(), total: z.number().int() })),
  byMode: z.array(z.object({ mode: z.enum(['paper', 'web', 'unknown']), assigned: z.number().int(), returned: z.number().int() })),
  batches: z.object({ total: z.number().int(), byStatus: z.record(z.string(), z.number().int()), expectedForms: z.number().int(), keyedForms: z.number().int() }),
  /** Forms keyed or imported whose ID is not in the sample. */
  keyedNotInSample: z.number().int(),
});
export type FieldworkReport = z.infer<typeof FieldworkReportSchema>;

/** The channels of the fieldwork area (spread into `backendApi`). */
export const fieldworkApi = {
  'sample.dryRun': {
    input: z.object({ file: FilePath, options: FrameImportOptions.default({}) }).strict(),
    output: ImportReportSchema,
  },
  'sample.importFrame': {
    input: z.object({ file: FilePath, options: FrameImportOptions.default({}), operator: Operator }).strict(),
    output: ImportReportSchema,
  },
  'sample.list': {
    input: z.object({ offset: z.number().int().nonnegative().default(0), limit: z.number().int().min(1).max(100_000).default(1000) }).strict(),
    output: z.object({ total: z.number().int(), rows: z.array(SampleRowSchema) }),
  },
  'sample.exportList': {
    input: z.object({ path: FilePath, format: z.enum(['xlsx', 'csv']).default('xlsx'), includeContacts: z.boolean().default(false), operator: Operator }).strict(),
    output: z.object({ path: z.string(), rows: z.number().int(), includedContacts: z.boolean(), columns: z.array(z.string()) }),
  },
  'fieldwork.report': {
    input: z.object({ e: EInput, by: z.array(ColumnName).max(50).optional() }).strict(),
    output: FieldworkReportSchema,
  },
  'fieldwork.exportReport': {
    input: z.object({ path: FilePath, e: EInput, by: z.array(ColumnName).max(50).optional() }).strict(),
    output: z.object({ path: z.string(), sheets: z.array(z.string()) }),
  },
  'disposition.codes': {
    input: z.object({}).strict(),
    output: z.array(z.object({ code: z.string(), outcome: z.enum(OUTCOME_CLASSES), nl: z.string(), en: z.string() })),
  },
  'disposition.set': {
    input: z.object({ caseIds: CaseIdList, code: DispositionCodeSchema, operator: Operator, reason: z.string().max(1000).optional() }).strict(),
    output: z.object({ changed: z.number().int(), unchanged: z.number().int() }),
  },
  'disposition.history': {
    input: z.object({ caseId: TypedCaseId }).strict(),
    output: z.object({
      caseId: z.string(),
      disposition: z.string(),
      at: z.string(),
      by: z.string(),
      entries: z.array(z.object({ oldCode: z.string().nullable(), newCode: z.string(), at: z.string(), operator: z.string(), source: z.string(), reason: z.string().nullable() })),
    }),
  },
  'batch.register': {
    input: z.object({
      number: z.string().trim().min(1).max(50),
      receivedOn: IsoDate,
      expectedForms: z.number().int().nonnegative().max(1_000_000),
      origin: z.string().max(200).optional(),
      notes: z.string().max(2000).optional(),
      operator: Operator,
      caseIds: z.array(TypedCaseId).max(100_000).optional(),
    }).strict(),
    output: BatchRowSchema,
  },
  'batch.addForms': {
    input: z.object({ number: z.string().trim().min(1).max(50), caseIds: CaseIdList, operator: Operator }).strict(),
    output: BatchRowSchema,
  },
  'batch.list': { input: z.object({}).strict(), output: z.array(BatchRowSchema) },
  'batch.setStatus': {
    input: z.object({ number: z.string().trim().min(1).max(50), status: BatchStatusSchema, operator: Operator, reason: z.string().max(1000).optional() }).strict(),
    output: BatchRowSchema,
  },
  'batch.reconcile': { input: z.object({ number: z.string().trim().min(1).max(50) }).strict(), output: ReconciliationSchema },
  'sample.getIdFormat': { input: z.object({}).strict(), output: z.object({ format: CaseIdFormatSchema, locked: z.boolean() }) },
  'sample.setIdFormat': { input: z.object({ format: CaseIdFormatSchema, operator: Operator }).strict(), output: z.object({ format: CaseIdFormatSchema, locked: z.boolean() }) },
  'sample.checkId': {
    input: z.object({ caseId: z.string().max(40) }).strict(),
    output: z.object({ valid: z.boolean(), caseId: z.string().nullable(), problem: z.string().nullable(), message: z.string().nullable(), inSample: z.boolean(), disposition: z.string().nullable() }),
  },
  'sample.idLabels': {
    input: z.object({
      start: z.number().int().nonnegative().optional(),
      count: z.number().int().min(1).max(100_000).optional(),
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().min(1).max(100_000).default(1000),
    }).strict(),
    output: z.object({ format: CaseIdFormatSchema, total: z.number().int(), source: z.enum(['sample', 'generated']), labels: z.array(z.object({ caseId: z.string(), mode: z.enum(['paper', 'web']).nullable() })) }),
  },
} as const;
