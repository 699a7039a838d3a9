// The recent-projects list, kept as JSON in the app-data folder (paths only; no respondent data).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecentProject } from '../../shared/contract/schemas';

/** How many recent projects are remembered. */
export const RECENT_KEPT = 10;

function file(appDataDir: string): string {
  return join(appDataDir, 'recent.json');
}

/** Reads the recent list (most recent first); a missing or unreadable file gives an empty list. */
export function readRecent(appDataDir: string): RecentProject[] {
  try {
    const raw = JSON.parse(readFileSync(file(appDataDir), 'utf8')) as unknown;
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((r): r is { path: string; title: string; openedAt: string } => typeof r?.path === 'string' && typeof r?.title === 'string' && typeof r?.openedAt === 'string')
      .map((r) => ({ path: r.path, title: r.title, openedAt: r.openedAt, exists: existsSync(r.path) }));
  } catch {
    return [];
  }
}

/** Puts a project at the top of the recent list (written atomically via a temporary file). */
export function touchRecent(appDataDir: string, path: string, title: string): void {
  const list = readRecent(appDataDir).filter((r) => r.path !== path);
  list.unshift({ path, title, openedAt: new Date().toISOString(), exists: true });
  mkdirSync(appDataDir, { recursive: true });
  const tmp = `${file(appDataDir)}.tmp`;
  writeFileSync(tmp, JSON.stringify(list.slice(0, RECENT_KEPT).map(({ exists: _e, ...r }) => r), null, 2));
  renameSync(tmp, file(appDataDir));
}
