// AAPOR final disposition codes for mail (and web) surveys of specifically named persons, and their outcome classes.

/**
 * The outcome class a disposition counts as in the AAPOR rate formulas (AAPOR Standard Definitions
 * (2023, 10th ed.), "Calculating rates"): I complete, P partial, R refusal and break-off, NC non-contact,
 * O other eligible non-response, UH unknown whether a (named) person is at the address, UO unknown other,
 * NE not eligible.
 */
export const OUTCOME_CLASSES = ['I', 'P', 'R', 'NC', 'O', 'UH', 'UO', 'NE'] as const;
/** One of {@link OUTCOME_CLASSES}. */
export type OutcomeClass = (typeof OUTCOME_CLASSES)[number];

/** One AAPOR final disposition code with its class and labels (Dutch first, English second). */
export interface Disposition {
  /** AAPOR numeric code as printed in Standard Definitions, e.g. "1.1", "2.112", "3.31". */
  code: string;
  outcome: OutcomeClass;
  nl: string;
  en: string;
}

/**
 * The disposition code list, following AAPOR Standard Definitions (2023, 10th ed.), table for mail surveys of
 * specifically named persons (the web table uses the same numbering). Returned undeliverable mail is its own
 * code (3.31), apart from "nothing ever returned" (3.19), which is the code every sampled case starts with.
 */
export const DISPOSITIONS = [
  { code: '1.1', outcome: 'I', nl: 'Volledig ingevuld', en: 'Complete' },
  { code: '1.2', outcome: 'P', nl: 'Gedeeltelijk ingevuld', en: 'Partial' },
  { code: '2.11', outcome: 'R', nl: 'Weigering', en: 'Refusal' },
  { code: '2.112', outcome: 'R', nl: 'Weigering door de geselecteerde persoon', en: 'Known-respondent refusal' },
  { code: '2.113', outcome: 'R', nl: 'Leeg formulier teruggestuurd', en: 'Blank questionnaire mailed back, implicit refusal' },
  { code: '2.12', outcome: 'R', nl: 'Afgebroken (te onvolledig)', en: 'Break-off, questionnaire too incomplete to process' },
  { code: '2.25', outcome: 'NC', nl: 'Niet beschikbaar tijdens het veldwerk', en: 'Respondent unavailable during field period' },
  { code: '2.27', outcome: 'NC', nl: 'Ingevuld maar na de sluitingsdatum ontvangen', en: 'Completed questionnaire, but not returned during field period' },
  { code: '2.31', outcome: 'O', nl: 'Overleden', en: 'Death' },
  { code: '2.32', outcome: 'O', nl: 'Lichamelijk of geestelijk niet in staat', en: 'Physically or mentally unable/incompetent' },
  { code: '2.33', outcome: 'O', nl: 'Taalbarrière', en: 'Language barrier' },
  { code: '2.36', outcome: 'O', nl: 'Overige non-respons', en: 'Miscellaneous' },
  { code: '3.11', outcome: 'UH', nl: 'Niet verstuurd', en: 'Not mailed' },
  { code: '3.19', outcome: 'UH', nl: 'Niets ontvangen', en: 'Nothing ever returned' },
  { code: '3.21', outcome: 'UO', nl: 'Geen screener ingevuld', en: 'No screener completed' },
  { code: '3.23', outcome: 'UO', nl: 'Geweigerd door geadresseerde', en: 'Refused by addressee' },
  { code: '3.31', outcome: 'UO', nl: 'Onbestelbaar retour', en: 'Returned undeliverable' },
  { code: '3.40', outcome: 'UO', nl: 'Retour met nieuw adres', en: 'Returned with forwarding information' },
  { code: '3.90', outcome: 'UO', nl: 'Overig, geschiktheid onbekend', en: 'Other, unknown eligibility' },
  { code: '4.10', outcome: 'NE', nl: 'Buiten de doelgroep (screener)', en: 'Selected respondent screened out of sample' },
  { code: '4.70', outcome: 'NE', nl: 'Geen geschikte respondent', en: 'No eligible respondent' },
  { code: '4.90', outcome: 'NE', nl: 'Overig, niet geschikt', en: 'Other, not eligible' },
] as const satisfies readonly Disposition[];

/** One of the codes in {@link DISPOSITIONS}. */
export type DispositionCode = (typeof DISPOSITIONS)[number]['code'];

/** Every disposition code, in list order (for zod enums and pickers). */
export const DISPOSITION_CODES = DISPOSITIONS.map((d) => d.code) as unknown as readonly [DispositionCode, ...DispositionCode[]];

/** The code every case gets when the frame is imported: nothing returned yet (AAPOR 3.19). */
export const INITIAL_DISPOSITION: DispositionCode = '3.19';
/** The code a keyed or imported complete form sets (AAPOR 1.1). */
export const COMPLETE_DISPOSITION: DispositionCode = '1.1';
/** The code for returned undeliverable mail (AAPOR 3.31). */
export const UNDELIVERABLE_DISPOSITION: DispositionCode = '3.31';

const BY_CODE: ReadonlyMap<string, Disposition> = new Map(DISPOSITIONS.map((d) => [d.code, d]));

/** True when `code` is a disposition code of the list. */
export function isDispositionCode(code: string): code is DispositionCode {
  return BY_CODE.has(code);
}

/**
 * The disposition for a code.
 * @throws RangeError for a code not in {@link DISPOSITIONS}
 */
export function dispositionOf(code: string): Disposition {
  const d = BY_CODE.get(code);
  if (!d) throw new RangeError(`Unknown AAPOR disposition code: ${code}`);
  return d;
}

/**
 * Whether a form that arrives complete (keyed or imported) replaces the current disposition with 1.1.
 * Rule: it replaces non-interviews and unknown eligibility (2.x, 3.x); it keeps 1.x (already a return)
 * and 4.x (a judgement that the person is out of scope, which only a person revokes).
 */
export function completeFormOverrides(current: string | null): boolean {
  return current === null || current.startsWith('2.') || current.startsWith('3.');
}
