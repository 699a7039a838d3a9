// Formatting helpers of the export area: file sizes and row counts in the UI language.

/**
 * A file size in bytes as text with a binary unit (B, KB, MB, GB; 1 KB = 1024 B), one decimal above KB.
 * @example formatBytes(1536, 'nl') // "1,5 KB"
 */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: u === 0 ? 0 : 1 });
  return `${nf.format(v)} ${units[u]}`;
}

/** The file name of a path (after the last / or \). */
export function fileName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}

/** The folder of a path (before the last / or \), or '' for a bare name. */
export function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : '';
}
