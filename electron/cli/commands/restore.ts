// CLI command `restore <backup.vwk> <project.vwk>`: put a backup back in place, keeping the replaced project.
import { restoreProjectFile } from '../../backend/services/backups';
import { rejectUnknownOptions } from '../args';
import { UsageError, type Command } from '../types';

/**
 * `restore <backup.vwk> <project.vwk> [--json]` — checks the backup, refuses while the project is open
 * for writing anywhere, keeps the project it replaces in its backups folder, and renames the restored
 * copy into place (never a half-written project under the final name).
 */
export const restoreCommand: Command = {
  name: ['restore'],
  usage: 'restore <backup.vwk> <project.vwk> [--json]   Restore a backup (the replaced project is kept as a backup)',
  async run(args, io) {
    rejectUnknownOptions(args, ['json']);
    const [backup, project, ...rest] = args.positional;
    if (!backup || !project || rest.length > 0) throw new UsageError('restore needs a backup file and a project path');
    const r = await restoreProjectFile(backup, project, 'cli');
    if (args.options.json === true) {
      io.out(`${JSON.stringify(r, null, 2)}\n`);
    } else {
      io.out(`Restored ${r.restoredFrom}\n     to ${r.path} (schema ${r.schemaVersion})\n`);
      io.out(r.replacedKeptAt ? `The replaced project is kept at ${r.replacedKeptAt}\n` : 'No project was there before.\n');
    }
    return 0;
  },
};
