// Path helpers for the in-page file picker (the browser has no node:path).

/** The separator used by a directory path: "\\" for Windows-style paths, "/" otherwise. */
export function separatorOf(dir: string): '/' | '\\' {
  return /^[A-Za-z]:\\/.test(dir) || (dir.includes('\\') && !dir.includes('/')) ? '\\' : '/';
}

/** True for an absolute POSIX path ("/…") or a Windows drive path ("C:\\…", "C:/…"). */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/**
 * Resolves what the user typed in the file-name field against the current folder and makes sure
 * the name ends in `.vwk`. An absolute typed path is used as it is (plus the extension).
 */
export function resolveProjectPath(dir: string, typed: string): string {
  const name = typed.trim();
  const withExt = /\.vwk$/i.test(name) ? name : `${name}.vwk`;
  if (isAbsolutePath(withExt)) return withExt;
  const sep = separatorOf(dir);
  return dir.endsWith(sep) ? `${dir}${withExt}` : `${dir}${sep}${withExt}`;
}

/** The last segment of a path (the file name). */
export function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] ?? p;
}
