// Handler of the audit view (issue 6): one filtered page of the append-only audit log.
import { queryAudit, type AuditFilter } from '../db/repos/auditRepo';
import type { HandlerPart } from '../handlerTypes';
import { requireProject } from './project';

/** Handlers of the audit-view channel (read-only; works on a project opened read-only). */
export const cleaningAuditHandlers = {
  'cleaning.audit': ({ caseId, variable, operator, source, from, to, text, offset, limit }, { session }) => {
    const f: AuditFilter = { offset, limit };
    if (caseId !== undefined) f.caseId = caseId;
    if (variable !== undefined) f.variable = variable;
    if (operator !== undefined) f.operator = operator;
    if (source !== undefined) f.source = source;
    if (from !== undefined) f.from = from;
    if (to !== undefined) f.to = to;
    if (text !== undefined) f.text = text;
    return queryAudit(requireProject(session).db, f);
  },
} satisfies HandlerPart<'cleaning.audit'>;
