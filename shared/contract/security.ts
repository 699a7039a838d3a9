// zod schemas of the backup channels: list a project's backups, restore one over (or beside) the project.
import { z } from 'zod';
import { FilePath } from './schemas';

/** One backup of a project as listed in its `<name>.backups/` folder (newest first). */
export const BackupEntry = z.object({
  path: z.string(),
  name: z.string(),
  /** When it was made (ISO 8601, UTC), read from the file name; null when the name carries no time. */
  createdAt: z.string().nullable(),
  sizeBytes: z.number().int().nonnegative(),
});
export type BackupEntry = z.infer<typeof BackupEntry>;

/** What a restore did: which backup, where it went, and where the replaced project was kept. */
export const RestoreResult = z.object({
  path: z.string(),
  restoredFrom: z.string(),
  /** The copy of the project that was replaced (null when the target did not exist). */
  replacedKeptAt: z.string().nullable(),
  schemaVersion: z.number().int(),
  /** True when the restored project was opened again in this session (it was open before). */
  reopened: z.boolean(),
});
export type RestoreResult = z.infer<typeof RestoreResult>;

/**
 * The backup channels. `path` defaults to the session's open project. A restore onto the open project
 * closes it, restores, and opens it again; a project open in another process is refused (PROJECT_IN_USE).
 */
export const securityApi = {
  'project.listBackups': {
    input: z.object({ path: FilePath.optional() }).strict(),
    output: z.array(BackupEntry),
  },
  'project.restoreBackup': {
    input: z.object({ backup: FilePath, path: FilePath.optional() }).strict(),
    output: RestoreResult,
  },
} as const;
