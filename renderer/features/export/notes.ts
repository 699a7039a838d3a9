// The export's result notes in the UI language. The backend writes them in English (electron/backend/export/runExport.ts
// notes, also on the workbook's Info sheet, which stays English); the Export screen recognises the known shapes.
import type { TFunction } from 'i18next';

/** shared/weighting/staleness.ts stalenessMessage. */
const STALE = /^Weighting scheme (.+) is out of date: the data changed since its run of (\S+?)(?: \((.*)\))?\. Its weights(?: \(([^)]*)\))? and diagnostics are those of that run; run the scheme again\.$/s;
/** electron/backend/export/xlsxWriter.ts: a sheet split over several. */
const SPLIT = /^(.+): (\d+) rows, split over (.+) \(Excel allows (\d+) rows per sheet\)$/s;

/** One part of shared/weighting/staleness.ts stalenessChanges in the UI language (weighting.stale.*), or as it is. */
function changeText(part: string, t: TFunction): string {
  let m = /^(\d+) cases? newly weighted \(added, included again or completed\)$/.exec(part);
  if (m) return t('weighting.stale.added', { count: Number(m[1]) });
  m = /^(\d+) cases? no longer weighted \(excluded, deleted, not complete or outside the group\)$/.exec(part);
  if (m) return t('weighting.stale.removed', { count: Number(m[1]) });
  m = /^(\d+) cases? with a changed value: (.*)$/s.exec(part);
  if (m) {
    const variables = m[2]!.split(', ').map((x) => {
      const v = /^(\S+) (\d+)$/.exec(x);
      return v ? t('weighting.stale.variableCount', { variable: v[1]!, count: Number(v[2]) }) : x;
    });
    return t('weighting.stale.changed', { count: Number(m[1]), variables: variables.join(', ') });
  }
  if (part === 'changed values not counted (the run predates this version)') return t('weighting.stale.unknown');
  return part;
}

/**
 * A note of the export result in the UI language: a weighting scheme out of date (with what changed, the run's time
 * in the UI's date format) or a sheet split over several; any other note as the backend wrote it.
 * @param note the English note
 * @param t the i18n translate function
 * @param lang the UI language, for the date
 */
export function exportNoteText(note: string, t: TFunction, lang: string): string {
  const s = STALE.exec(note);
  if (s) {
    const when = new Date(s[2]!);
    const ranAt = Number.isNaN(when.getTime()) ? s[2]! : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(when);
    const changes = s[3] ? ` (${s[3].split('; ').map((p) => changeText(p, t)).join('; ')})` : '';
    const weights = s[4] ? ` (${s[4]})` : '';
    return t('export.result.noteStale', { name: s[1]!, ranAt, changes, weights });
  }
  const p = SPLIT.exec(note);
  if (p) return t('export.result.noteSplit', { sheet: p[1]!, rows: new Intl.NumberFormat(lang).format(Number(p[2])), parts: p[3]!, max: new Intl.NumberFormat(lang).format(Number(p[4])) });
  return note;
}
