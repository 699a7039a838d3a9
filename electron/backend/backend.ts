// The backend as one object: a session, the handler table and dispatch. Hosts create one each.
import type { Result } from '../../shared/contract/result';
import type { ProgressEvent } from '../../shared/contract/schemas';
import { dispatch } from './dispatch';
import { createHandlers } from './handlers';
import { closeSessionProject, type Session } from './services/project';

/** Options for {@link createBackend}. */
export interface BackendOptions {
  /** Folder for app data: recent list, the embedded default project. */
  appDataDir: string;
  /** Which host runs it: 'app', 'http-host', 'cli', 'test' (shown in "project is in use"). */
  hostLabel: string;
  /** Receives progress events of long jobs. */
  onProgress?: (e: ProgressEvent) => void;
}

/** One backend: call `dispatch` for every channel, `close` when the host shuts down. */
export interface Backend {
  dispatch(channel: string, rawInput: unknown): Promise<Result<unknown>>;
  readonly session: Session;
  close(): void;
}

/**
 * Creates a backend with its own session (at most one open project).
 * Requests are run one at a time, in arrival order, so two calls never interleave on the project.
 */
export function createBackend(opts: BackendOptions): Backend {
  const handlers = createHandlers();
  const session: Session = { appDataDir: opts.appDataDir, hostLabel: opts.hostLabel, project: null };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    session,
    dispatch(channel, rawInput) {
      const run = () =>
        dispatch(handlers, channel, rawInput, {
          session,
          progress: (e) => opts.onProgress?.({ ...e, channel }),
        });
      const next = queue.then(run, run);
      queue = next;
      return next;
    },
    close() {
      closeSessionProject(session);
    },
  };
}
