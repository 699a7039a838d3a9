// Export profiles saved per project: a JSON list in project_meta under the key 'export_profiles'.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { DomainError } from '../../../shared/domain/errors';
import { StoredExportProfile, type ExportProfile } from '../../../shared/contract/export';

/** The project_meta key holding the profiles. */
export const PROFILES_KEY = 'export_profiles';

const StoredList = z.array(StoredExportProfile);

/**
 * The saved export profiles of a project, sorted by name (case-insensitive). A stored value that is not a valid
 * profile list (written by hand or by a newer version) is refused rather than silently dropped.
 * @throws DomainError CORRUPT_PROJECT when the stored JSON is not a profile list
 */
export function listProfiles(db: Database): StoredExportProfile[] {
  const row = db.prepare('SELECT value FROM project_meta WHERE key = ?').get(PROFILES_KEY) as { value: string } | undefined;
  if (!row) return [];
  let json: unknown;
  try {
    json = JSON.parse(row.value);
  } catch {
    throw new DomainError('CORRUPT_PROJECT', `project_meta.${PROFILES_KEY} is not valid JSON.`);
  }
  const parsed = StoredList.safeParse(json);
  if (!parsed.success) throw new DomainError('CORRUPT_PROJECT', `project_meta.${PROFILES_KEY} is not a list of export profiles: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return sortProfiles(parsed.data);
}

function sortProfiles(list: StoredExportProfile[]): StoredExportProfile[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name, 'nl', { sensitivity: 'base' }));
}

function writeProfiles(db: Database, list: readonly StoredExportProfile[]): void {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(PROFILES_KEY, JSON.stringify(list));
}

/** Finds a profile by name, ignoring case. */
export function findProfile(list: readonly StoredExportProfile[], name: string): StoredExportProfile | undefined {
  const key = name.trim().toLocaleLowerCase('nl');
  return list.find((p) => p.name.toLocaleLowerCase('nl') === key);
}

/**
 * Saves a profile, replacing one with the same name (ignoring case), in one transaction.
 * @param profile the choices; @param by who saves it; @param now ISO time
 * @returns all profiles after the save
 */
export function saveProfile(db: Database, profile: ExportProfile, by: string, now = new Date().toISOString()): StoredExportProfile[] {
  return db.transaction(() => {
    const list = listProfiles(db);
    const old = findProfile(list, profile.name);
    const next = [...list.filter((p) => p !== old), { ...profile, name: profile.name.trim(), savedAt: now, savedBy: by }];
    writeProfiles(db, next);
    return sortProfiles(next);
  })();
}

/**
 * Deletes a profile by name (ignoring case).
 * @throws DomainError NOT_FOUND when there is no such profile
 * @returns the profiles left
 */
export function deleteProfile(db: Database, name: string): StoredExportProfile[] {
  return db.transaction(() => {
    const list = listProfiles(db);
    const old = findProfile(list, name);
    if (!old) throw new DomainError('NOT_FOUND', `No export profile named ${name}.`);
    const next = list.filter((p) => p !== old);
    writeProfiles(db, next);
    return next;
  })();
}

/** The project_meta key naming the profile an export applies when it names none (e.g. the example's report). */
export const DEFAULT_PROFILE_KEY = 'export_default_profile';

/** The name of the project's default export profile, or null when it has none (or it was deleted since). */
export function defaultProfileName(db: Database): string | null {
  const row = db.prepare('SELECT value FROM project_meta WHERE key = ?').get(DEFAULT_PROFILE_KEY) as { value: string } | undefined;
  if (!row) return null;
  return findProfile(listProfiles(db), row.value)?.name ?? null;
}

/**
 * Makes a saved profile the project's default export (null: no default).
 * @throws DomainError NOT_FOUND when there is no profile of that name
 */
export function setDefaultProfile(db: Database, name: string | null): void {
  if (name === null) {
    db.prepare('DELETE FROM project_meta WHERE key = ?').run(DEFAULT_PROFILE_KEY);
    return;
  }
  const p = findProfile(listProfiles(db), name);
  if (!p) throw new DomainError('NOT_FOUND', `No export profile named ${name}.`);
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(DEFAULT_PROFILE_KEY, p.name);
}
