// A weighting scheme's definition in one canonical text, so that two definitions that mean the same compare equal.
import { SchemeDefinitionSchema, type SchemeDefinitionInput } from '../contract/weighting';

/**
 * The canonical JSON text of a scheme definition: defaults applied (SchemeDefinitionSchema), a fixed key order, and
 * what means "nothing" written one way — an absent, null or empty description and an absent or null category label are
 * left out, an absent trim bound is left out. Two definitions with the same canonical text are the same scheme (the
 * weighting service saves an unchanged one as unchanged, keeping its run).
 * @param input a definition as stored or sent (defaults may be left out)
 * @returns the JSON text
 * @throws ZodError when the definition is not valid
 */
export function canonicalSchemeJson(input: SchemeDefinitionInput): string {
  const d = SchemeDefinitionSchema.parse(input);
  const description = d.description?.trim() ? d.description : undefined;
  return JSON.stringify({
    name: d.name,
    ...(description !== undefined ? { description } : {}),
    group: d.group ? { variable: d.group.variable, codes: d.group.codes } : null,
    method: d.method,
    margins: d.margins.map((m) => ({
      variables: m.variables,
      categories: m.categories.map((c) => ({ codes: c.codes, value: c.value, ...(c.label != null ? { label: c.label } : {}) })),
    })),
    targetsKind: d.targetsKind,
    populationTotal: d.populationTotal,
    baseWeights: d.baseWeights,
    weightVariable: d.weightVariable,
    weightVariableN: d.weightVariableN,
    tolerance: d.tolerance,
    maxIterations: d.maxIterations,
    trim: d.trim ? { boundsOn: d.trim.boundsOn, ...(d.trim.lower !== undefined ? { lower: d.trim.lower } : {}), ...(d.trim.upper !== undefined ? { upper: d.trim.upper } : {}) } : null,
    targetsSource: d.targetsSource ? { file: d.targetsSource.file, sha256: d.targetsSource.sha256, group: d.targetsSource.group } : null,
  });
}

/**
 * The part of a scheme that decides its weights, as canonical JSON text: group, method, margins (variables, codes and
 * targets; not the labels), kind of targets, population total, base weights, tolerance, iteration limit and trimming.
 * Name, description, weight variable names, labels and the targets' source file do not change a weight, so a run stays
 * valid when only those change. The weighting service stores its SHA-256 with a run (diagnostics `definitionHash`)
 * and calls a run out of date when it differs from the scheme's now.
 * @param input a definition as stored or sent; @returns the JSON text
 * @throws ZodError when the definition is not valid
 */
export function weightsDefinitionJson(input: SchemeDefinitionInput): string {
  const d = SchemeDefinitionSchema.parse(input);
  return JSON.stringify({
    group: d.group ? { variable: d.group.variable, codes: d.group.codes } : null,
    method: d.method,
    margins: d.margins.map((m) => ({ variables: m.variables, categories: m.categories.map((c) => ({ codes: c.codes, value: c.value })) })),
    targetsKind: d.targetsKind,
    populationTotal: d.populationTotal,
    baseWeights: d.baseWeights,
    tolerance: d.tolerance,
    maxIterations: d.maxIterations,
    trim: d.trim ? { boundsOn: d.trim.boundsOn, lower: d.trim.lower ?? null, upper: d.trim.upper ?? null } : null,
  });
}
