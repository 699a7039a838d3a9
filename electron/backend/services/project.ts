// Project service: create, open, close, inspect a project, and the session that holds the open one.
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { ProjectInfo } from '../../../shared/contract/schemas';
import { DomainError } from '../../../shared/domain/errors';
import { createProjectFile, openProjectForWrite, openProjectReadOnly, type ProjectDb } from '../db/open';
import { schemaVersion } from '../db/migrate';
import { backupDirFor } from '../db/backup';
import { caseCounts, latestQuestionnaireVersion, readMeta } from '../db/repos/projectRepo';
import { readRecent, touchRecent } from '../recent';
import type { HandlerPart } from '../handlerTypes';

/** File name of the embedded default project in the app-data folder. */
export const DEFAULT_PROJECT_FILE = 'standaardproject.vwk';

/** The per-host state: where app data lives, who we are, and the open project (at most one). */
export interface Session {
  appDataDir: string;
  hostLabel: string;
  project: ProjectDb | null;
}

/**
 * Summarises an open project (metadata, schema version, questionnaire version, case counts).
 * @throws the SQLite error when the file cannot be read (callers map it)
 */
export function projectInfo(p: ProjectDb): ProjectInfo {
  const meta = readMeta(p.db);
  return {
    path: p.path,
    projectId: meta.project_id ?? '',
    title: meta.title ?? '',
    schemaVersion: schemaVersion(p.db),
    createdWith: meta.created_by ?? '',
    createdAt: meta.created_at ?? '',
    questionnaireVersion: latestQuestionnaireVersion(p.db),
    counts: caseCounts(p.db),
    backupDir: backupDirFor(p.path),
    readOnly: p.readOnly,
  };
}

/**
 * Reads a project's summary without taking the writer's lock (works while another process has it open).
 * @throws DomainError NOT_FOUND, NOT_A_PROJECT, CORRUPT_PROJECT, NEWER_VERSION
 */
export function inspectProject(path: string): ProjectInfo {
  const p = openProjectReadOnly(path);
  try {
    return projectInfo(p);
  } finally {
    p.close();
  }
}

/** Closes the session's project, if any. */
export function closeSessionProject(session: Session): boolean {
  if (!session.project) return false;
  session.project.close();
  session.project = null;
  return true;
}

async function openInto(session: Session, path: string): Promise<ProjectInfo> {
  const next = await openProjectForWrite(path, session.hostLabel);
  if (session.project && session.project.path !== next.path) closeSessionProject(session);
  else if (session.project) session.project.close();
  session.project = next;
  const info = projectInfo(next);
  touchRecent(session.appDataDir, info.path, info.title);
  return info;
}

/** The session's open project, or DomainError NO_PROJECT_OPEN. */
export function requireProject(session: Session): ProjectDb {
  if (!session.project) throw new DomainError('NO_PROJECT_OPEN', 'No project is open.');
  return session.project;
}

/** Handlers of the project channels. */
export const projectHandlers = {
  'project.create': async ({ path, title }, { session }) => {
    const base = path.replace(/^.*[\\/]/, '').replace(/\.vwk$/i, '');
    const target = /\.vwk$/i.test(path) ? path : `${path}.vwk`;
    if (session.project && session.project.path === resolve(target)) throw new DomainError('ALREADY_EXISTS', `That project is open: ${target}`);
    const abs = createProjectFile(target, title ?? base);
    return openInto(session, abs);
  },
  'project.open': async ({ path }, { session }) => {
    if (session.project && session.project.path === resolve(path)) return projectInfo(session.project);
    return openInto(session, path);
  },
  'project.openDefault': async (_input, { session }) => {
    const path = join(session.appDataDir, DEFAULT_PROJECT_FILE);
    if (!existsSync(path)) createProjectFile(path, 'Standaardproject');
    return openInto(session, path);
  },
  'project.close': (_input, { session }) => ({ closed: closeSessionProject(session) }),
  'project.current': (_input, { session }) => (session.project ? projectInfo(session.project) : null),
  'project.recent': (_input, { session }) => readRecent(session.appDataDir),
} satisfies HandlerPart<'project.create' | 'project.open' | 'project.openDefault' | 'project.close' | 'project.current' | 'project.recent'>;
