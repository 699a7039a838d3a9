// Which AAPOR disposition a returned form earns (complete / partial / break-off), and which disposition a sample unit counts as in the response rates once forms are excluded.
import { dispositionOf, type DispositionCode } from './dispositions';

/**
 * Minimum share of applicable (on-route) required questions answered for a complete interview (AAPOR 1.1).
 * Source: AAPOR Standard Definitions (2023, 10th ed.), "complete and partial interviews": an example standard
 * is "less than 50% of all applicable questions answered = break-off, 50%–80% = partial, more than 80% =
 * complete" (item nonresponse such as don't know or refused codes counts as answered). We use ≥ 80 %.
 */
export const COMPLETE_MIN_SHARE = 0.8;
/** Minimum share of applicable required questions answered for a partial interview (AAPOR 1.2); below it a break-off (2.12). Source as {@link COMPLETE_MIN_SHARE}. */
export const PARTIAL_MIN_SHARE = 0.5;

/** A disposition a returned form can earn by how much of it is answered. */
export type CompletenessDisposition = '1.1' | '1.2' | '2.12';

/**
 * The AAPOR disposition of a returned form by the share of applicable questions answered.
 * @param applicable required questions on the form's route (an integer ≥ 0)
 * @param answered of those, the ones with a value (user-missing codes count as answered), 0 ≤ answered ≤ applicable
 * @returns '1.1' when answered/applicable ≥ {@link COMPLETE_MIN_SHARE}, '1.2' when ≥ {@link PARTIAL_MIN_SHARE},
 *   else '2.12'; a form with no applicable required question is complete
 * @throws RangeError for negative, non-integer or inconsistent counts
 */
export function completenessDisposition(applicable: number, answered: number): CompletenessDisposition {
  if (!Number.isInteger(applicable) || !Number.isInteger(answered) || applicable < 0 || answered < 0 || answered > applicable) {
    throw new RangeError(`answered (${answered}) must be an integer between 0 and applicable (${applicable})`);
  }
  if (applicable === 0) return '1.1';
  const share = answered / applicable;
  if (share >= COMPLETE_MIN_SHARE) return '1.1';
  return share >= PARTIAL_MIN_SHARE ? '1.2' : '2.12';
}

/** Exclusion reasons of the cleaning exclusion register (table `exclusion`, column reason_code). */
export const EXCLUSION_REASONS = ['duplicate', 'outOfScope', 'refused', 'tooIncomplete', 'testForm', 'other'] as const;
/** One of {@link EXCLUSION_REASONS}. */
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** One form (case record) of a sample unit, as the response-rate mapping needs it. */
export interface UnitForm {
  /** The active (not reversed) exclusion's reason, or null when the form is not excluded. */
  exclusion: ExclusionReason | null;
}

/** A sample unit: its stored disposition, the disposition it had before any form came back, and its forms. */
export interface ResponseUnit {
  /** sample_case.disposition (set by a finished or imported form, or by hand). */
  stored: string;
  /** The last disposition before the first return (1.x) in its history; the initial 3.19 when there is none. */
  beforeReturn: string;
  forms: readonly UnitForm[];
}

/** The disposition an excluded reason stands for where it sets one (see {@link rateDisposition}). */
export const EXCLUSION_DISPOSITION = { outOfScope: '4.90', refused: '2.11' } as const satisfies Partial<Record<ExclusionReason, DispositionCode>>;

/**
 * The disposition a sample unit counts as in the AAPOR response rates (dashboard, CLI report, export Fieldwork
 * sheet all use this). The stored disposition stays as it is; reversing an exclusion therefore restores the
 * unit's count. Rules:
 * - A stored not-eligible code (4.x) is a person's judgement and always wins.
 * - No form, or any form not excluded: the stored disposition (a form that counts is the unit's return).
 * - Otherwise every form is excluded; the first form's reason decides:
 *   - tooIncomplete → partial or break-off per {@link completenessDisposition}: a stored 1.2 stays, a stored
 *     1.1 becomes partial 1.2 (the operator judged it not complete), anything else (the thresholds gave 2.12, or
 *     the form was never finished) is break-off 2.12 (AAPOR: "questionnaire too incomplete to process");
 *   - outOfScope → 4.90 (other, not eligible); refused → 2.11 (refusal);
 *   - testForm and duplicate → not a response of this unit: the disposition before the form came back
 *     (`beforeReturn`, usually 3.19 nothing returned). A duplicate whose unit has another, non-excluded form
 *     keeps that form's disposition (the case above: any form not excluded).
 *   - other → the stored disposition (the reason says nothing about the unit's outcome; set one by hand).
 * Source of the codes: AAPOR Standard Definitions (2023, 10th ed.), mail survey table.
 * @returns a code of DISPOSITIONS
 * @throws RangeError when `stored` or `beforeReturn` is not a disposition code
 */
export function rateDisposition(unit: ResponseUnit): string {
  dispositionOf(unit.stored);
  if (unit.stored.startsWith('4.') || unit.forms.length === 0 || unit.forms.some((f) => f.exclusion === null)) return unit.stored;
  const reason = unit.forms[0]!.exclusion!;
  switch (reason) {
    case 'tooIncomplete':
      return unit.stored === '1.1' || unit.stored === '1.2' ? '1.2' : '2.12';
    case 'outOfScope':
    case 'refused':
      return EXCLUSION_DISPOSITION[reason];
    case 'testForm':
    case 'duplicate':
      return unit.stored.startsWith('1.') || unit.stored === '2.12' ? dispositionOf(unit.beforeReturn).code : unit.stored;
    case 'other':
      return unit.stored;
  }
}
