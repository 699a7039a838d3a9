// zod schemas of the cleaning channels (issue 6): rule runs, the violation list, corrections, acceptances, exclusions, rules, derived variables.
import { z } from 'zod';
import { CLEANING_KINDS } from '../cleaning/types';
import { IsoDate, Operator } from './fieldwork';

const CaseId = z.string().trim().min(1).max(40);
const VariableName = z.string().trim().min(1).max(64);
/** The longest reason (characters, after trimming) of a cleaning edit or an adjudication; the forms limit their input to it. */
export const REASON_MAX_LENGTH = 1000;
/** A reason is required for every cleaning edit. */
const Reason = z.string().trim().min(1, 'a reason is required').max(REASON_MAX_LENGTH);
const RuleId = z.string().trim().min(1).max(200);
const Severity = z.enum(['error', 'warning']);
const Kind = z.enum(CLEANING_KINDS);

/** An example case of an edit rule. */
export const RuleExampleSchema = z.object({ values: z.record(z.string(), z.string().max(10_000)), triggers: z.boolean(), note: z.string().max(500).optional() }).strict();

/** An edit rule as the contract carries it (`expression` is the error condition). */
export const EditRuleSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    expression: z.string().trim().min(1).max(10_000),
    message: z.string().trim().min(1).max(1000),
    severity: Severity,
    variables: z.array(VariableName).max(200).default([]),
    examples: z.array(RuleExampleSchema).max(100).default([]),
    enabled: z.boolean().default(true),
  })
  .strict();
export type EditRuleInput = z.input<typeof EditRuleSchema>;

/** A failed example of an edit rule. */
const RuleTestFailure = z.object({ rule: z.string(), example: z.number().int(), expected: z.boolean(), actual: z.boolean(), note: z.string().optional() });

/** A stored violation with its case, batch and status. */
export const StoredViolationSchema = z.object({
  id: z.number().int(),
  caseId: z.string(),
  batch: z.string().nullable(),
  ruleId: z.string(),
  kind: z.string(),
  severity: Severity,
  variables: z.array(z.string()),
  message: z.string(),
  value: z.string().nullable(),
  status: z.enum(['open', 'accepted']),
  acceptedReason: z.string().nullable(),
});

/** A page of the violation list; `ruleIds`: every rule ID among the stored violations (the rule filter's choices). */
const ViolationPage = z.object({ total: z.number().int().nonnegative(), rows: z.array(StoredViolationSchema), ruleIds: z.array(z.string()) });

/** An answer emptied because a correction put it off route: its variable, the value it had, its own correction and audit entry. */
const OffRouteCleared = z.object({ variable: z.string(), oldValue: z.string(), correctionId: z.number().int(), auditId: z.number().int() });

/** Filters and paging of the violation list. */
export const ViolationFilterSchema = z
  .object({
    ruleId: RuleId.optional(),
    variable: VariableName.optional(),
    severity: Severity.optional(),
    batch: z.string().trim().min(1).max(100).optional(),
    status: z.enum(['open', 'accepted']).optional(),
    caseId: CaseId.optional(),
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().min(1).max(100_000).default(1000),
  })
  .strict();

/**
 * The violation list's filter a bulk accept or withdrawal acts on (absent = any): the action takes every case × rule
 * in the list under it that is open (accept; warnings only) or accepted (withdraw). Under status accepted an accept
 * acts on nothing, under status open a withdrawal neither (the action never takes rows the list does not show).
 */
export const BulkFilterSchema = z
  .object({
    ruleId: RuleId.optional(),
    variable: VariableName.optional(),
    severity: Severity.optional(),
    batch: z.string().trim().min(1).max(100).optional(),
    caseId: CaseId.optional(),
    status: z.enum(['open', 'accepted']).optional(),
  })
  .strict();

/** The digest of a bulk action's set as `cleaning.bulkPreview` gives it (SHA-256, hex). */
const BulkDigest = z.string().regex(/^[0-9a-f]{64}$/);

