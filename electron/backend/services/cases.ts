// Case channels: the case list of the open project.
import { listCases } from '../db/repos/projectRepo';
import type { HandlerPart } from '../handlerTypes';
import { requireProject } from './project';

/** Handlers of the case.* channels. */
export const caseHandlers = {
  'case.list': ({ offset, limit }, { session }) => listCases(requireProject(session).db, offset, limit),
} satisfies HandlerPart<'case.list'>;
