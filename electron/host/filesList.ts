// The files.list channel: one folder's sub-folders and *.vwk files (or files of given extensions), for the in-page file picker.
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { hostApi } from '../../shared/contract/api';
import { fail, ok, type Result } from '../../shared/contract/result';
import type { DirListing } from '../../shared/contract/schemas';

/** At most this many entries are returned for one folder (the picker is not a file manager). */
export const MAX_ENTRIES = 2000;

/**
 * Lists `dir` (default: the user's home folder): visible sub-folders first, then `*.vwk` files
 * (kind 'project') or, when `extensions` is given, files with one of those extensions (kind 'file'),
 * each group sorted by name. Raw input is validated with the contract's `files.list` schema.
 * @returns `{ ok: true, value: DirListing }`, or INVALID_INPUT / NOT_FOUND / IO_ERROR
 */
export async function listFiles(rawInput: unknown, defaultDir: string = homedir()): Promise<Result<DirListing>> {
  const parsed = hostApi['files.list'].input.safeParse(rawInput ?? {});
  if (!parsed.success) return fail('INVALID_INPUT', `Invalid input for files.list: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const dir = resolve(parsed.data.dir && parsed.data.dir.trim() !== '' ? parsed.data.dir : defaultDir);
  const exts = parsed.data.extensions;
  const fileKind: 'project' | 'file' = exts ? 'file' : 'project';
  const wanted = (name: string): boolean => {
    if (!exts) return /\.vwk$/i.test(name);
    const dot = name.lastIndexOf('.');
    return dot > 0 && exts.includes(name.slice(dot + 1).toLowerCase());
  };
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) return fail('NOT_FOUND', `Not a folder: ${dir}`);
    const dirents = await readdir(dir, { withFileTypes: true });
    const dirs: DirListing['entries'] = [];
    const projects: DirListing['entries'] = [];
    for (const d of dirents) {
      if (d.name.startsWith('.')) continue;
      const path = join(dir, d.name);
      let isDir = d.isDirectory();
      let isFile = d.isFile();
      if (d.isSymbolicLink()) {
        const target = await stat(path).catch(() => null);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir && !d.name.endsWith('.backups')) dirs.push({ name: d.name, path, kind: 'dir' });
      else if (isFile && wanted(d.name)) projects.push({ name: d.name, path, kind: fileKind });
    }
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true });
    const entries = [...dirs.sort(byName), ...projects.sort(byName)].slice(0, MAX_ENTRIES);
    const parent = dirname(dir);
    return ok({ dir, parent: parent === dir ? null : parent, entries });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('NOT_FOUND', `Folder not found: ${dir}`);
    return fail('IO_ERROR', `Cannot read folder ${dir}: ${code ?? (e instanceof Error ? e.message : String(e))}`);
  }
}
