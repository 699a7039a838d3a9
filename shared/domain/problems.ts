// Problems found in a questionnaire, located in the model (item, list, settings) so any editor can point at them.

/** A field of a survey item that a problem can be about (XLSForm column names, Veldwerk columns without prefix). */
export type ItemField =
  | 'type'
  | 'name'
  | 'label'
  | 'hint'
  | 'required'
  | 'relevant'
  | 'constraint'
  | 'constraint_message'
  | 'soft_constraint'
  | 'calculate'
  | 'choice_filter'
  | 'missing'
  | 'range'
  | 'width'
  | 'decimals'
  | 'max_length'
  | 'identifier'
  | 'number';

/** Where a problem is: a survey item (index into flatItems() order), a choice (index within its list), or settings. */
export type ProblemTarget =
  | { kind: 'item'; index: number; name: string; field: ItemField }
  | { kind: 'choice'; list: string; index: number; field: 'list_name' | 'name' | 'label' }
  | { kind: 'settings'; field: string };

/** One problem: errors block import and freezing; warnings are shown and may be ignored. */
export interface QuestionnaireProblem {
  severity: 'error' | 'warning';
  target: ProblemTarget;
  message: string;
  /** The offending text (a name, a code, an expression). */
  value?: string;
  /** For expression problems (shared/expr/messages.ts): the stable key (i18n `expr.<key>`) and the values of its text. */
  key?: string;
  params?: Record<string, string | number>;
  /** For expressions: where in `value` the problem is (0-based, half-open). */
  span?: { start: number; end: number };
}
