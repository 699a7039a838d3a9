// Project slice: the open project's summary, the recent list and the project actions (via renderer/api).
import type { StateCreator } from 'zustand';
import type { ProjectInfo, RecentProject } from '../../shared/contract/schemas';
import { invoke, onCallSettled, toResultError, type ShownError } from '../api/client';
import type { AppState } from './index';

/** State and actions of the project slice. Nothing here is persisted; the project file is the truth. */
export interface ProjectSlice {
  project: ProjectInfo | null;
  recent: RecentProject[];
  /** True while a project action (open/create/close) runs. */
  busy: boolean;
  /**
   * The last failed action's error, shown on screen until dismissed, until a new project action starts,
   * or until the channel that failed succeeds in a later call (a retry that worked).
   */
  error: ShownError | null;
  /** Has the first `project.current` answer arrived? */
  ready: boolean;
  refreshProject(): Promise<void>;
  loadRecent(): Promise<void>;
  createProject(path: string, title?: string): Promise<boolean>;
  openProject(path: string): Promise<boolean>;
  closeProject(): Promise<void>;
  setError(error: ShownError | null): void;
}

/** Creates the project slice (zustand slices pattern). */
export const createProjectSlice: StateCreator<AppState, [], [], ProjectSlice> = (set, get) => {
  // A stale error must not stay above a later success: when the channel whose call failed answers a later
  // call successfully, the failure no longer holds. (Actions that start afresh also clear it themselves.)
  onCallSettled(({ channel, seq, ok }) => {
    const shown = get().error;
    if (ok && shown?.channel === channel && (shown.seq ?? 0) < seq) set({ error: null });
  });

  /** Runs one project action with busy/error bookkeeping; resolves true on success. */
  async function run(action: () => Promise<void>): Promise<boolean> {
    set({ busy: true, error: null });
    try {
      await action();
      return true;
    } catch (err) {
      set({ error: toResultError(err) });
      return false;
    } finally {
      set({ busy: false });
    }
  }

  return {
    project: null,
    recent: [],
    busy: false,
    error: null,
    ready: false,
    async refreshProject() {
      try {
        const project = await invoke('project.current', {});
        set({ project, ready: true });
      } catch (err) {
        set({ error: toResultError(err), ready: true });
      }
    },
    async loadRecent() {
      try {
        set({ recent: await invoke('project.recent', {}) });
      } catch (err) {
        set({ error: toResultError(err) });
      }
    },
    createProject(path, title) {
      return run(async () => {
        const project = await invoke('project.create', title ? { path, title } : { path });
        set({ project });
        get().resetCases();
        get().setArea('questionnaire');
      });
    },
    openProject(path) {
      return run(async () => {
        const project = await invoke('project.open', { path });
        set({ project });
        get().resetCases();
        get().setArea('questionnaire');
      });
    },
    async closeProject() {
      await run(async () => {
        await invoke('project.close', {});
        set({ project: null });
        get().resetCases();
      });
      await get().loadRecent();
    },
    setError(error) {
      set({ error });
    },
  };
};
