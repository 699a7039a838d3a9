// The scheme form's early check of its weight variable names: which export column a name clashes with, worded for the UI.
import type { TFunction } from 'i18next';
import { weightNameClashes, type WeightNameContext, type WeightNameField } from '../../../shared/weighting/weightNames';

/**
 * Why the scheme's weight variables may not take their names, per field (absent = free): the export column each one
 * clashes with, compared without regard to letter case as the backend (saveScheme) does — case_id, a questionnaire
 * variable or option column, another scheme's weight variable, a derived variable — or the other weight variable of
 * the same scheme.
 * @param t the i18next translate function (keys `weighting.weightName.*`)
 * @param scheme the scheme's name and weight variable names as typed (null or '' = not written)
 * @param ctx the project's questionnaire, derived variable names and the schemes' weight variables
 * @returns the text per clashing field
 */
export function weightNameProblems(
  t: TFunction,
  scheme: { name: string; weightVariable: string | null; weightVariableN: string | null },
  ctx: WeightNameContext,
): Partial<Record<WeightNameField, string>> {
  const out: Partial<Record<WeightNameField, string>> = {};
  for (const { field, name, clash } of weightNameClashes(scheme, ctx)) {
    switch (clash.kind) {
      case 'reserved':
        out[field] = t('weighting.weightName.reserved', { name, column: clash.column });
        break;
      case 'variable':
        out[field] = t('weighting.weightName.variable', { name, column: clash.column });
        break;
      case 'option':
        out[field] = t('weighting.weightName.option', { name, column: clash.column, variable: clash.variable });
        break;
      case 'weight':
        out[field] = t('weighting.weightName.weight', { name, column: clash.column, scheme: clash.scheme });
        break;
      case 'derived':
        out[field] = t('weighting.weightName.derived', { name, column: clash.column });
        break;
    }
  }
  const a = scheme.weightVariable ?? '';
  const b = scheme.weightVariableN ?? '';
  if (a !== '' && a.toLowerCase() === b.toLowerCase() && out.weightVariableN === undefined) out.weightVariableN = t('weighting.weightName.same', { name: b, column: a });
  return out;
}
