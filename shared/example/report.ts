// The example's report: the headline table (victimisation per group and function, avoidance) with the published 2012 and 2014 figures, as an export profile.
import type { IndicatorTable, ReferenceColumn } from '../export/tables';

/** Sources of the published figures (examples/monitor-2014/README.md, section 5 and 6). */
export const PUBLISHED_SOURCES = {
  p2012: 'Regioplan (2012), Monitor Agressie en Geweld Openbaar Bestuur, meting 2012 (publ. nr. 2224); Kamerstuk 28 684, nr. 365; per function and tier: nu.nl on the 2012 letter. Avoidance: press coverage of the 2012 letter (nu.nl).',
  p2014: 'I&O Research (2014), Monitor Agressie en Geweld Openbaar Bestuur 2014 (rapport 2014/029); Kamerstuk 28 684, nr. 408; burgemeesters and wethouders: ANP (Reformatorisch Dagblad); gemeenteraadsleden: Aanhangsel Handelingen II 2015/16, nr. 2247.',
} as const;

/** One row of a headline table with its published percentages (null = not published). */
interface PublishedRow { label: string; where?: { variable: string; codes: number[] }; p2012: number | null; p2014: number | null }

const EMPLOYEES = { variable: 'groep', codes: [2] };
const OFFICE = { variable: 'groep', codes: [1] };

/** Victimisation rows: both target groups, office holders per tier and per function (README section 5). */
export const VICTIMISATION_ROWS: readonly PublishedRow[] = [
  { label: 'Medewerkers', where: EMPLOYEES, p2012: 40, p2014: 25 },
  { label: 'Politieke ambtsdragers', where: OFFICE, p2012: 38, p2014: 23 },
  { label: 'Ambtsdragers gemeenten', where: { variable: 'functie', codes: [11, 12, 13] }, p2012: 39, p2014: null },
  { label: 'Ambtsdragers provincies', where: { variable: 'functie', codes: [21, 22, 23] }, p2012: 40, p2014: null },
  { label: 'Ambtsdragers waterschappen', where: { variable: 'functie', codes: [31, 32] }, p2012: 22, p2014: null },
  { label: 'Burgemeesters', where: { variable: 'functie', codes: [11] }, p2012: 61, p2014: 45 },
  { label: 'Wethouders', where: { variable: 'functie', codes: [12] }, p2012: 53, p2014: 40 },
  { label: 'Gemeenteraadsleden', where: { variable: 'functie', codes: [13] }, p2012: 36, p2014: 20 },
  { label: 'Gedeputeerden', where: { variable: 'functie', codes: [21] }, p2012: null, p2014: null },
  { label: 'Statenleden', where: { variable: 'functie', codes: [22] }, p2012: null, p2014: null },
  { label: 'Commissarissen van de Koning', where: { variable: 'functie', codes: [23] }, p2012: null, p2014: null },
  { label: 'Dijkgraven', where: { variable: 'functie', codes: [31] }, p2012: null, p2014: null },
  { label: 'Heemraden / leden algemeen bestuur', where: { variable: 'functie', codes: [32] }, p2012: null, p2014: null },
];

function references(rows: readonly PublishedRow[]): ReferenceColumn[] {
  return [
    { header: 'Gepubliceerd 2012', source: PUBLISHED_SOURCES.p2012, values: Object.fromEntries(rows.map((r) => [r.label, r.p2012])) },
    { header: 'Gepubliceerd 2014', source: PUBLISHED_SOURCES.p2014, values: Object.fromEntries(rows.map((r) => [r.label, r.p2014])) },
  ];
}

function table(title: string, variable: string, rows: readonly PublishedRow[], weights: readonly string[]): IndicatorTable {
  return { title, variable, code: 1, weights, rows: rows.map(({ label, where }) => (where ? { label, where } : { label })), references: references(rows) };
}

/**
 * The headline tables of the example's report: victimisation (`slachtoffer_d` = 1, the questionnaire's
 * `slachtoffer` as a derived variable) per target group, tier and function, and the two avoidance indicators
 * (`verm_moeilijk` = 1, `verm_invloed` = 1) per target group, each next to the published 2012 and 2014 figures
 * (README section 5; the 2012 avoidance figures come from press coverage and equal the 2014 ones).
 * @param weights the weighting schemes to combine (office holders and employees)
 */
export function headlineTables(weights: readonly string[]): IndicatorTable[] {
  const groups = (p: [number | null, number | null], q: [number | null, number | null]): PublishedRow[] => [
    { label: 'Medewerkers', where: EMPLOYEES, p2012: p[0], p2014: p[1] },
    { label: 'Politieke ambtsdragers', where: OFFICE, p2012: q[0], p2014: q[1] },
  ];
  return [
    table('Slachtoffer van agressie of geweld door burgers, afgelopen 12 maanden', 'slachtoffer_d', VICTIMISATION_ROWS, weights),
    table('Vindt het moeilijk besluiten te nemen die het risico op agressie vergroten', 'verm_moeilijk', groups([null, 16], [18, 18]), weights),
    table('Laat het risico op agressie meewegen in besluiten', 'verm_invloed', groups([null, 9], [9, 9]), weights),
  ];
}
