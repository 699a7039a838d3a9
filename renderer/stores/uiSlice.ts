// UI slice: which work area is shown. Language lives in i18next (remembered in localStorage).
import type { StateCreator } from 'zustand';
import type { AreaId } from '../features/shell/areas';
import type { AppState } from './index';

/** State and actions of the UI slice. */
export interface UiSlice {
  area: AreaId;
  setArea(area: AreaId): void;
}

/** Creates the UI slice (zustand slices pattern). */
export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  area: 'questionnaire',
  setArea(area) {
    set({ area });
  },
});
