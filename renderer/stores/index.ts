// The one zustand store, composed from typed slices (DESIGN.md §5). No persisted survey data.
import { create } from 'zustand';
import { createProjectSlice, type ProjectSlice } from './projectSlice';
import { createUiSlice, type UiSlice } from './uiSlice';
import { createCaseListSlice, type CaseListSlice } from './caseListSlice';
import { createEntrySlice, type EntrySlice } from './entrySlice';
import { createQuestionnaireSlice, type QuestionnaireSlice } from './questionnaireSlice';
import { createFieldworkSlice, type FieldworkSlice } from './fieldworkSlice';
import { createExportSlice, type ExportSlice } from './exportSlice';
import { createCleaningSlice, type CleaningSlice } from './cleaningSlice';
import { createImportSlice, type ImportSlice } from './importSlice';

/** The whole renderer state: the intersection of all slices. */
export type AppState = ProjectSlice & UiSlice & CaseListSlice & EntrySlice & QuestionnaireSlice & FieldworkSlice & ExportSlice & CleaningSlice & ImportSlice;

/** Creates a fresh store instance (tests create their own; the app uses {@link useAppStore}). */
export function createAppStore() {
  return create<AppState>()((...a) => ({
    ...createProjectSlice(...a),
    ...createUiSlice(...a),
    ...createCaseListSlice(...a),
    ...createEntrySlice(...a),
    ...createQuestionnaireSlice(...a),
    ...createFieldworkSlice(...a),
    ...createExportSlice(...a),
    ...createCleaningSlice(...a),
    ...createImportSlice(...a),
  }));
}

/** The app's store hook. Read through the selectors in ./selectors. */
export const useAppStore = createAppStore();
