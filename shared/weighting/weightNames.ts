// Weight variable names of a weighting scheme against the other export columns, compared without regard to letter case.
import { derivedNameClashMessage, nameClashReason, takenExportNames, type DerivedNameClash, type TakenWeightName } from '../cleaning/rules';
import { DomainError, type ErrorIssue } from '../domain/errors';
import type { Questionnaire } from '../domain/questionnaire';

/** The two weight variables a scheme writes into the export. */
export type WeightNameField = 'weightVariable' | 'weightVariableN';

/** A weight variable name of a scheme that another export column already takes. */
export interface WeightNameClash {
  field: WeightNameField;
  /** The weight variable name as the scheme spells it. */
  name: string;
  /** What it clashes with: case_id, a questionnaire variable or option column, another scheme's weight, a derived variable. */
  clash: DerivedNameClash;
}

/** What a scheme's weight names are checked against (see {@link weightNameClashes}). */
export interface WeightNameContext {
  /** The project's questionnaire (undefined: none loaded). */
  questionnaire: Questionnaire | undefined;
  /** Names of the project's derived variables (cleaning). */
  derived: readonly string[];
  /** Weight variables of the project's schemes; the scheme's own (same scheme name) are left out. */
  weights: readonly TakenWeightName[];
}

/**
 * The weight variable names of a scheme that clash with an export column, compared without regard to letter case
 * (SPSS/PSPP variable names are case-insensitive): case_id, questionnaire variables and their multiple-choice option
 * columns, the weight variables of the project's other schemes, derived variables — the same columns a derived
 * variable's name is checked against (takenExportNames in shared/cleaning/rules).
 * @param scheme the scheme's name and weight variables (null = not written)
 * @param ctx the project's questionnaire, derived variable names and schemes' weight variables
 * @returns one entry per clashing weight variable, population weight first; empty when both are free
 */
export function weightNameClashes(
  scheme: { name: string; weightVariable: string | null; weightVariableN: string | null },
  ctx: WeightNameContext,
): WeightNameClash[] {
  const taken = takenExportNames(ctx.questionnaire, ctx.weights.filter((w) => w.scheme !== scheme.name), ctx.derived);
  const out: WeightNameClash[] = [];
  for (const field of ['weightVariable', 'weightVariableN'] as const) {
    const name = scheme[field];
    if (name === null || name === '') continue;
    const clash = taken.get(name.toLowerCase());
    if (clash) out.push({ field, name, clash });
  }
  return out;
}

/**
 * Refuses a scheme whose weight variable names clash with an export column ({@link weightNameClashes}), e.g.
 * `Scheme medewerkers: weight variable Slachtoffer_D clashes with derived variable slachtoffer_d (export column names
 * are compared without regard to letter case).`
 * @throws DomainError WEIGHTING_INPUT with one issue per clash (path [field], value the name; reason
 *   `weighting.weightName.<kind>` — reserved, variable, option, weight, derived — with params { name, column } plus
 *   variable or scheme, which the renderer words in the UI language)
 */
export function assertWeightNamesFree(scheme: { name: string; weightVariable: string | null; weightVariableN: string | null }, ctx: WeightNameContext): void {
  const clashes = weightNameClashes(scheme, ctx);
  if (clashes.length === 0) return;
  const issues: ErrorIssue[] = clashes.map((c) => ({
    message: `weight variable ${derivedNameClashMessage(c.name, c.clash)}`, path: [c.field], value: c.name, ...nameClashReason('weighting.weightName', c.name, c.clash),
  }));
  throw new DomainError('WEIGHTING_INPUT', `Scheme ${scheme.name}: ${issues.map((i) => i.message).join('; ')}.`, issues);
}
