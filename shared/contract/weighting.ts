// zod schemas of the weighting channels: targets from a file, named schemes, runs with diagnostics, weighted estimates.
import { z } from 'zod';
import { FilePath } from './schemas';

const VarName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a variable name: a letter, then letters, digits or _');
const SchemeName = z.string().trim().min(1, 'the scheme name is empty').max(80);
const Code = z.number().int().safe();
const Operator = z.string().trim().min(1).max(100);

/** One category (or crossed cell) with its target: a population count or a percentage. */
export const TargetCategorySchema = z.object({
  /** One code per variable of the margin. */
  codes: z.array(Code).min(1).max(4),
  value: z.number().nonnegative().finite(),
  label: z.string().max(200).nullable().optional(),
}).strict();

/** A margin: one variable or a crossing of variables (`laag` × `geslacht`) with a target per category. */
export const SchemeMarginSchema = z.object({
  variables: z.array(VarName).min(1).max(4),
  categories: z.array(TargetCategorySchema).min(1).max(10_000),
}).strict();
export type SchemeMargin = z.infer<typeof SchemeMarginSchema>;

/** A weighting scheme as stored in the project. */
export const SchemeDefinitionSchema = z.object({
  name: SchemeName,
  description: z.string().max(500).optional(),
  /** Only cases whose `variable` has one of `codes` are weighted (e.g. groep = 2, employees); absent = every case. */
  group: z.object({ variable: VarName, codes: z.array(Code).min(1).max(1000) }).strict().nullable().default(null),
  method: z.enum(['poststratify', 'rake', 'linear']),
  /** Raking/calibration margins; post-stratification takes exactly one (its crossing gives the cells). */
  margins: z.array(SchemeMarginSchema).min(1).max(20),
  /** Targets are population counts, or percentages per margin (scaled to `populationTotal`, else the sample size). */
  targetsKind: z.enum(['count', 'percent']).default('count'),
  populationTotal: z.number().positive().finite().nullable().default(null),
  /** Base weights: none, or the sample frame's design weight (fieldwork) when the case has one. */
  baseWeights: z.enum(['none', 'design']).default('none'),
  /** Output variables: grossed up to the population total, and normalised to the sample size (mean 1). */
  weightVariable: VarName.nullable().default('gewicht'),
  weightVariableN: VarName.nullable().default(null),
  tolerance: z.number().positive().max(0.1).default(1e-10),
  maxIterations: z.number().int().min(1).max(100_000).default(1000),
  trim: z.object({
    boundsOn: z.enum(['absolute', 'mean']),
    lower: z.number().positive().optional(),
    upper: z.number().positive().optional(),
  }).strict().nullable().default(null),
  /** Where the targets came from (file name and its SHA-256), for the report. */
  targetsSource: z.object({ file: z.string().max(4096), sha256: z.string().max(64), group: z.string().nullable() }).strict().nullable().default(null),
}).strict();
/** A scheme with its defaults applied. */
export type SchemeDefinition = z.infer<typeof SchemeDefinitionSchema>;
/** A scheme as a caller may send it (defaults may be left out). */
export type SchemeDefinitionInput = z.input<typeof SchemeDefinitionSchema>;

/** A target margin read from a file. */
export const FileMarginSchema = z.object({
  group: z.string().nullable(),
  variable: z.string(),
  variables: z.array(z.string()),
  kind: z.enum(['count', 'percent']),
  total: z.number(),
  categories: z.array(z.object({ code: z.string(), codes: z.array(z.number()), label: z.string().nullable(), value: z.number(), row: z.number().int() })),
});

/** What `weighting.targetsFromFile` read. */
export const ParsedTargetsSchema = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  sha256: z.string(),
  rows: z.number().int(),
  groups: z.array(z.string()),
  margins: z.array(FileMarginSchema),
  notes: z.array(z.string()),
});
export type ParsedTargetsOutput = z.infer<typeof ParsedTargetsSchema>;

const WeightSummarySchema = z.object({
  n: z.number().int(), sum: z.number(), min: z.number(), max: z.number(), mean: z.number(), maxMinRatio: z.number(),
  kishDeff: z.number(), effectiveN: z.number(), cv: z.number(), zeroWeights: z.number().int(), negativeWeights: z.number().int(),
});

/** Diagnostics of one weighting run, stored with the scheme. */
export const WeightingDiagnosticsSchema = z.object({
  scheme: z.string(),
  method: z.enum(['poststratify', 'rake', 'linear']),
  ranAt: z.string(),
  ranBy: z.string(),
  /** SHA-256 of the scheme definition and the sample (case ids, codes, base weights) that went in. */
  inputHash: z.string(),
  /** SHA-256 of the case ids and final weights. */
  weightsHash: z.string(),
  /**
   * SHA-256 of the part of the definition that decides the weights (shared/weighting/schemeCanonical
   * weightsDefinitionJson) the run was computed with; absent in runs stored before it was kept. A scheme whose
   * definition differs from it now is out of date (staleness `definitionChanged`).
   */
  definitionHash: z.string().optional(),
  cases: z.object({
    weighted: z.number().int(),
    excluded: z.number().int(),
    notComplete: z.number().int(),
    outsideGroup: z.number().int(),
  }),
  populationTotal: z.number(),
  iterations: z.number().int(),
  maxRelDeviation: z.number(),
  maxAbsDeviation: z.number(),
  margins: z.array(z.object({
    variable: z.string(), code: z.string(), label: z.string().nullable(),
    target: z.number(), achieved: z.number(), difference: z.number(), relativeDifference: z.number().nullable(), respondents: z.number().int(),
  })),
  /** Summary of the weights grossed up to the population (Kish deff, effective n and CV are scale-free). */
  summary: WeightSummarySchema,
  /** Σ of the weights normalised to the sample size (= n). */
  sumNormalised: z.number(),
  baseWeights: z.enum(['none', 'design']),
  baseSummary: WeightSummarySchema.nullable(),
  gWeights: z.object({ min: z.number(), max: z.number() }).nullable(),
  trim: z.object({ lower: z.number(), upper: z.number(), cycles: z.number().int(), before: WeightSummarySchema }).nullable(),
  histogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number().int()) }),
  largest: z.array(z.object({ caseId: z.string(), weight: z.number(), weightN: z.number(), cell: z.string() })),
  notes: z.array(z.string()),
  variables: z.object({ population: z.string().nullable(), sample: z.string().nullable() }),
});
export type WeightingDiagnostics = z.infer<typeof WeightingDiagnosticsSchema>;

