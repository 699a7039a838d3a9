// Export service: export.run (wait for the files), export.start/status/cancel (background job with progress),
// export.options (what the form can offer), export profiles saved per project.
import { randomUUID } from 'node:crypto';
import { basename, dirname } from 'node:path';
import { userInfo } from 'node:os';
import { DomainError } from '../../../shared/domain/errors';
import { textIn, valueLabels, variablesOf } from '../../../shared/domain/questionnaire';
import { DEFAULT_SHEET_IDS, SHEET_IDS, SHEET_NAMES } from '../../../shared/export';
import type { ExportJobStatus, ExportOptionsOutput, ExportRunInput } from '../../../shared/contract/export';
import type { HandlerPart } from '../handlerTypes';
import { loadQuestionnaire, weightingWeights } from '../export/loadDataset';
import { runExport, type ExportRequest } from '../export/runExport';
import { defaultProfileName, deleteProfile, listProfiles, saveProfile } from '../export/profiles';
import { requireProject } from './project';

function osUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

function requestOf(input: ExportRunInput): ExportRequest {
  return {
    out: input.path,
    ...(input.sheets ? { sheets: input.sheets } : {}),
    ...(input.includeIdentifiers !== undefined ? { includeIdentifiers: input.includeIdentifiers } : {}),
    ...(input.weight !== undefined ? { weight: input.weight } : {}),
    ...(input.statuses ? { statuses: input.statuses } : {}),
    ...(input.filter ? { filter: input.filter } : {}),
    ...(input.tables ? { tables: input.tables } : {}),
    ...(input.csv ? { csv: input.csv } : {}),
    ...(input.sps ? { sps: input.sps } : {}),
    ...(input.profile !== undefined ? { profile: input.profile } : {}),
  };
}

/** One background export. */
interface Job {
  status: ExportJobStatus;
  controller: AbortController;
}

/** Background jobs per session, by id in start order (the newest few are kept so a late status call still gets the outcome). */
const jobsBySession = new WeakMap<object, Map<string, Job>>();
const KEEP_JOBS = 20;

function jobsOf(session: object): Map<string, Job> {
  let m = jobsBySession.get(session);
  if (!m) {
    m = new Map();
    jobsBySession.set(session, m);
  }
  return m;
}

function remember(jobs: Map<string, Job>, job: Job): void {
  jobs.set(job.status.jobId, job);
  while (jobs.size > KEEP_JOBS) {
    const oldest = [...jobs.values()].find((j) => j.status.state !== 'running');
    if (!oldest) break;
    jobs.delete(oldest.status.jobId);
  }
}

function requireJob(jobs: Map<string, Job>, jobId: string | undefined): Job {
  const job = jobId === undefined ? [...jobs.values()].at(-1) : jobs.get(jobId);
  if (!job) throw new DomainError('NOT_FOUND', jobId === undefined ? 'No export was started.' : `No export job ${jobId}.`);
  return job;
}

/** Calculated variables offered as weights: their name or label says so (decimal variables always are). */
const WEIGHT_NAME = /gewicht|weeg|weging|weight|wgt/i;

function slug(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'export';
}

