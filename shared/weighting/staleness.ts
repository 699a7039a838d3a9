// Words for a weighting scheme whose stored weights are out of date (the data changed since its latest run).
import type { SchemeStaleness } from '../contract/weighting';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * What changed since a scheme's run, in English, e.g. `1 case no longer weighted (excluded, deleted, not complete or
 * outside the group); 1 case with a changed value: geslacht 1`, led by the scheme's definition when that changed since
 * the run; empty when the counts are not known; a run stored before per-case inputs were kept says that its changed
 * values are not counted.
 * @param st the staleness of the scheme (electron/backend/services/weighting.ts schemeStaleness)
 */
export function stalenessChanges(st: SchemeStaleness): string {
  const parts: string[] = [];
  if (st.definitionChanged) parts.push("the scheme's definition changed (targets, margins, method, group, base weights or trimming): the weights kept belong to the old definition");
  if (st.casesAdded) parts.push(`${plural(st.casesAdded, 'case', 'cases')} newly weighted (added, included again or completed)`);
  if (st.casesRemoved) parts.push(`${plural(st.casesRemoved, 'case', 'cases')} no longer weighted (excluded, deleted, not complete or outside the group)`);
  if (st.valuesChanged) parts.push(`${plural(st.valuesChanged, 'case', 'cases')} with a changed value: ${st.changedVariables.map((v) => `${v.variable} ${v.cases}`).join(', ')}`);
  if (st.valuesChanged === null && st.casesAdded !== null) parts.push('changed values not counted (the run predates this version)');
  return parts.join('; ');
}

/**
 * One line in English saying that a scheme is out of date and what changed (the data, or the scheme's definition), for the export (Weighting sheet, Info
 * notes, Tables) and the CLI, e.g. `Weighting scheme medewerkers is out of date: the data changed since its run of
 * 2026-12-04T14:00:00.000Z (1 case no longer weighted (…); 1 case with a changed value: geslacht 1). Its weights
 * (w_mw, w_mw_n) and diagnostics are those of that run; run the scheme again.`
 * @param st the staleness (stale = true); @param weightVariables the scheme's weight variables (null = not written)
 */
export function stalenessMessage(st: SchemeStaleness, weightVariables: readonly (string | null)[] = []): string {
  const changes = stalenessChanges(st);
  const vars = weightVariables.filter((x): x is string => x !== null && x !== '');
  return `Weighting scheme ${st.scheme} is out of date: ${st.definitionChanged ? 'the scheme' : 'the data'} changed since its run of ${st.ranAt}${changes ? ` (${changes})` : ''}. `
    + `Its weights${vars.length > 0 ? ` (${vars.join(', ')})` : ''} and diagnostics are those of that run; run the scheme again.`;
}
