// The example's population model: true rates from the published 2014 headline figures (examples/monitor-2014/README.md, section 5) and the design of the example.

/** Office-holder function codes (`functie`), in questionnaire order. */
export const FUNCTIES = ['11', '12', '13', '21', '22', '23', '31', '32'] as const;
/** Municipal functions (asked `gemgr`). */
export const MUNICIPAL_FUNCTIES = new Set(['11', '12', '13']);

/**
 * Published 2014 victimisation by office-holder function (README section 5, "Other published figures found"):
 * burgemeesters 45 % and wethouders 40 % (ANP / Reformatorisch Dagblad), gemeenteraadsleden 20 % (Aanhangsel
 * Handelingen II 2015/16, nr. 2247). The provincial and water-board functions were not published; ours are
 * assumptions, except heemraden, whose rate is the residual that makes all office holders 23 % (computed in
 * {@link victimisationByFunctie}).
 */
export const PUBLISHED_BY_FUNCTIE: Readonly<Record<string, number>> = { '11': 0.45, '12': 0.40, '13': 0.20 };
const ASSUMED_BY_FUNCTIE: Readonly<Record<string, number>> = { '21': 0.30, '22': 0.18, '23': 0.50, '31': 0.25 };

/** Headline 2014 figures (README section 5, Kamerstuk 28 684, nr. 408) the model reproduces. */
export const HEADLINE_2014 = {
  /** Victim of aggression or violence by citizens, past 12 months. */
  victimisation: { employees: 0.25, officeHolders: 0.23 },
  /** `verm_moeilijk` = 1: finds it hard to take decisions that raise the risk of aggression. */
  avoidHard: { employees: 0.16, officeHolders: 0.18 },
  /** `verm_invloed` = 1: lets the risk of aggression influence decisions. */
  avoidInfluence: { employees: 0.09, officeHolders: 0.09 },
  /** `nadelig` = 1 among victims: reports adverse effects of the incident. */
  adverse: 0.33,
  /** `gev_werkpl` = 1 among (employee) victims: lower job satisfaction. */
  lowerSatisfaction: 0.20,
  /** `gev_psych` = 1 among (employee) victims: effects on mental health. */
  mentalHealth: 0.09,
  /** `nazorg_oordeel` = 2 among victims asked: aftercare insufficient (">50", taken as 55 %). */
  aftercareInsufficient: 0.55,
  /** `inc_aangifte` 1 or 2 among office-holder victims: police report made (NRC 2022 comparing with 2014). */
  policeReportOfficeHolders: 0.13,
} as const;

/** Published figures for the headline table (README section 5): percentages, null = not published. */
export const PUBLISHED_TABLE: readonly { group: string; label: string; p2012: number | null; p2014: number | null }[] = [
  { group: 'medewerker', label: 'Medewerkers', p2012: 40, p2014: 25 },
  { group: 'politiek_ambtsdrager', label: 'Politieke ambtsdragers', p2012: 38, p2014: 23 },
  { group: 'functie=11', label: 'Burgemeesters', p2012: 61, p2014: 45 },
  { group: 'functie=12', label: 'Wethouders', p2012: 53, p2014: 40 },
  { group: 'functie=13', label: 'Gemeenteraadsleden', p2012: 36, p2014: 20 },
];

/**
 * Victimisation rate per office-holder function so that the population total equals the published 23 %:
 * published rates for 11–13, assumed ones for 21, 22, 23, 31 and the residual for 32 (heemraden).
 * @param counts population count per `functie` (from population-2014.csv)
 * @returns rate per functie code
 * @throws Error when a function count is missing or the residual rate falls outside [0, 1]
 */
export function victimisationByFunctie(counts: Readonly<Record<string, number>>): Record<string, number> {
  const total = FUNCTIES.reduce((s, f) => s + (counts[f] ?? 0), 0);
  const rates: Record<string, number> = { ...PUBLISHED_BY_FUNCTIE, ...ASSUMED_BY_FUNCTIE };
  let known = 0;
  for (const f of FUNCTIES) {
    if (counts[f] === undefined) throw new Error(`population: no count for functie ${f}`);
    if (f !== '32') known += (counts[f] ?? 0) * (rates[f] ?? 0);
  }
  const residual = (HEADLINE_2014.victimisation.officeHolders * total - known) / (counts['32'] ?? 1);
  if (!(residual >= 0 && residual <= 1)) throw new Error(`residual heemraad rate ${residual} is not a rate`);
  rates['32'] = residual;
  return rates;
}

/** Relative victimisation by municipality size class (assumption: larger municipalities, more exposure); normalised within each function. */
export const GEMGR_VICTIM_FACTOR: Readonly<Record<string, number>> = { '1': 0.85, '2': 0.95, '3': 1.05, '4': 1.2, '5': 1.5 };

/**
 * Response propensity of an office holder (assumption of the example, not published: the 2014 response was not
 * found). Mayors and aldermen answer more often than council members; small municipalities more than the G4.
 */
export function officeHolderResponse(functie: string, gemgr: string | null): number {
  const base: Record<string, number> = { '11': 0.62, '12': 0.55, '13': 0.36, '21': 0.5, '22': 0.4, '23': 0.7, '31': 0.6, '32': 0.34 };
  const g: Record<string, number> = { '1': 1.1, '2': 1.0, '3': 0.95, '4': 0.9, '5': 0.8 };
  return Math.min(0.95, (base[functie] ?? 0.4) * (gemgr ? (g[gemgr] ?? 1) : 1));
}

/**
 * Response propensity of an employee (assumption): multiplicative in tier, sex and age class, so raking to
 * laag × geslacht and laag × lft4 removes the bias. Older employees answer more often and are less often
 * victimised, so the unweighted employee estimate is biased downwards.
 */
export function employeeResponse(laag: number, geslacht: number, lft4: number): number {
  const l = [0, 0.32, 0.38, 0.28, 0.36][laag] ?? 0.3;
  const s = geslacht === 2 ? 1.1 : 0.9;
  const a = [0, 0.55, 0.85, 1.1, 1.3][lft4] ?? 1;
  return Math.min(0.95, l * s * a);
}

/** Share of employees with public contact per tier (assumption). */
export const CONTACT_SHARE: readonly number[] = [0, 0.55, 0.3, 0.38, 0.3];

/**
 * Log-odds terms of an employee's victimisation (assumptions giving realistic correlations: public contact
 * raises the risk strongly, young employees more than old); the intercept is calibrated so that the population
 * rate is the published 25 %.
 */
export function employeeVictimLogit(publicContact: boolean, lft4: number, laag: number): number {
  return (publicContact ? 1.4 : 0) + ([0, 0.45, 0.2, 0, -0.35][lft4] ?? 0) + (laag === 3 ? -0.15 : 0);
}
