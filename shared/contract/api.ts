// THE channel table: every channel of the contract with its input and output schema (DESIGN.md §3).
import { z } from 'zod';
import { securityApi } from './security';
import { CaseRow, DirListing, FilePath, ProjectInfo, RecentProject } from './schemas';
import { fieldworkApi } from './fieldwork';
import { entryApi } from './entry';
import { questionnaireApi } from './questionnaire';
import { exportApi } from './export';
import { weightingApi } from './weighting';
import { cleaningApi } from './cleaning';
import { importApi } from './import';
import { exampleApi } from './example';

const empty = z.object({}).strict();

/**
 * Channels served by the backend (`electron/backend/handlers.ts`), identically in every host.
 * Names are `area.verb`. Adding a channel here without a handler is a compile error.
 */
export const backendApi = {
  'app.info': {
    input: empty,
    output: z.object({ appVersion: z.string(), schemaVersion: z.number().int(), languages: z.array(z.string()) }),
  },
  'project.create': {
    input: z.object({ path: FilePath, title: z.string().trim().min(1).max(200).optional() }).strict(),
    output: ProjectInfo,
  },
  'project.open': { input: z.object({ path: FilePath }).strict(), output: ProjectInfo },
  'project.close': { input: empty, output: z.object({ closed: z.boolean() }) },
  'project.current': { input: empty, output: ProjectInfo.nullable() },
  'project.recent': { input: empty, output: z.array(RecentProject) },
  'project.openDefault': { input: empty, output: ProjectInfo },
  ...securityApi,
  'case.list': {
    input: z.object({ offset: z.number().int().nonnegative().default(0), limit: z.number().int().min(1).max(100_000).default(1000) }).strict(),
    output: z.object({ total: z.number().int().nonnegative(), rows: z.array(CaseRow) }),
  },
  ...fieldworkApi,
  ...entryApi,
  ...questionnaireApi,
  ...exportApi,
  ...weightingApi,
  ...cleaningApi,
  ...importApi,
  ...exampleApi,
} as const;

/**
 * Channels answered by the host itself: native dialogs in Electron, an in-page picker over
 * `files.list` in the browser. They cross the same envelope as backend channels.
 */
export const hostApi = {
  'dialog.openProject': { input: empty, output: z.object({ path: z.string().nullable() }) },
  'dialog.saveProject': {
    input: z.object({ defaultName: z.string().max(255).optional() }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  'files.list': {
    input: z
      .object({
        dir: z.string().max(4096).optional(),
        /** List files with these extensions (lower case, no dot) instead of *.vwk projects. */
        extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).max(10).optional(),
      })
      .strict(),
    output: DirListing,
  },
  /** Pick an existing file with one of `extensions`, or (folder: true) a folder, e.g. an XLSForm .xlsx or a folder of CSVs. */
  'dialog.openFile': {
    input: z
      .object({
        title: z.string().max(200).optional(),
        extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).max(10).default([]),
        folder: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  /** Pick where to save a file; the answer ends in the first of `extensions`. */
  'dialog.saveFile': {
    input: z
      .object({
        title: z.string().max(200).optional(),
        defaultName: z.string().max(255).optional(),
        extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).min(1).max(10),
      })
      .strict(),
    output: z.object({ path: z.string().nullable() }),
  },
} as const;

/** Every channel of the contract. */
export const api = { ...backendApi, ...hostApi } as const;

export type BackendChannel = keyof typeof backendApi;
export type HostChannel = keyof typeof hostApi;
export type Channel = keyof typeof api;

/** Parsed input type of a channel (after defaults are applied). */
export type Input<C extends Channel> = z.output<(typeof api)[C]['input']>;
/** Raw input type a caller may send (defaults may be left out). */
export type RawInput<C extends Channel> = z.input<(typeof api)[C]['input']>;
/** Output type of a channel. */
export type Output<C extends Channel> = z.output<(typeof api)[C]['output']>;

/** The list of channel names, for hosts that bind each one. */
export const channelNames = Object.keys(api) as Channel[];
export const backendChannelNames = Object.keys(backendApi) as BackendChannel[];
export const hostChannelNames = Object.keys(hostApi) as HostChannel[];

/** True if `name` is a channel of the contract. */
export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(api, name);
}