/** Output of a rule run. */
export const CleaningRunOutput = z.object({
  runId: z.number().int(),
  cases: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  totals: z.object({ error: z.number().int().nonnegative(), warning: z.number().int().nonnegative(), accepted: z.number().int().nonnegative() }),
  counts: z.array(z.object({ ruleId: z.string(), kind: Kind, severity: Severity, count: z.number().int().nonnegative() })),
  ruleTests: z.array(RuleTestFailure),
  nonresponse: z.array(z.object({ variable: z.string(), onRoute: z.number().int(), systemMissing: z.number().int(), userMissing: z.number().int(), rate: z.number() })),
  /** Corrections whose keyed value changed since they were made (e.g. re-keyed late): they still apply; check them. */
  staleCorrections: z.array(z.object({ caseId: z.string(), variable: z.string(), correctedFrom: z.string().nullable(), keyedNow: z.string().nullable(), correctedTo: z.string().nullable() })),
  page: ViolationPage,
});
export type CleaningRunOutput = z.infer<typeof CleaningRunOutput>;

const ExclusionReason = z.enum(['duplicate', 'outOfScope', 'refused', 'tooIncomplete', 'testForm', 'other']);
/** A value label of a derived variable (`1 = 18-34 jaar`): code and label, both trimmed; uniqueness and non-empty labels are checked by the service (validateDerived) with the variable and row named. */
export const DerivedValueLabelSchema = z.object({ code: z.string().trim().max(64), label: z.string().trim().max(500) }).strict();
const DerivedSchema = z.object({ name: z.string(), expression: z.string(), label: z.string(), valueLabels: z.array(z.object({ code: z.string(), label: z.string() })).optional() });

/** The sources of an audit entry (audit_log.source). */
export const AUDIT_SOURCES = ['system', 'keying', 'verification', 'adjudication', 'cleaning', 'import', 'weighting', 'export'] as const;

/** Filters and paging of the audit view; `from`/`to` are instants (ISO 8601 with offset), `to` exclusive. */
export const AuditFilterSchema = z
  .object({
    caseId: CaseId.optional(),
    variable: VariableName.optional(),
    operator: z.string().trim().min(1).max(100).optional(),
    source: z.enum(AUDIT_SOURCES).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    text: z.string().trim().min(1).max(200).optional(),
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().min(1).max(10_000).default(500),
  })
  .strict();

/** One audit entry as the audit view lists it (`correctionId`: the correction it made, which `cleaning.undo` takes). */
export const AuditRowSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  operator: z.string(),
  source: z.enum(AUDIT_SOURCES),
  caseId: z.string().nullable(),
  variable: z.string().nullable(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  reason: z.string().nullable(),
  action: z.string().nullable(),
  correctionId: z.number().int().nullable(),
  undoes: z.number().int().nullable(),
  /** For an undo: the audit entry of the correction it undid (the numbering the view shows). */
  undoesEntry: z.number().int().nullable(),
  /** For an acceptance or its withdrawal: the rule (check) it concerns. */
  ruleId: z.string().nullable(),
  /** For an acceptance or its withdrawal: the variables of the violation (empty when unknown). */
  ruleVariables: z.array(z.string()),
  /** For a correction already undone: the audit entry of that undo (the view then offers no Undo). */
  undoneBy: z.number().int().nullable(),
  /** For a correction or undo: whether `cleaning.undo` would accept it now (false for every other entry). */
  undoable: z.boolean(),
});

/** A page of the audit view; `operators`: every operator name in the log (the operator filter's suggestions). */
const AuditPage = z.object({ total: z.number().int().nonnegative(), rows: z.array(AuditRowSchema), operators: z.array(z.string()) });

