// Assembles the services' handlers into the one table dispatch uses; missing or duplicate channels fail to compile.
import { backendChannelNames, type BackendChannel } from '../../shared/contract/api';
import type { Handlers } from './handlerTypes';
import { projectHandlers } from './services/project';
import { appHandlers } from './services/app';
import { backupHandlers } from './services/backups';
import { caseHandlers } from './services/cases';
import { fieldworkHandlers } from './services/fieldwork';
import { entryHandlers } from './services/entry';
import { verificationHandlers } from './services/verification';
import { questionnaireHandlers } from './services/questionnaire';
import { exportHandlers } from './services/export';
import { weightingHandlers } from './services/weighting';
import { cleaningHandlers } from './services/cleaning';
import { cleaningAuditHandlers } from './services/cleaningAudit';
import { importHandlers } from './services/importResponses';
import { exampleHandlers } from './services/example';

type KeysOf<T extends readonly object[]> = T[number] extends infer U ? (U extends object ? keyof U : never) : never;
type Duplicates<T extends readonly object[]> = T extends readonly [infer H extends object, ...infer R extends readonly object[]]
  ? (keyof H & KeysOf<R>) | Duplicates<R>
  : never;
type Missing<T extends readonly object[]> = Exclude<BackendChannel, KeysOf<T>>;
type Checked<T extends readonly object[]> = [Duplicates<T>] extends [never]
  ? [Missing<T>] extends [never]
    ? T
    : { error: 'missing handlers'; channels: Missing<T> }
  : { error: 'duplicate handlers'; channels: Duplicates<T> };

/**
 * Merges handler parts into one table. At compile time the parts must cover every backend channel
 * exactly once (a missing or duplicate channel makes the argument type impossible); at run time the
 * same is checked again.
 * @throws Error naming the channel when a part is missing or duplicated (only if types were bypassed)
 */
export function assembleHandlers<const T extends readonly object[]>(...parts: T & Checked<T>): Handlers {
  const table: Record<string, unknown> = {};
  for (const part of parts as readonly object[]) {
    for (const [k, v] of Object.entries(part)) {
      if (k in table) throw new Error(`Duplicate handler for channel ${k}`);
      table[k] = v;
    }
  }
  for (const c of backendChannelNames) if (!(c in table)) throw new Error(`Missing handler for channel ${c}`);
  for (const k of Object.keys(table)) if (!(backendChannelNames as string[]).includes(k)) throw new Error(`Handler for unknown channel ${k}`);
  return table as Handlers;
}

/** The backend's handler table. */
export function createHandlers(): Handlers {
  return assembleHandlers(appHandlers, projectHandlers, backupHandlers, caseHandlers, questionnaireHandlers, fieldworkHandlers, exportHandlers, entryHandlers, verificationHandlers, weightingHandlers, importHandlers, cleaningHandlers, cleaningAuditHandlers, exampleHandlers);
}
