// zod schemas of the export channels (issue 8): what to export and where, and what was written.
import { z } from 'zod';
import { SHEET_IDS } from '../export/layout';
import { FilePath } from './schemas';

/** A sheet of the export workbook (Info is always written). */
export const ExportSheetId = z.enum(SHEET_IDS);

/** Input of `export.run`: the .xlsx path and what goes in it; optional CSV (+ SPSS syntax reading it). */
export const ExportRunInput = z
  .object({
    path: FilePath,
    sheets: z.array(ExportSheetId).min(1).optional(),
    includeIdentifiers: z.boolean().optional(),
    /** A numeric variable (or stored variable) holding the weights: weighted % on the Frequencies sheet. */
    weight: z.string().min(1).max(64).optional(),
    statuses: z.array(z.enum(['open', 'complete', 'verified'])).min(1).optional(),
    csv: z.object({ path: FilePath, locale: z.enum(['nl', 'intl']).default('nl') }).strict().optional(),
    sps: z.object({ path: FilePath }).strict().optional(),
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
  sps: z.object({ path: z.string() }).nullable(),
  identifiersIncluded: z.array(z.string()),
});
export type ExportRunOutput = z.infer<typeof ExportRunOutput>;

/** The export channels, spread into `backendApi` (shared/contract/api.ts). */
export const exportApi = {
  'export.run': { input: ExportRunInput, output: ExportRunOutput },
} as const;