/** The cleaning channels (spread into backendApi). */
export const cleaningApi = {
  /** Runs every rule over all non-excluded cases (progress events), stores the violations; the first page comes back. */
  'cleaning.run': {
    input: z.object({ operator: Operator.optional(), today: IsoDate.optional(), limit: z.number().int().min(1).max(100_000).default(100) }).strict(),
    output: CleaningRunOutput,
  },
  'cleaning.violations': { input: ViolationFilterSchema, output: ViolationPage },
  /** One case as cleaning sees it: status, batch, final values (corrections applied) and its corrections, newest last (read-only). */
  'cleaning.case': {
    input: z.object({ caseId: CaseId }).strict(),
    output: z.object({
      caseId: z.string(),
      status: z.string(),
      batch: z.string().nullable(),
      values: z.record(z.string(), z.string().nullable()),
      /** `undoable`: whether `cleaning.undo` would accept it (not undone, the latest change of its variable, no keying since). */
      corrections: z.array(z.object({ id: z.number().int(), variable: z.string(), oldValue: z.string().nullable(), newValue: z.string().nullable(), reason: z.string(), operator: z.string(), at: z.string(), undoable: z.boolean() })),
    }),
  },
  /**
   * Corrects a final value (null = empty) with a required reason; audit-logged; the case is re-checked. With
   * `clearOffRoute` the answers the new value puts off route (as `cleaning.routeEffect` names them) are emptied in the
   * same transaction, each a correction and audit entry of its own linked to this one (`cleared`); an undo of this
   * correction restores them. Absent or false: the old branch stays (and is reported as offRoute by the rule run).
   */
  'cleaning.correct': {
    input: z.object({ caseId: CaseId, variable: VariableName, value: z.string().max(10_000).nullable(), reason: Reason, operator: Operator, clearOffRoute: z.boolean().optional() }).strict(),
    output: z.object({
      correctionId: z.number().int(), auditId: z.number().int(), oldValue: z.string().nullable(), newValue: z.string().nullable(),
      cleared: z.array(OffRouteCleared),
      violations: z.array(StoredViolationSchema),
    }),
  },
  /** The answered variables (with their current values) a correction to `value` would put off route; nothing is stored. */
  'cleaning.routeEffect': {
    input: z.object({ caseId: CaseId, variable: VariableName, value: z.string().max(10_000).nullable() }).strict(),
    output: z.object({ offRoute: z.array(z.object({ variable: z.string(), value: z.string() })) }),
  },
  /**
   * Undoes a correction as a new correction back to the value it replaced; answers cleared off route with it come back
   * too (`restored`), or, when the undone entry was an undo that restored them, are emptied again (`cleared`). Only the
   * latest change of a case × variable is undone: refused with reason `cleaning.undo.alreadyUndone`,
   * `cleaning.undo.laterChange` or `cleaning.undo.keyedSince` (params { correctionId, entry: the blocking log entry }).
   */
  'cleaning.undo': {
    input: z.object({ correctionId: z.number().int().positive(), reason: Reason, operator: Operator }).strict(),
    output: z.object({
      correctionId: z.number().int(), auditId: z.number().int(), oldValue: z.string().nullable(), newValue: z.string().nullable(),
      restored: z.array(z.object({ variable: z.string(), value: z.string().nullable(), correctionId: z.number().int(), auditId: z.number().int() })),
      cleared: z.array(z.object({ variable: z.string(), value: z.string().nullable(), correctionId: z.number().int(), auditId: z.number().int() })),
      violations: z.array(StoredViolationSchema),
    }),
  },
  /** Accepts a warning on a case with a reason (kept per case × rule while the values it depends on are unchanged). */
  'cleaning.accept': {
    input: z.object({ caseId: CaseId, ruleId: RuleId, reason: Reason, operator: Operator }).strict(),
    output: z.object({ caseId: z.string(), ruleId: z.string(), accepted: z.literal(true), acceptedTotal: z.number().int().nonnegative() }),
  },
  /**
   * Accepts every open warning in the violation list under a filter with one reason, in one transaction; one audit
   * entry per case × rule (its rule and variables). Errors are never accepted. `expected`: the count the operator
   * confirmed, `digest` the set it confirmed (`cleaning.bulkPreview`) — refused (reason `cleaning.bulk.changed`,
   * nothing changed; params actual, digest: the list now) when the list now holds another number or another set.
   */
  /**
   * What a bulk accept (open warnings) or withdrawal (acceptances) under a filter would act on now: the count and a
   * digest (SHA-256 hex) of the exact case × rule × fingerprint set, for the confirmation to send back.
   */
  'cleaning.bulkPreview': {
    input: z.object({ filter: BulkFilterSchema, kind: z.enum(['accept', 'withdraw']) }).strict(),
    output: z.object({ count: z.number().int().nonnegative(), digest: z.string() }),
  },
  'cleaning.acceptFiltered': {
    input: z.object({ filter: BulkFilterSchema, reason: Reason, operator: Operator, expected: z.number().int().nonnegative(), digest: BulkDigest.optional() }).strict(),
    output: z.object({ accepted: z.number().int().nonnegative(), acceptedTotal: z.number().int().nonnegative() }),
  },
  /** Withdraws the acceptance of a warning on a case with a reason (audit-logged): the warning is open again. */
  'cleaning.withdraw': {
    input: z.object({ caseId: CaseId, ruleId: RuleId, reason: Reason, operator: Operator }).strict(),
    output: z.object({ caseId: z.string(), ruleId: z.string(), withdrawn: z.literal(true), acceptedTotal: z.number().int().nonnegative() }),
  },
  /** Withdraws every acceptance in the violation list under a filter with one reason, in one transaction (as `cleaning.acceptFiltered`). */
  'cleaning.withdrawFiltered': {
    input: z.object({ filter: BulkFilterSchema, reason: Reason, operator: Operator, expected: z.number().int().nonnegative(), digest: BulkDigest.optional() }).strict(),
    output: z.object({ withdrawn: z.number().int().nonnegative(), acceptedTotal: z.number().int().nonnegative() }),
  },
  'cleaning.exclude': {
    input: z.object({ caseId: CaseId, reasonCode: ExclusionReason, reason: Reason, operator: Operator }).strict(),
    output: z.object({ caseId: z.string(), status: z.string(), previousStatus: z.string() }),
  },
  'cleaning.include': {
    input: z.object({ caseId: CaseId, reason: Reason, operator: Operator }).strict(),
    output: z.object({ caseId: z.string(), status: z.string() }),
  },
  'cleaning.exclusions': {
    input: z.object({}).strict(),
    output: z.array(z.object({ caseId: z.string(), reasonCode: z.string(), reason: z.string(), operator: z.string(), at: z.string(), includedAt: z.string().nullable(), includedBy: z.string().nullable() })),
  },
  'cleaning.rules': {
    input: z.object({}).strict(),
    output: z.object({ rules: z.array(EditRuleSchema.required()), ruleTests: z.array(RuleTestFailure) }),
  },
  /** Saves (or replaces by name) an edit rule after checking its expression; returns how its examples fared. */
  'cleaning.saveRule': {
    input: z.object({ rule: EditRuleSchema, operator: Operator }).strict(),
    output: z.object({ replaced: z.boolean(), ruleTests: z.array(RuleTestFailure) }),
  },
  'cleaning.deleteRule': {
    input: z.object({ name: z.string().trim().min(1).max(64), operator: Operator }).strict(),
    output: z.object({ deleted: z.boolean() }),
  },
  /** Defines (or with expression null deletes) a derived variable with its value labels (none = []); returns the definitions and a preview over the cases. */
  'cleaning.derive': {
    input: z.object({ name: z.string().trim().min(1).max(64), expression: z.string().trim().min(1).max(10_000).nullable(), label: z.string().max(500).default(''), valueLabels: z.array(DerivedValueLabelSchema).max(1000).default([]), operator: Operator, today: IsoDate.optional() }).strict(),
    output: z.object({
      derived: z.array(DerivedSchema),
      preview: z.object({ cases: z.number().int(), filled: z.number().int(), values: z.array(z.object({ value: z.string(), count: z.number().int() })) }).nullable(),
    }),
  },
  'cleaning.derived': { input: z.object({}).strict(), output: z.array(DerivedSchema) },
  /** One page of the append-only audit log, newest first, under filters (exact case ID, variable, operator, source; time range; text in the reason). */
  'cleaning.audit': { input: AuditFilterSchema, output: AuditPage },
} as const;
