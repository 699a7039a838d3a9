// zod schemas for the questionnaire as it crosses the contract (mirrors shared/domain/questionnaire.ts).
import { z } from 'zod';
import { VARIABLE_TYPES, type Item, type Questionnaire } from '../domain/questionnaire';

const LangText = z.record(z.string(), z.string());
const Extra = z.record(z.string(), z.string()).optional();
const MissingCode = z.object({ code: z.string().min(1), label: LangText });

const Variable = z.object({
  name: z.string().min(1).max(64),
  type: z.enum(VARIABLE_TYPES),
  label: LangText,
  hint: LangText,
  listName: z.string().optional(),
  decimals: z.number().int().min(0).max(15).optional(),
  maxLength: z.number().int().positive().optional(),
  missing: z.array(MissingCode).optional(),
  range: z.object({ min: z.number().optional(), max: z.number().optional() }).optional(),
  required: z.boolean(),
  relevant: z.string().optional(),
  constraint: z.string().optional(),
  constraintMessage: LangText,
  softConstraint: z.string().optional(),
  softConstraintMessage: LangText,
  calculate: z.string().optional(),
  appearance: z.string().optional(),
  choiceFilter: z.string().optional(),
  identifier: z.boolean(),
  width: z.number().int().positive().max(40).optional(),
  number: z.string().optional(),
  extra: Extra,
});

const Group = z.object({
  name: z.string().min(1),
  label: LangText,
  hint: LangText,
  relevant: z.string().optional(),
  appearance: z.string().optional(),
  number: z.string().optional(),
  extra: Extra,
});

const ItemSchema: z.ZodType<Item> = z.lazy(() =>
  z.union([
    z.object({ kind: z.literal('variable'), variable: Variable }),
    z.object({ kind: z.literal('group'), group: Group, items: z.array(ItemSchema) }),
  ]),
) as z.ZodType<Item>;

/** A whole questionnaire (the JSON stored per version in the project file). */
export const QuestionnaireSchema: z.ZodType<Questionnaire> = z.object({
  id: z.string(),
  title: z.string(),
  version: z.string(),
  languages: z.array(z.string()).min(1),
  defaultLanguage: z.string(),
  items: z.array(ItemSchema),
  lists: z.array(z.object({ name: z.string().min(1), choices: z.array(z.object({ code: z.string().min(1), label: LangText, extra: Extra })) })),
  missingDefaults: z.object({ oneDigit: z.array(MissingCode), twoDigit: z.array(MissingCode) }),
  settingsExtra: Extra,
}) as z.ZodType<Questionnaire>;

/** A stored questionnaire version and whether it is frozen (cases were keyed or imported with it). */
export const QuestionnaireState = z.object({
  versionId: z.number().int(),
  version: z.string(),
  frozen: z.boolean(),
  caseCount: z.number().int().nonnegative(),
  versions: z.array(z.object({ versionId: z.number().int(), version: z.string(), createdAt: z.string(), frozen: z.boolean() })),
  questionnaire: QuestionnaireSchema,
});
export type QuestionnaireState = z.infer<typeof QuestionnaireState>;

/** A located problem or warning of a questionnaire, as returned by import and save. */
export const QuestionnaireIssue = z.object({
  message: z.string(),
  file: z.string().optional(),
  sheet: z.string().optional(),
  row: z.number().optional(),
  column: z.string().optional(),
  value: z.string().optional(),
});

/** One codebook difference (mirrors shared/domain/codebookDiff.ts CodebookChange). */
export const CodebookChangeSchema = z.object({
  kind: z.enum(['label', 'logic', 'structural']),
  variable: z.string().optional(),
  what: z.string(),
  before: z.string().optional(),
  after: z.string().optional(),
  message: z.string(),
});

/** The questionnaire channels (spread into `backendApi`). */
export const questionnaireApi = {
  'questionnaire.get': { input: z.object({}).strict(), output: QuestionnaireState.nullable() },
  'questionnaire.importXlsform': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: z.object({ state: QuestionnaireState, warnings: z.array(QuestionnaireIssue), change: z.enum(['new', 'identical', 'labelOnly', 'logic', 'structural']) }),
  },
  /** Stores a questionnaire edited in the builder (validated; QUESTIONNAIRE_INVALID lists every error). */
  'questionnaire.save': {
    input: z.object({ questionnaire: QuestionnaireSchema }).strict(),
    output: z.object({ state: QuestionnaireState, warnings: z.array(QuestionnaireIssue), change: z.enum(['new', 'identical', 'labelOnly', 'logic', 'structural']) }),
  },
  /**
   * Codebook diff: from `fromVersionId` (default: the version before `to`) or from another project's newest
   * version / an XLSForm file or folder (`otherPath`), to `toVersionId` (default: the newest version).
   */
  'questionnaire.diff': {
    input: z.object({ fromVersionId: z.number().int().positive().optional(), toVersionId: z.number().int().positive().optional(), otherPath: z.string().min(1).max(4096).optional() }).strict(),
    output: z.object({
      classification: z.enum(['identical', 'labelOnly', 'logic', 'structural']),
      from: z.object({ label: z.string(), versionId: z.number().int().nullable() }),
      to: z.object({ label: z.string(), versionId: z.number().int() }),
      changes: z.array(CodebookChangeSchema),
    }),
  },
  'questionnaire.exportXlsform': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: z.object({ path: z.string() }),
  },
} as const;
