// zod schemas of the export channels (issue 8): what to export and where, what was written, background jobs, profiles.
import { z } from 'zod';
import { SHEET_IDS } from '../export/layout';
import { FilePath } from './schemas';
import { ERROR_CODES } from './result';

/** A sheet of the export workbook (Info is always written). */
export const ExportSheetId = z.enum(SHEET_IDS);

/** Case statuses that can be exported (excluded cases go to the Exclusions sheet only). */
export const ExportStatus = z.enum(['open', 'complete', 'verified']);

/** A variable name as the export refers to it (questionnaire or stored variable). */
const VariableName = z.string().min(1).max(64);

/** Only the cases whose final value of `variable` is one of `codes` (e.g. one group: `groep` = 1). */
export const ExportFilter = z
  .object({
    variable: VariableName,
    codes: z.array(z.string().trim().min(1).max(100)).min(1).max(1000),
  })
  .strict();
export type ExportFilter = z.infer<typeof ExportFilter>;

/**
 * An indicator table of the Tables sheet (shared/export/tables.ts IndicatorTable): % of `variable` = `code` per row
 * (a domain: `where` variable has one of the codes; absent = all), 95 % CI and n, next to reference columns
 * (published percentages 0–100 per row label, with their source); `weights` = schemes or weight variables combined.
 */
export const ExportIndicatorTable = z
  .object({
    title: z.string().trim().min(1).max(200),
    variable: VariableName,
    code: z.number().int(),
    rows: z.array(z.object({ label: z.string().trim().min(1).max(200), where: z.object({ variable: VariableName, codes: z.array(z.number().int()).min(1).max(1000) }).strict().optional() }).strict()).min(1).max(200),
    weights: z.array(VariableName).min(1).max(20).optional(),
    references: z.array(z.object({ header: z.string().trim().min(1).max(100), source: z.string().max(2000), values: z.record(z.string(), z.number().min(0).max(100).nullable()) }).strict()).max(3).optional(),
  })
  .strict();

/**
 * Report tables of the Tables sheet: each single-choice variable by the grouping variable `by`, with weighted %,
 * logit 95 % CI (as R svyciprop) and unweighted n; columns with a base below `minN` (default 10) flagged or suppressed.
 */
export const ExportTables = z
  .object({
    variables: z.array(VariableName).min(1).max(200),
    by: VariableName,
    /** A weighting scheme's name (its population weights) or a weight variable; absent = unweighted. */
    weight: VariableName.optional(),
    minN: z.number().int().min(1).max(100_000).optional(),
    smallCells: z.enum(['flag', 'suppress']).optional(),
    /** Indicator tables shown first, e.g. a headline table with published figures beside the estimates. */
    indicators: z.array(ExportIndicatorTable).max(20).optional(),
  })
  .strict();
export type ExportTables = z.infer<typeof ExportTables>;

/** A profile name: what the user calls a saved set of export choices. */
export const ExportProfileName = z.string().trim().min(1, 'profile name is empty').max(80);

