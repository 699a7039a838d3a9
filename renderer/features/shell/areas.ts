// The work areas in the order of the work, with their ids, URL-ish slugs and keyboard shortcuts.

/** Ids of the work areas, in the order of the work. */
export const AREA_IDS = ['questionnaire', 'fieldwork', 'entry', 'verification', 'import', 'cleaning', 'weighting', 'export'] as const;
/** One of {@link AREA_IDS}. */
export type AreaId = (typeof AREA_IDS)[number];

/** Dutch slug of each area, used for element ids and screenshot names (e.g. "vragenlijst"). */
export const AREA_SLUGS: Readonly<Record<AreaId, string>> = {
  questionnaire: 'vragenlijst',
  fieldwork: 'veldwerk',
  entry: 'invoer',
  verification: 'verificatie',
  import: 'import',
  cleaning: 'opschonen',
  weighting: 'weging',
  export: 'export',
};

/** The area reached by Ctrl/Alt + digit (1-based), or undefined for other digits. */
export function areaForDigit(digit: number): AreaId | undefined {
  return AREA_IDS[digit - 1];
}

/** The area `delta` steps from `from` in the nav (wrapping around), for arrow-key navigation. */
export function stepArea(from: AreaId, delta: number): AreaId {
  const n = AREA_IDS.length;
  const i = AREA_IDS.indexOf(from);
  return AREA_IDS[(((i + delta) % n) + n) % n] ?? from;
}
