// zod schemas for the values that cross the contract. Everything here is JSON-safe.
import { z } from 'zod';

/** An absolute or relative file-system path as typed or picked by the user. */
export const FilePath = z.string().min(1, 'path is empty').max(4096).refine((s) => !s.includes('\u0000'), 'path contains a NUL character');

/** Counts of cases in a project, for the status bar and `veldwerk info`. */
export const CaseCounts = z.object({
  total: z.number().int().nonnegative(),
  complete: z.number().int().nonnegative(),
  verified: z.number().int().nonnegative(),
  excluded: z.number().int().nonnegative(),
  /** Paper forms keyed to the end (source keying, complete or verified): the base of the verification rate (verified / keyedPaper). */
  keyedPaper: z.number().int().nonnegative(),
});
export type CaseCounts = z.infer<typeof CaseCounts>;

/** What the app knows about an open (or inspected) project file. Timestamps are ISO 8601 strings (UTC). */
export const ProjectInfo = z.object({
  path: z.string(),
  projectId: z.string(),
  title: z.string(),
  schemaVersion: z.number().int(),
  /** The Veldwerk version that created the file. */
  createdWith: z.string(),
  createdAt: z.string(),
  questionnaireVersion: z.string().nullable(),
  counts: CaseCounts,
  backupDir: z.string(),
  readOnly: z.boolean(),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

/** One entry of the recent-projects list (most recent first). */
export const RecentProject = z.object({
  path: z.string(),
  title: z.string(),
  openedAt: z.string(),
  exists: z.boolean(),
});
export type RecentProject = z.infer<typeof RecentProject>;

/** One row of the case list. */
export const CaseRow = z.object({
  id: z.number().int(),
  caseId: z.string(),
  status: z.string(),
  batch: z.string().nullable(),
  updatedAt: z.string(),
  /** How the case came in: 'keying' (paper form), 'import' (web-survey export), 'example'. */
  source: z.string().optional(),
});
export type CaseRow = z.infer<typeof CaseRow>;

/** A directory listing for the in-page file picker of the HTTP host. */
export const DirListing = z.object({
  dir: z.string(),
  parent: z.string().nullable(),
  entries: z.array(z.object({ name: z.string(), path: z.string(), kind: z.enum(['dir', 'project', 'file']) })),
});
export type DirListing = z.infer<typeof DirListing>;

/** Progress of a long job (import, rule run, raking, export), sent as events through the host. */
export const ProgressEvent = z.object({
  jobId: z.string(),
  channel: z.string(),
  phase: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  message: z.string().optional(),
});
export type ProgressEvent = z.infer<typeof ProgressEvent>;