/** Input of `export.run` / `export.start`: the .xlsx path and what goes in it; optional CSV (+ SPSS syntax reading it). */
export const ExportRunInput = z
  .object({
    path: FilePath,
    sheets: z.array(ExportSheetId).min(1).optional(),
    includeIdentifiers: z.boolean().optional(),
    /** A numeric variable (or stored variable) holding the weights: weighted % on the Frequencies sheet. */
    weight: VariableName.optional(),
    statuses: z.array(ExportStatus).min(1).optional(),
    filter: ExportFilter.optional(),
    /** Report tables for the Tables sheet (absent: the sheet explains how to choose them). */
    tables: ExportTables.optional(),
    csv: z.object({ path: FilePath, locale: z.enum(['nl', 'intl']).default('nl') }).strict().optional(),
    sps: z.object({ path: FilePath }).strict().optional(),
    /** The profile the choices came from (recorded on the Info sheet; add "(changed)" when edited after applying). */
    profile: z.string().trim().min(1).max(100).optional(),
    /** Who exports (audit log when identifiers are included); default the OS user. */
    operator: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type ExportRunInput = z.infer<typeof ExportRunInput>;

/** Output of `export.run`: the files written, counts and the SHA-256 of the Data sheet (also on the Info sheet). */
export const ExportRunOutput = z.object({
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  sheets: z.array(z.string()),
  cases: z.number().int().nonnegative(),
  excluded: z.number().int().nonnegative(),
  columns: z.number().int().nonnegative(),
  dataSha256: z.string(),
  truncatedCells: z.number().int().nonnegative(),
  notes: z.array(z.string()),
  csv: z.object({ path: z.string(), bytes: z.number().int().nonnegative() }).nullable(),
  sps: z.object({ path: z.string(), bytes: z.number().int().nonnegative() }).nullable(),
  identifiersIncluded: z.array(z.string()),
});
export type ExportRunOutput = z.infer<typeof ExportRunOutput>;

/** A variable offered by the export form (weights, filters, identifiers). */
const OfferedVariable = z.object({ name: z.string(), label: z.string() });

/** What the export form can offer for the open project. */
export const ExportOptionsOutput = z.object({
  /** Every sheet in workbook order with its Excel name; `default` = part of the default workbook. */
  sheets: z.array(z.object({ id: ExportSheetId, name: z.string(), default: z.boolean() })),
  /** Numeric variables that can serve as the weight (decimal variables, stored-only variables, weighting results). */
  weights: z.array(OfferedVariable.extend({ source: z.enum(['questionnaire', 'stored', 'weighting']) })),
  /** Single-choice variables a filter can use, with their codes. */
  filterVariables: z.array(OfferedVariable.extend({ codes: z.array(z.object({ code: z.string(), label: z.string() })) })),
  /** Identifying variables of the questionnaire (left out unless asked for). */
  identifiers: z.array(OfferedVariable),
  /** Cases per status. */
  statusCounts: z.object({ open: z.number().int(), complete: z.number().int(), verified: z.number().int(), excluded: z.number().int() }),
  /** A file name for the workbook, e.g. `monitor-2014-export-2026-12-03.xlsx`. */
  suggestedName: z.string(),
  /** The folder of the project file (a natural place for the export). */
  projectDir: z.string(),
  readOnly: z.boolean(),
  /** The project's default export profile (the one `veldwerk export` applies without --profile), or null. */
  defaultProfile: z.string().nullable(),
});
export type ExportOptionsOutput = z.infer<typeof ExportOptionsOutput>;

/** State of a background export job (`export.start`, then `export.status` until it is no longer running). */
export const ExportJobStatus = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  /** Current phase: a sheet name, 'csv', 'done'. */
  phase: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  result: ExportRunOutput.nullable(),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
});
export type ExportJobStatus = z.infer<typeof ExportJobStatus>;

/** A saved set of export choices (no file paths: those differ per run). */
export const ExportProfile = z
  .object({
    name: ExportProfileName,
    sheets: z.array(ExportSheetId).min(1),
    includeIdentifiers: z.boolean().default(false),
    weight: VariableName.nullable().default(null),
    statuses: z.array(ExportStatus).min(1).default(['open', 'complete', 'verified']),
    filter: ExportFilter.nullable().default(null),
    /** Report tables of the Tables sheet (absent or null = none chosen; set in the export form or with the CLI's --tables). */
    tables: ExportTables.nullable().optional(),
    /** CSV locale when the profile writes a CSV too (null = no CSV); `sps` = also SPSS syntax. */
    csv: z.enum(['nl', 'intl']).nullable().default(null),
    sps: z.boolean().default(false),
  })
  .strict();
export type ExportProfile = z.infer<typeof ExportProfile>;

/** A stored profile: the choices plus who saved it when (ISO 8601, UTC). */
export const StoredExportProfile = ExportProfile.extend({ savedAt: z.string(), savedBy: z.string() });
export type StoredExportProfile = z.infer<typeof StoredExportProfile>;

/** The export channels, spread into `backendApi`. */
export const exportApi = {
  'export.run': { input: ExportRunInput, output: ExportRunOutput },
  'export.options': { input: z.object({}).strict(), output: ExportOptionsOutput },
  /** Starts an export in the background after its checks (bad input, unknown weight… fail here) and returns at once. */
  'export.start': { input: ExportRunInput, output: ExportJobStatus },
  /** The state of a job (without `jobId`: the latest job started in this session). */
  'export.status': { input: z.object({ jobId: z.string().min(1).max(100).optional() }).strict(), output: ExportJobStatus },
  /** Asks a running job to stop; no partial file is left under the final names. */
  'export.cancel': { input: z.object({ jobId: z.string().min(1).max(100).optional() }).strict(), output: ExportJobStatus },
  'export.listProfiles': { input: z.object({}).strict(), output: z.array(StoredExportProfile) },
  'export.saveProfile': {
    input: z.object({ profile: ExportProfile, operator: z.string().trim().min(1).max(100).optional() }).strict(),
    output: z.array(StoredExportProfile),
  },
  'export.deleteProfile': { input: z.object({ name: ExportProfileName }).strict(), output: z.array(StoredExportProfile) },
} as const;
