// Export service: the export.run channel (workbook, CSV, SPSS syntax) on the open project.
import { randomUUID } from 'node:crypto';
import type { HandlerPart } from '../handlerTypes';
import { runExport } from '../export/runExport';
import { requireProject } from './project';

/** Handlers of the export.* channels. Progress events carry phase = sheet name (or 'csv', 'done'). */
export const exportHandlers = {
  'export.run': async (input, { session, progress }) => {
    const p = requireProject(session);
    const jobId = randomUUID();
    return runExport(
      p,
      {
        out: input.path,
        ...(input.sheets ? { sheets: input.sheets } : {}),
        ...(input.includeIdentifiers !== undefined ? { includeIdentifiers: input.includeIdentifiers } : {}),
        ...(input.weight !== undefined ? { weight: input.weight } : {}),
        ...(input.statuses ? { statuses: input.statuses } : {}),
        ...(input.csv ? { csv: input.csv } : {}),
        ...(input.sps ? { sps: input.sps } : {}),
      },
      { onProgress: (e) => progress({ jobId, phase: e.phase, done: e.done, total: e.total }) },
    );
  },
} satisfies HandlerPart<'export.run'>;