/**
 * Whether a scheme's stored weights are out of date (electron/backend/services/weighting.ts schemeStaleness): the
 * weighted case set, an input value or the scheme's definition changed since its latest run. Counts are null when they cannot be told (a run
 * stored before migration 110, or inputs that cannot be read now).
 */
export const SchemeStalenessSchema = z.object({
  scheme: z.string(),
  stale: z.boolean(),
  ranAt: z.string(),
  weightedAtRun: z.number().int(),
  weightedNow: z.number().int().nullable(),
  /** Cases weighted now that the run did not weight (new, included again, completed, moved into the group). */
  casesAdded: z.number().int().nullable(),
  /** Cases the run weighted that are not weighted now (excluded, deleted, no longer complete, moved out of the group). */
  casesRemoved: z.number().int().nullable(),
  /** Cases weighted by both whose inputs changed. */
  valuesChanged: z.number().int().nullable(),
  /** Per input variable (`design weight` for design weights), the cases whose value changed. */
  changedVariables: z.array(z.object({ variable: z.string(), cases: z.number().int() })),
  /**
   * True when the scheme's definition (targets, margins, method, group, base weights, trimming, iteration settings)
   * was changed since the run: the weights kept are those of the old definition. Absent otherwise.
   */
  definitionChanged: z.literal(true).optional(),
});
export type SchemeStaleness = z.infer<typeof SchemeStalenessSchema>;

/** One scheme in the list. */
export const SchemeListItemSchema = z.object({
  name: z.string(),
  method: z.enum(['poststratify', 'rake', 'linear']),
  group: z.object({ variable: z.string(), codes: z.array(z.number()) }).nullable(),
  margins: z.array(z.string()),
  weightVariable: z.string().nullable(),
  weightVariableN: z.string().nullable(),
  updatedAt: z.string(),
  /** Variables the scheme reads that no longer exist (neither in the questionnaire nor derived); it cannot be run. */
  missingVariables: z.array(z.string()),
  /** The latest run; `staleness` says whether the data changed since (null when it cannot be judged). */
  lastRun: z.object({ ranAt: z.string(), inputHash: z.string(), weighted: z.number().int(), kishDeff: z.number(), staleness: SchemeStalenessSchema.nullable() }).nullable(),
});

const Ci = z.tuple([z.number(), z.number()]);

/** Weighted frequencies of one outcome within one subgroup. */
export const EstimateTableSchema = z.object({
  /** Subgroup: null = every weighted case; otherwise the code of the `by` variable. */
  subgroup: z.string().nullable(),
  subgroupLabel: z.string().nullable(),
  nNonMissing: z.number().int(),
  weightedTotal: z.number(),
  categories: z.array(z.object({
    code: z.number(), label: z.string().nullable(), respondents: z.number().int(), weightedCount: z.number(), proportion: z.number(),
    seFixed: z.number(), ci95Fixed: Ci, seCalibrated: z.number().nullable(), ci95Calibrated: Ci.nullable(), deff: z.number(),
    /** Logit 95 % CIs (R svyciprop, method "logit"; null when df ≤ 0): what the UI shows for a percentage. */
    ci95LogitFixed: Ci.nullable(), ci95LogitCalibrated: Ci.nullable(),
  })),
  /** Degrees of freedom of the logit CIs: weighted cases in the subgroup - 1 (R degf(subset(design, …))). */
  df: z.number().int(),
});

/** Channels of the weighting area. */
export const weightingApi = {
  'weighting.targetsFromFile': {
    input: z.object({ path: FilePath, sheet: z.string().max(100).optional() }).strict(),
    output: ParsedTargetsSchema,
  },
  'weighting.saveScheme': {
    input: z.object({ scheme: SchemeDefinitionSchema, operator: Operator.optional() }).strict(),
    output: z.object({ name: z.string(), created: z.boolean() }),
  },
  'weighting.listSchemes': { input: z.object({}).strict(), output: z.array(SchemeListItemSchema) },
  'weighting.getScheme': { input: z.object({ name: SchemeName }).strict(), output: SchemeDefinitionSchema },
  'weighting.run': {
    input: z.object({ name: SchemeName, operator: Operator.optional() }).strict(),
    output: WeightingDiagnosticsSchema,
  },
  'weighting.result': {
    input: z.object({ name: SchemeName }).strict(),
    output: WeightingDiagnosticsSchema.nullable(),
  },
  'weighting.estimate': {
    input: z.object({ name: SchemeName, variable: VarName, by: VarName.optional() }).strict(),
    output: z.object({
      scheme: z.string(),
      variable: z.string(),
      by: z.string().nullable(),
      /** Rows in the variance (all weighted cases: domain estimation). */
      n: z.number().int(),
      tables: z.array(EstimateTableSchema),
      notes: z.array(z.string()),
    }),
  },
  'weighting.deleteScheme': {
    input: z.object({ name: SchemeName, operator: Operator.optional() }).strict(),
    output: z.object({ deleted: z.boolean() }),
  },
} as const;
