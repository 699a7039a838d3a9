// Test fixture for entry: the Monitor 2014 questionnaire plus a date field and a soft check (the Monitor has neither).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Item, Questionnaire, Variable } from '../../shared/domain/questionnaire';
import { checkXlsform, saveXlsform } from '../../electron/backend/services/xlsformFiles';

/** The Monitor questionnaire as shipped (`../shared/monitor` beside the repository). */
export const MONITOR_DIR = fileURLToPath(new URL('../../../shared/monitor', import.meta.url));

const NL = 'Nederlands (nl)';
const EN = 'English (en)';

/** Soft check added to `jaren_functie`: more than 40 years in one position is possible but worth a look. */
export const SOFT_CHECK = { variable: 'jaren_functie', expression: '. <= 40', nl: 'Meer dan 40 jaar in dezelfde functie: klopt dit met het formulier?' };
/** Date field added to the background section, after `leeftijd`. */
export const DATE_FIELD = 'datum_invul';

function mapItems(items: readonly Item[], f: (v: Variable) => Variable, after: (v: Variable) => Item[]): Item[] {
  return items.flatMap((it): Item[] =>
    it.kind === 'variable' ? [{ kind: 'variable', variable: f(it.variable) }, ...after(it.variable)] : [{ ...it, items: mapItems(it.items, f, after) }],
  );
}

/**
 * Builds the entry fixture questionnaire from the Monitor: `jaren_functie` gets the soft check
 * {@link SOFT_CHECK}, and a date field {@link DATE_FIELD} ("date you filled in the form", not after today)
 * follows `leeftijd`. Version label "2014.1-entry".
 */
export async function entryMonitorQuestionnaire(): Promise<Questionnaire> {
  const { questionnaire: q } = await checkXlsform(MONITOR_DIR);
  const date: Variable = {
    name: DATE_FIELD, type: 'date', label: { [NL]: 'Op welke datum heeft u deze vragenlijst ingevuld?', [EN]: 'On which date did you fill in this questionnaire?' },
    hint: { [NL]: 'Dag-maand-jaar.' }, required: false, constraint: '. <= today()', constraintMessage: { [NL]: 'De datum ligt in de toekomst.' },
    softConstraintMessage: {}, identifier: false,
  };
  return {
    ...q,
    version: '2014.1-entry',
    items: mapItems(
      q.items,
      (v) => (v.name === SOFT_CHECK.variable ? { ...v, softConstraint: SOFT_CHECK.expression, softConstraintMessage: { [NL]: SOFT_CHECK.nl } } : v),
      (v) => (v.name === 'leeftijd' ? [{ kind: 'variable', variable: date }] : []),
    ),
  };
}

/**
 * Writes the entry fixture questionnaire as an XLSForm workbook into `dir`.
 * @returns the .xlsx path, ready for `questionnaire.importXlsform`
 */
export async function writeEntryMonitor(dir: string): Promise<string> {
  const path = join(dir, 'monitor-invoer.xlsx');
  await saveXlsform(await entryMonitorQuestionnaire(), path);
  return path;
}
