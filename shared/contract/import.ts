// zod schemas of the response-import channels: inspect a file, dry run, import (all or nothing), saved mappings.
import { z } from 'zod';
import { FilePath } from './schemas';

const Name = z.string().trim().min(1).max(200);

/** A column mapping (shared/import/mapping.ts ImportMapping). */
export const ImportMappingSchema = z
  .object({
    caseIdColumn: Name.optional(),
    completeColumn: Name.optional(),
    columns: z.record(z.string().max(200), Name.nullable()).optional(),
    ignore: z.array(Name).max(10_000).optional(),
    ignoreUnmapped: z.boolean().optional(),
    labels: z.record(z.string().max(200), z.record(z.string().max(1000), z.string().max(100))).optional(),
  })
  .strict();

/** How to read the file. */
const ReadOptions = {
  file: FilePath,
  /** CSV encoding; default detected (UTF-16 by its byte-order mark or zero bytes, UTF-8 with or without BOM, else Windows-1252). */
  encoding: z.enum(['auto', 'utf-8', 'windows-1252', 'utf-16le', 'utf-16be']).default('auto'),
  /** Worksheet of an .xlsx file (default the first). */
  sheet: z.string().max(100).optional(),
  /** Header rows in total (1 = names only); default detected (question-text and import-id rows). */
  headerRows: z.number().int().min(1).max(10).optional(),
};

const RunOptions = {
  ...ReadOptions,
  /** An explicit mapping; merged over the saved mapping `mappingName`. */
  mapping: ImportMappingSchema.optional(),
  /** Name of a saved mapping (by tool, e.g. "limesurvey"); an import saves the mapping used under it. */
  mappingName: z.string().trim().min(1).max(100).optional(),
  onDuplicate: z.enum(['refuse', 'skip', 'replace']).default('refuse'),
};

const Problem = z.object({
  kind: z.string(),
  severity: z.enum(['error', 'warning']),
  file: z.string(),
  sheet: z.string().optional(),
  row: z.number().int().optional(),
  column: z.string().optional(),
  caseId: z.string().optional(),
  variable: z.string().optional(),
  value: z.string().optional(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

const FileFacts = {
  file: z.string(),
  sha256: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sheet: z.string().nullable(),
  sheets: z.array(z.string()),
  headerRows: z.number().int(),
};

/** What a dry run or an import found and did. */
export const ResponseImportReport = z.object({
  ...FileFacts,
  rows: z.number().int().nonnegative(),
  valid: z.boolean(),
  dryRun: z.boolean(),
  imported: z.number().int().nonnegative(),
  replaced: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  complete: z.number().int().nonnegative(),
  batchId: z.string().nullable(),
  columns: z.array(
    z.object({
      col: z.number().int(),
      header: z.string(),
      target: z.string(),
      variable: z.string().optional(),
      code: z.string().optional(),
      reason: z.string().optional(),
      how: z.enum(['auto', 'explicit']),
      filled: z.number().int(),
      trimmed: z.number().int(),
      labelsMapped: z.number().int(),
      problems: z.number().int(),
    }),
  ),
  unmappedLabels: z.array(z.object({ variable: z.string(), column: z.string(), label: z.string(), count: z.number().int() })),
  counts: z.record(z.string(), z.number().int()),
  truncated: z.boolean(),
  errors: z.array(Problem),
  warnings: z.array(Problem),
  mapping: ImportMappingSchema,
});
export type ResponseImportReport = z.infer<typeof ResponseImportReport>;

/** The channels of the import area. */
export const importApi = {
  /** Reads a file's structure: encoding, delimiter, sheets, header rows, a preview and the automatic mapping. */
  'import.inspectFile': {
    input: z.object({ ...ReadOptions, mappingName: RunOptions.mappingName }).strict(),
    output: z.object({
      ...FileFacts,
      header: z.array(z.string()),
      extraHeaderRows: z.array(z.array(z.string())),
      duplicateHeaders: z.array(z.object({ name: z.string(), columns: z.array(z.number().int()) })),
      rows: z.number().int().nonnegative(),
      preview: z.array(z.object({ row: z.number().int(), cells: z.array(z.string()) })),
      columns: z.array(z.object({ col: z.number().int(), header: z.string(), target: z.string(), variable: z.string().optional(), code: z.string().optional(), how: z.enum(['auto', 'explicit']) })),
    }),
  },
  /** Analyses the file against the questionnaire and the project; stores nothing. */
  'import.dryRun': { input: z.object(RunOptions).strict(), output: ResponseImportReport },
  /** Imports all rows in one transaction, or nothing (IMPORT_INVALID with every blocking problem). */
  'import.run': {
    input: z
      .object({
        ...RunOptions,
        operator: z.string().trim().min(1).max(100),
        /** The SHA-256 of the file the dry run on screen read: a file changed on disk since is refused, not imported unseen. */
        expectedSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      })
      .strict(),
    output: ResponseImportReport,
  },
  /** The saved mappings, by name. */
  'import.listMappings': {
    input: z.object({}).strict(),
    output: z.array(z.object({ name: z.string(), savedAt: z.string(), mapping: ImportMappingSchema })),
  },
  /** Saves a mapping under a name (e.g. the survey tool) for the next file of that tool, without importing. */
  'import.saveMapping': {
    input: z.object({ name: z.string().trim().min(1).max(100), mapping: ImportMappingSchema }).strict(),
    output: z.object({ name: z.string(), savedAt: z.string() }),
  },
} as const;