/** Handlers of the export.* channels. Progress events carry phase = sheet name (or 'csv', 'done'). */
export const exportHandlers = {
  'export.run': async (input, { session, progress }) => {
    const p = requireProject(session);
    const jobId = randomUUID();
    return runExport(p, requestOf(input), {
      operator: input.operator ?? osUser(),
      onProgress: (e) => progress({ jobId, phase: e.phase, done: e.done, total: e.total }),
    });
  },

  'export.options': (_input, { session }) => {
    const p = requireProject(session);
    const { questionnaire: q } = loadQuestionnaire(p.db);
    const lang = (t: Readonly<Record<string, string>>) => textIn(t, q.defaultLanguage, q.defaultLanguage);
    const vars = variablesOf(q);
    const weights: ExportOptionsOutput['weights'] = vars
      .filter((v) => v.type === 'decimal' || (v.type === 'calculated' && WEIGHT_NAME.test(`${v.name} ${lang(v.label)}`)))
      .map((v) => ({ name: v.name, label: lang(v.label), source: 'questionnaire' as const }));
    for (const w of weightingWeights(p.db)) {
      if (!weights.some((x) => x.name === w.name)) weights.push({ name: w.name, label: `${w.scheme} (${w.column === 'weight' ? 'population' : 'n'})`, source: 'weighting' });
    }
    const counts = { open: 0, complete: 0, verified: 0, excluded: 0 };
    for (const r of p.db.prepare('SELECT status, count(*) AS n FROM case_record GROUP BY status').all() as { status: string; n: number }[]) {
      if (r.status in counts) counts[r.status as keyof typeof counts] = r.n;
    }
    const title = (p.db.prepare("SELECT value FROM project_meta WHERE key = 'title'").get() as { value: string } | undefined)?.value ?? basename(p.path, '.vwk');
    return {
      sheets: SHEET_IDS.map((id) => ({ id, name: SHEET_NAMES[id], default: DEFAULT_SHEET_IDS.includes(id) })),
      weights,
      filterVariables: vars
        .filter((v) => v.type === 'single' && !v.identifier)
        .map((v) => ({ name: v.name, label: lang(v.label), codes: valueLabels(q, v).filter((l) => !l.missing).map((l) => ({ code: l.code, label: lang(l.label) })) })),
      identifiers: vars.filter((v) => v.identifier).map((v) => ({ name: v.name, label: lang(v.label) })),
      statusCounts: counts,
      suggestedName: `${slug(title)}-export-${new Date().toISOString().slice(0, 10)}.xlsx`,
      projectDir: dirname(p.path),
      readOnly: p.readOnly,
      defaultProfile: defaultProfileName(p.db),
    };
  },

  'export.start': async (input, { session }) => {
    const p = requireProject(session);
    const jobs = jobsOf(session);
    if ([...jobs.values()].some((j) => j.status.state === 'running')) throw new DomainError('INVALID_INPUT', 'An export is already running; wait for it or cancel it.');
    const controller = new AbortController();
    const job: Job = {
      controller,
      status: { jobId: randomUUID(), state: 'running', phase: 'start', done: 0, total: 0, result: null, error: null },
    };
    const running = runExport(p, requestOf(input), {
      signal: controller.signal,
      operator: input.operator ?? osUser(),
      onProgress: (e) => {
        job.status = { ...job.status, phase: e.phase, done: e.done, total: e.total };
      },
    });
    // The checks and the dataset load run before the first await of runExport: their errors reject at once and
    // reach the caller as this channel's error; the writing goes on in the background.
    const first = await Promise.race([running.then(() => 'done' as const), new Promise<'running'>((r) => setImmediate(() => r('running')))]);
    remember(jobs, job);
    const settle = running.then(
      (result) => {
        job.status = { ...job.status, state: 'done', phase: 'done', done: job.status.total, result };
      },
      (e: unknown) => {
        const cancelled = e instanceof DomainError && e.code === 'CANCELLED';
        job.status = {
          ...job.status,
          state: cancelled ? 'cancelled' : 'failed',
          error: e instanceof DomainError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) },
        };
        if (!(e instanceof DomainError)) console.error(e);
      },
    );
    if (first === 'done') await settle;
    return job.status;
  },

  'export.status': ({ jobId }, { session }) => requireJob(jobsOf(session), jobId).status,

  'export.cancel': ({ jobId }, { session }) => {
    const job = requireJob(jobsOf(session), jobId);
    if (job.status.state === 'running') job.controller.abort();
    return job.status;
  },

  'export.listProfiles': (_input, { session }) => listProfiles(requireProject(session).db),

  'export.saveProfile': ({ profile, operator }, { session }) => {
    const p = requireProject(session);
    if (p.readOnly) throw new DomainError('INVALID_INPUT', 'The project is open read-only: profiles cannot be saved.');
    return saveProfile(p.db, profile, operator ?? osUser());
  },

  'export.deleteProfile': ({ name }, { session }) => {
    const p = requireProject(session);
    if (p.readOnly) throw new DomainError('INVALID_INPUT', 'The project is open read-only: profiles cannot be deleted.');
    return deleteProfile(p.db, name);
  },
} satisfies HandlerPart<
  'export.run' | 'export.options' | 'export.start' | 'export.status' | 'export.cancel' | 'export.listProfiles' | 'export.saveProfile' | 'export.deleteProfile'
>;
