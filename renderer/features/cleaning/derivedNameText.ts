// The derived-variable editor's early name check: which export column a new name would clash with, worded for the UI.
import type { TFunction } from 'i18next';
import { takenExportNames, type DerivedNameClash } from '../../../shared/cleaning/rules';
import type { Questionnaire } from '../../../shared/domain/questionnaire';

/**
 * Why a new derived variable may not take `name`, or null: the export columns it would clash with, compared without
 * regard to letter case as the backend does (takenExportNames; weight variables are checked by the backend on save).
 */
export function nameClashText(t: TFunction, name: string, q: Questionnaire | undefined, derived: readonly string[]): string | null {
  if (derived.includes(name)) return t('cleaning.derived.nameTaken', { name });
  const clash: DerivedNameClash | undefined = takenExportNames(q, [], derived).get(name.toLowerCase());
  if (!clash) return null;
  switch (clash.kind) {
    case 'reserved':
      return t('cleaning.derived.nameReserved', { name, column: clash.column });
    case 'variable':
      return t('cleaning.derived.nameQuestionnaire', { name, column: clash.column });
    case 'option':
      return t('cleaning.derived.nameOption', { name, column: clash.column, variable: clash.variable });
    case 'weight':
      return t('cleaning.derived.nameWeight', { name, column: clash.column, scheme: clash.scheme });
    case 'derived':
      return t('cleaning.derived.nameDerived', { name, column: clash.column });
  }
}
