// Checks that output files can be written before any of them is, so a command that fails leaves nothing behind.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DomainError } from '../../shared/domain/errors';

/**
 * Checks each target file before anything is written: its folder exists, is a folder and is writable, and the
 * target itself is not a folder. Every problem is named in one DomainError message (`; ` between files).
 * @param paths the files to be written (relative paths resolve against the working folder)
 * @throws DomainError IO_ERROR `Cannot write <file>: the folder does not exist` (or: is not a folder, no permission
 *   to write there, that is a folder)
 */
export function assertWritableTargets(paths: readonly string[]): void {
  const problems: { file: string; why: string }[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    const dir = dirname(abs);
    let why: string | null = null;
    try {
      if (!statSync(dir).isDirectory()) why = `${dir} is not a folder`;
      else {
        accessSync(dir, constants.W_OK);
        try {
          if (statSync(abs).isDirectory()) why = 'that is a folder';
        } catch {
          // The file does not exist yet: fine.
        }
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      why = code === 'ENOENT' ? `the folder ${dir} does not exist` : code === 'EACCES' || code === 'EPERM' ? `no permission to write in ${dir}` : code === 'EROFS' ? 'the disk is read-only' : (e as Error).message;
    }
    if (why !== null) problems.push({ file: abs, why });
  }
  if (problems.length > 0) {
    throw new DomainError('IO_ERROR', problems.map((x) => `Cannot write ${x.file}: ${x.why}`).join('; '));
  }
}
