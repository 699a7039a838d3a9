// Questionnaire slice: the project's stored questionnaire, the builder's draft, import/export/save via renderer/api.
import type { StateCreator } from 'zustand';
import type { QuestionnaireState } from '../../shared/contract/questionnaire';
import type { ResultIssue } from '../../shared/contract/result';
import type { Questionnaire } from '../../shared/domain/questionnaire';
import { invoke, toResultError } from '../api/client';
import type { AppState } from './index';

/** What the last questionnaire action did, shown above the tabs until dismissed. */
export interface QuestionnaireNotice {
  kind: 'imported' | 'saved' | 'exported';
  change?: 'new' | 'identical' | 'labelOnly' | 'logic' | 'structural';
  warnings: ResultIssue[];
  path?: string;
  version?: string;
}

/** Problems of a refused import or save (QUESTIONNAIRE_INVALID), listed in a table. */
export interface QuestionnaireProblems {
  action: 'import' | 'save';
  message: string;
  issues: ResultIssue[];
}

/** State and actions of the questionnaire slice. The project file is the truth; the draft is the builder's work. */
export interface QuestionnaireSlice {
  /** The stored questionnaire (null when the project has none); undefined until loaded. */
  qState: QuestionnaireState | null | undefined;
  qBusy: boolean;
  /** The builder's working copy (null when the builder has nothing to edit). */
  qDraft: Questionnaire | null;
  /** Whether the draft differs from what is stored. */
  qDirty: boolean;
  qNotice: QuestionnaireNotice | null;
  qProblems: QuestionnaireProblems | null;
  /** Reads the project's questionnaire and resets the draft to it. */
  loadQuestionnaire(): Promise<void>;
  /** Imports an XLSForm (.xlsx or folder of CSVs); resolves true when stored. */
  importQuestionnaire(path: string): Promise<boolean>;
  /** Exports the stored questionnaire as XLSForm; resolves true when written. */
  exportQuestionnaire(path: string): Promise<boolean>;
  /** Saves the draft through questionnaire.save; resolves true when stored. */
  saveDraft(): Promise<boolean>;
  /** Replaces the draft (the builder's edits) and marks it dirty. */
  setDraft(q: Questionnaire): void;
  /** Drops the draft's edits (back to the stored questionnaire). */
  discardDraft(): void;
  dismissQuestionnaireNotice(): void;
  dismissQuestionnaireProblems(): void;
}

/** Creates the questionnaire slice (zustand slices pattern). */
export const createQuestionnaireSlice: StateCreator<AppState, [], [], QuestionnaireSlice> = (set, get) => {
  /** Runs an action with busy bookkeeping; QUESTIONNAIRE_INVALID goes to the problem table, others to the app's error banner. */
  async function run(action: 'import' | 'save' | 'export', body: () => Promise<void>): Promise<boolean> {
    // A new action starts afresh: the previous action's error banner goes (it comes back if this one fails too).
    set({ qBusy: true, qProblems: null, qNotice: null });
    get().setError(null);
    try {
      await body();
      return true;
    } catch (err) {
      const e = toResultError(err);
      if (e.code === 'QUESTIONNAIRE_INVALID' && action !== 'export') set({ qProblems: { action, message: e.message, issues: e.issues ?? [] } });
      else get().setError(e);
      return false;
    } finally {
      set({ qBusy: false });
    }
  }

  return {
    qState: undefined,
    qBusy: false,
    qDraft: null,
    qDirty: false,
    qNotice: null,
    qProblems: null,
    async loadQuestionnaire() {
      set({ qBusy: true });
      try {
        const state = await invoke('questionnaire.get', {});
        set({ qState: state, qDraft: state?.questionnaire ?? null, qDirty: false, qNotice: null, qProblems: null });
      } catch (err) {
        set({ qState: null });
        get().setError(toResultError(err));
      } finally {
        set({ qBusy: false });
      }
    },
    importQuestionnaire(path) {
      return run('import', async () => {
        const r = await invoke('questionnaire.importXlsform', { path });
        set({ qState: r.state, qDraft: r.state.questionnaire, qDirty: false, qNotice: { kind: 'imported', change: r.change, warnings: r.warnings, path, version: r.state.version } });
        void get().refreshProject();
      });
    },
    exportQuestionnaire(path) {
      return run('export', async () => {
        const r = await invoke('questionnaire.exportXlsform', { path });
        set({ qNotice: { kind: 'exported', warnings: [], path: r.path } });
      });
    },
    saveDraft() {
      const draft = get().qDraft;
      if (!draft) return Promise.resolve(false);
      return run('save', async () => {
        const r = await invoke('questionnaire.save', { questionnaire: draft });
        set({ qState: r.state, qDraft: r.state.questionnaire, qDirty: false, qNotice: { kind: 'saved', change: r.change, warnings: r.warnings, version: r.state.version } });
        void get().refreshProject();
      });
    },
    setDraft(q) {
      set({ qDraft: q, qDirty: true });
    },
    discardDraft() {
      set({ qDraft: get().qState?.questionnaire ?? null, qDirty: false, qProblems: null });
    },
    dismissQuestionnaireNotice() {
      set({ qNotice: null });
    },
    dismissQuestionnaireProblems() {
      set({ qProblems: null });
    },
  };
};
