// Selectors over the app store; components read state only through these.
import type { AppState } from './index';
import type { CaseCounts } from '../../shared/contract/schemas';

const ZERO: CaseCounts = { total: 0, complete: 0, verified: 0, excluded: 0, keyedPaper: 0 };

/** The open project, or null on the start screen. */
export const selectProject = (s: AppState) => s.project;
/** Case counts of the open project (zeros when none is open). The object is stable per project. */
export const selectCounts = (s: AppState): CaseCounts => s.project?.counts ?? ZERO;
/** The questionnaire version of the open project, or null. */
export const selectQuestionnaireVersion = (s: AppState) => s.project?.questionnaireVersion ?? null;
/** The recent-projects list. */
export const selectRecent = (s: AppState) => s.recent;
/** The active work area. */
export const selectArea = (s: AppState) => s.area;
/** The last error to show, or null. */
export const selectError = (s: AppState) => s.error;
/** Whether a project action is running. */
export const selectBusy = (s: AppState) => s.busy;
/** Whether the first project.current answer has arrived. */
export const selectReady = (s: AppState) => s.ready;
/** The loaded page of the case list, or null. */
export const selectCases = (s: AppState) => s.cases;
/** Whether a case-list page is loading. */
export const selectCasesLoading = (s: AppState) => s.casesLoading;
