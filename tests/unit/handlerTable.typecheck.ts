// Compile-time proof that a missing or duplicate handler is a type error (checked by `npm run typecheck`).
import { assembleHandlers } from '../../electron/backend/handlers';
import { appHandlers } from '../../electron/backend/services/app';
import { projectHandlers } from '../../electron/backend/services/project';
import { backupHandlers } from '../../electron/backend/services/backups';
import { caseHandlers } from '../../electron/backend/services/cases';
import { questionnaireHandlers } from '../../electron/backend/services/questionnaire';
import { fieldworkHandlers } from '../../electron/backend/services/fieldwork';
import { entryHandlers } from '../../electron/backend/services/entry';
import { verificationHandlers } from '../../electron/backend/services/verification';
import { exportHandlers } from '../../electron/backend/services/export';
import { weightingHandlers } from '../../electron/backend/services/weighting';
import { cleaningHandlers } from '../../electron/backend/services/cleaning';
import { cleaningAuditHandlers } from '../../electron/backend/services/cleaningAudit';
import { importHandlers } from '../../electron/backend/services/importResponses';
import { exampleHandlers } from '../../electron/backend/services/example';

/** Never called: these lines exist for the type checker only. */
export function handlerTableTypeChecks(): void {
  // A complete table compiles.
  assembleHandlers(appHandlers, projectHandlers, backupHandlers, caseHandlers, questionnaireHandlers, fieldworkHandlers, exportHandlers, entryHandlers, verificationHandlers, weightingHandlers, importHandlers, cleaningHandlers, cleaningAuditHandlers, exampleHandlers);
  // @ts-expect-error a channel without a handler (every part but the case handlers) must not compile
  assembleHandlers(appHandlers, projectHandlers, backupHandlers, questionnaireHandlers, fieldworkHandlers, exportHandlers, entryHandlers, verificationHandlers, weightingHandlers, importHandlers, cleaningHandlers, cleaningAuditHandlers, exampleHandlers);
  // @ts-expect-error a channel with two handlers (the case handlers twice, nothing missing) must not compile
  assembleHandlers(appHandlers, projectHandlers, backupHandlers, caseHandlers, questionnaireHandlers, fieldworkHandlers, exportHandlers, entryHandlers, verificationHandlers, weightingHandlers, importHandlers, cleaningHandlers, cleaningAuditHandlers, exampleHandlers, caseHandlers);
}
