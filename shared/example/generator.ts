// Deterministic generator of the Monitor 2014 example: synthetic population, sample frame, nonresponse, mode and answers.
import { createRng, type Rng } from './prng';
import {
  CONTACT_SHARE, FUNCTIES, GEMGR_VICTIM_FACTOR, HEADLINE_2014, MUNICIPAL_FUNCTIES, employeeResponse, employeeVictimLogit,
  officeHolderResponse, victimisationByFunctie,
} from './model';

/** Example size: small (about 300 respondents, for tests) or full (the monitor's scale, thousands). */
export type ExampleSize = 'small' | 'full';

/** One population row of population-2014.csv. */
export interface PopulationRow { group: string; variable: string; code: string; count: number }

/** One person of the synthetic population. */
export interface Person {
  groep: 1 | 2;
  /** Office holders: functie code; employees: null. */
  functie: string | null;
  /** 1 gemeente, 2 provincie, 3 Rijk, 4 waterschap. */
  laag: number;
  /** Municipality size class 1–5 for municipal office holders, else null. */
  gemgr: string | null;
  geslacht: number;
  lft4: number;
  publicContact: boolean;
  victim: boolean;
  /** Design stratum (office holders functie × gemgr, employees tier). */
  stratum: string;
}

/** A sampled case of the frame. */
export interface FrameCase { caseNumber: number; person: Person; mode: 'paper' | 'web'; responds: boolean; answers: Record<string, string> | null }

/** A keying error planted in a paper form: the typist keys `keyed` where the form says `value`. */
export interface PlantedError { caseNumber: number; variable: string; value: string; keyed: string }

/**
 * An error planted in the data that survives verification (it is what the respondent answered or the web tool
 * stored), for the cleaning run to find: `range` a value outside the form's hard check (`jaren_functie` 62, the
 * respondent's age), `offRoute` an answer the routing skips (`inc_totaal` of a non-victim, kept by the web tool
 * after the respondent changed an earlier answer), `rule` a value only a project edit rule catches (`jaren_functie`
 * with a zero too many for a young respondent), `duplicate` a web response submitted twice, the second time with
 * the invitation code of a sampled non-respondent (`caseNumber`) of the same stratum (`duplicateOf` is the real one).
 * `value` is the true answer (null = none), `recorded` what the data hold.
 */
export interface PlantedDataError {
  caseNumber: number;
  kind: 'range' | 'offRoute' | 'rule' | 'duplicate';
  variable: string | null;
  value: string | null;
  recorded: string | null;
  duplicateOf?: number;
}

/** The generated example. */
export interface Example {
  seed: number;
  size: ExampleSize;
  /** Population size per design stratum (for design weights N_h / n_h). */
  strata: Record<string, number>;
  cases: FrameCase[];
  planted: PlantedError[];
  /** Errors planted in the web responses for the cleaning run (one of each kind when the sample allows it). */
  dataErrors: PlantedDataError[];
  /** True population values (finite population of this seed). */
  truth: { victimisation: { employees: number; officeHolders: number; byFunctie: Record<string, number> }; populationSize: { employees: number; officeHolders: number } };
}

/**
 * Parses population-2014.csv (columns group, variable, category_code, category_label, population_count, source).
 * @param text the file's text
 * @returns the rows
 * @throws Error when a row has no numeric count
 */
export function parsePopulationCsv(text: string): PopulationRow[] {
  const rows: string[][] = [];
  let row: string[] = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); cell = '';
      if (row.some((c) => c !== '')) rows.push(row);
      row = [];
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.slice(1).map((r) => {
    const count = Number(r[4]);
    if (!Number.isFinite(count)) throw new Error(`population: no count in row ${r.join(',')}`);
    return { group: r[0] ?? '', variable: r[1] ?? '', code: r[2] ?? '', count };
  });
}

function count(rows: readonly PopulationRow[], group: string, variable: string, code: string): number {
  const r = rows.find((x) => x.group === group && x.variable === variable && x.code === code);
  if (!r) throw new Error(`population: no row ${group} ${variable} ${code}`);
  return r.count;
}

/** Picks exactly `k` of `idx` at random (partial shuffle). */
function chooseExactly(rng: Rng, idx: number[], k: number): number[] {
  const a = [...idx];
  for (let i = 0; i < k && i < a.length; i++) {
    const j = i + Math.floor(rng.next() * (a.length - i));
    const t = a[i] as number; a[i] = a[j] as number; a[j] = t;
  }
  return a.slice(0, k);
}

/** Systematic πps selection in random order: unit i selected with probability p_i, total fixed at ⌊Σp⌋ or ⌈Σp⌉. */
function systematic(rng: Rng, p: readonly number[]): boolean[] {
  const order = rng.shuffle(p.map((_, i) => i));
  const out = new Array<boolean>(p.length).fill(false);
  let cum = rng.next();
  for (const i of order) {
    const before = Math.floor(cum);
    cum += p[i] ?? 0;
    if (Math.floor(cum) > before) out[i] = true;
  }
  return out;
}

/**
 * Builds the synthetic population of both target groups with the sizes of population-2014.csv: office holders
 * per functie × gemgr (municipal) or functie; employees per tier with the exact sex and age-class margins of the
 * file. Victimisation is assigned so the finite-population rates equal the published 2014 figures (README
 * section 5): exactly round(N × rate) victims per office-holder cell (rates by function, see model.ts), and for
 * employees a logistic model (public contact, age, tier) whose intercept is calibrated to 25 % and realised by
 * systematic selection, so the count of victims is 25 % of N to within one person.
 * @param rows the population file; @param rng the stream
 * @returns the persons
 * @throws Error when the file lacks a needed count
 */
export function buildPopulation(rows: readonly PopulationRow[], rng: Rng): Person[] {
  const pa = 'politiek_ambtsdrager', mw = 'medewerker';
  const people: Person[] = [];
  const fCounts = Object.fromEntries(FUNCTIES.map((f) => [f, count(rows, pa, 'functie', f)]));
  const rates = victimisationByFunctie(fCounts);
  for (const f of FUNCTIES) {
    const laag = f.startsWith('1') ? 1 : f.startsWith('2') ? 2 : 4;
    const cells = MUNICIPAL_FUNCTIES.has(f) ? ['1', '2', '3', '4', '5'].map((g) => ({ g, n: count(rows, pa, 'functie*gemgr', `${f}*${g}`) })) : [{ g: null as string | null, n: fCounts[f] ?? 0 }];
    const total = cells.reduce((s, c) => s + c.n, 0);
    const norm = cells.reduce((s, c) => s + c.n * (c.g ? (GEMGR_VICTIM_FACTOR[c.g] ?? 1) : 1), 0) / total;
    for (const c of cells) {
      const rate = Math.min(1, (rates[f] ?? 0) * (c.g ? (GEMGR_VICTIM_FACTOR[c.g] ?? 1) : 1) / norm);
      const start = people.length;
      for (let i = 0; i < c.n; i++) {
        const lft4 = rng.pick([1, 2, 3, 4], f === '13' || f === '22' || f === '32' ? [0.12, 0.2, 0.3, 0.38] : [0.03, 0.15, 0.35, 0.47]);
        people.push({ groep: 1, functie: f, laag, gemgr: c.g, geslacht: rng.chance(0.29) ? 2 : 1, lft4, publicContact: true, victim: false, stratum: c.g ? `pa${f}_${c.g}` : `pa${f}` });
      }
      for (const i of chooseExactly(rng, Array.from({ length: c.n }, (_, k) => start + k), Math.round(c.n * rate))) (people[i] as Person).victim = true;
    }
  }
  const emp: Person[] = [];
  for (const laag of [1, 2, 3, 4]) {
    const n = count(rows, mw, 'laag', String(laag));
    const sexes: number[] = [];
    for (const s of [1, 2]) { const k = count(rows, mw, 'laag*geslacht', `${laag}*${s}`); for (let i = 0; i < k; i++) sexes.push(s); }
    const ages: number[] = [];
    for (const a of [1, 2, 3, 4]) { const k = count(rows, mw, 'laag*lft4', `${laag}*${a}`); for (let i = 0; i < k; i++) ages.push(a); }
    rng.shuffle(ages);
    for (let i = 0; i < n; i++) {
      const lft4 = ages[i] ?? 4;
      const contact = rng.chance((CONTACT_SHARE[laag] ?? 0.3) * (lft4 === 4 ? 0.85 : 1.05));
      emp.push({ groep: 2, functie: null, laag, gemgr: null, geslacht: sexes[i] ?? 1, lft4, publicContact: contact, victim: false, stratum: `mw${laag}` });
    }
  }
  const terms = emp.map((p) => employeeVictimLogit(p.publicContact, p.lft4, p.laag));
  const target = HEADLINE_2014.victimisation.employees * emp.length;
  let lo = -10, hi = 10;
  const distinct = new Map<number, number>();
  for (const t of terms) distinct.set(t, (distinct.get(t) ?? 0) + 1);
  const sum = (a: number): number => { let s = 0; for (const [t, k] of distinct) s += k / (1 + Math.exp(-(a + t))); return s; };
  for (let it = 0; it < 60; it++) { const mid = (lo + hi) / 2; if (sum(mid) < target) lo = mid; else hi = mid; }
  const a = (lo + hi) / 2;
  const prob = new Map([...distinct.keys()].map((t) => [t, 1 / (1 + Math.exp(-(a + t)))]));
  const chosen = systematic(rng, terms.map((t) => prob.get(t) ?? 0));
  emp.forEach((p, i) => { p.victim = chosen[i] === true; });
  return [...people, ...emp];
}

/** Sample sizes: office holders per function (full: census), employees per tier. */
function sampleSizes(size: ExampleSize): { officeFraction: number; employeesPerTier: number } {
  return size === 'full' ? { officeFraction: 1, employeesPerTier: 2500 } : { officeFraction: 0.035, employeesPerTier: 110 };
}

const YN = (rng: Rng, p: number, dk = 0.02): string => (rng.chance(dk) ? '8' : rng.chance(p / (1 - dk)) ? '1' : '2');

/**
 * A respondent's answers, consistent with the questionnaire's routing (only questions on route are answered;
 * calculated variables are left to the questionnaire). Rates: victimisation from the population; the avoidance
 * items, adverse effects, job satisfaction, mental health, aftercare and police report follow HEADLINE_2014
 * (README section 5), with victims more likely to avoid risky decisions (the marginal rate is kept).
 * @param p the person; @param rng the stream
 * @returns answers by variable name (multiple choice as "1 3")
 */
export function answersFor(p: Person, rng: Rng): Record<string, string> {
  const a: Record<string, string> = {};
  if (rng.chance(0.01)) { a.toestemming = '2'; return a; }
  a.toestemming = '1';
  a.groep = String(p.groep);
  const office = p.groep === 1;
  if (office) a.functie = p.functie ?? '13';
  else {
    a.laag_mw = String(p.laag);
    a.mw_rol = p.publicContact ? rng.pick(['1', '3', '4', '5', '7'], [1, 5, 3, 2, 0.5]) : rng.pick(['1', '2', '6', '7'], [1.5, 5, 3, 0.5]);
    if (p.publicContact) { a.burgercontact = '1'; a.contact_freq = rng.pick(['1', '2', '3'], [5, 3, 2]); } else if (rng.chance(0.4)) { a.burgercontact = '1'; a.contact_freq = '4'; } else a.burgercontact = '2';
  }
  if (p.laag === 1) a.gemgr = office ? (p.gemgr ?? '2') : rng.chance(0.03) ? '8' : rng.pick(['1', '2', '3', '4', '5'], [0.15, 0.3, 0.2, 0.2, 0.15]);
  a.jaren_functie = String(office ? Math.min(40, Math.floor(rng.next() * rng.next() * 24)) : Math.min(45, Math.floor(rng.next() * (p.lft4 * 10))));
  const forms = ['ag_verbaal', 'ag_bedreig', 'ag_fysiek', 'ag_discrim', 'ag_seks', 'ag_schade', 'ag_online', 'ag_thuis'] as const;
  const pForm = office ? [0.8, 0.45, 0.04, 0.08, 0.05, 0.06, 0.5, 0.1] : [0.85, 0.4, p.publicContact ? 0.12 : 0.04, 0.1, 0.05, 0.05, 0.2, 0.03];
  const had = new Set<number>();
  if (p.victim) {
    forms.forEach((_, i) => { if (rng.chance(pForm[i] ?? 0)) had.add(i); });
    if (had.size === 0) had.add(0);
  }
  forms.forEach((f, i) => { a[f] = had.has(i) ? rng.pick(['2', '3', '4'], [0.45, 0.4, 0.15]) : rng.chance(0.01) ? '8' : '1'; });
  if (!p.victim) return rest(a, p, rng);
  let total = 0;
  forms.forEach((f) => { const v = a[f]; total += v === '2' ? 1 : v === '3' ? rng.int(2, 5) : v === '4' ? rng.int(6, 20) : 0; });
  a.inc_totaal = String(Math.min(500, Math.max(1, total)));
  const vormCodes = [...had].filter((i) => i < 7).map((i) => i + 1);
  const vorm = vormCodes.length ? rng.shuffle(vormCodes).slice(0, rng.chance(0.3) ? 2 : 1).sort((x, y) => x - y) : [2];
  a.inc_vorm = vorm.join(' ');
  a.inc_wanneer = rng.pick(['1', '2', '3', '4', '8'], [2, 3, 3, 3, 0.3]);
  a.inc_kanaal = office ? rng.pick(['11', '12', '13', '21', '22', '23', '24', '97'], [2, 3, 0.5, 1, 0.5, 3, 3, 0.2]) : rng.pick(['11', '12', '21', '23', '24', '97', '98'], [6, 1, 3, 1.5, 0.7, 0.2, 0.2]);
  if (a.inc_kanaal === '97') a.inc_kanaal_anders = 'Via een buurtapp';
  a.inc_thuis = had.has(7) ? '1' : rng.chance(0.03) ? '8' : '2';
  a.inc_dader = rng.pick(['1', '2', '3', '4', '5', '6', '8'], office ? [1, 4, 0.5, 1, 2, 0.2, 0.2] : [6, 1, 0.5, 0.5, 1, 0.2, 0.2]);
  if (a.inc_dader === '6') a.inc_dader_anders = 'Een familielid van een cliënt';
  a.inc_aanleiding = rng.pick(['1', '2', '3', '4', '5', '6', '8'], office ? [4, 4, 0.5, 1, 1, 0.3, 0.3] : [3, 0.3, 2, 3, 2, 0.3, 0.3]);
  const serious = had.has(1) || had.has(2) || had.has(5) || had.has(7);
  a.inc_ernst = rng.pick(['1', '2', '3', '4', '5', '8'], serious ? [0.5, 2, 3, 3, 1.5, 0.1] : [2, 4, 3, 1, 0.3, 0.1]);
  a.inc_gemeld = YN(rng, office ? 0.45 : 0.6);
  if (a.inc_gemeld === '2') {
    const r = ['1', '2', '3', '4', '5', '6', '7'].filter((_, i) => rng.chance([0.4, 0.35, 0.2, 0.08, 0.3, 0.05, 0.04][i] ?? 0));
    a.inc_reden_nm = (r.length ? r : ['1']).join(' ');
    if (a.inc_reden_nm.split(' ').includes('7')) a.inc_reden_anders = 'Geen tijd';
  }
  if (a.inc_gemeld === '1') a.inc_registr = YN(rng, 0.6, 0.15);
  const police = office ? HEADLINE_2014.policeReportOfficeHolders : 0.1;
  a.inc_aangifte = rng.chance(police) ? rng.pick(['1', '2'], [1, 1]) : rng.pick(['3', '4', '8'], [1, 6, 0.3]);
  a.inc_reactie = YN(rng, 0.35, 0.1);
  a.inc_schade = had.has(5) ? rng.pick(['1', '2', '8'], [1, 2, 0.2]) : rng.pick(['3', '2'], [9, 1]);
  const adverse = rng.chance(HEADLINE_2014.adverse);
  const g = {
    gev_werkpl: adverse && rng.chance(HEADLINE_2014.lowerSatisfaction / HEADLINE_2014.adverse),
    gev_psych: adverse && rng.chance(HEADLINE_2014.mentalHealth / HEADLINE_2014.adverse),
    gev_fysiek: adverse && had.has(2) && rng.chance(0.5),
    gev_verzuim: adverse && rng.chance(0.15),
    gev_onveilig: adverse && rng.chance(0.45),
  };
  if (adverse && !Object.values(g).some(Boolean)) g.gev_onveilig = true;
  for (const [k, v] of Object.entries(g)) a[k] = v ? '1' : '2';
  if (g.gev_verzuim) a.verzuim_dagen = String(rng.int(1, 20));
  a.nazorg = rng.pick(['1', '2', '3', '8'], [3, 1, 5, 0.5]);
  if (a.nazorg === '1') a.nazorg_van = ['1', '2', '3', '4', '5', '6'].filter((_, i) => i === 0 || rng.chance([0, 0.5, 0.15, 0.1, 0.1, 0.03][i] ?? 0)).join(' ');
  if (a.nazorg === '1' || a.nazorg === '2') a.nazorg_oordeel = rng.chance(HEADLINE_2014.aftercareInsufficient) ? '2' : rng.pick(['1', '3', '8'], [3, 1, 0.2]);
  return rest(a, p, rng);
}

function rest(a: Record<string, string>, p: Person, rng: Rng): Record<string, string> {
  const office = p.groep === 1;
  const vr = office ? HEADLINE_2014.victimisation.officeHolders : HEADLINE_2014.victimisation.employees;
  // victims 1.6 times as likely as non-victims, marginal rate kept at the published figure
  const lift = (base: number): number => (p.victim ? 1.6 : 1) * base / (1 + 0.6 * vr);
  a.verm_moeilijk = YN(rng, lift(office ? HEADLINE_2014.avoidHard.officeHolders : HEADLINE_2014.avoidHard.employees));
  a.verm_invloed = YN(rng, lift(office ? HEADLINE_2014.avoidInfluence.officeHolders : HEADLINE_2014.avoidInfluence.employees));
  a.veiligheid = rng.pick(['1', '2', '3', '4', '8'], p.victim ? [2, 5, 2.5, 0.5, 0.1] : [5, 4, 0.8, 0.1, 0.1]);
  a.risico = rng.pick(['1', '2', '3', '4', '5', '8'], p.victim || p.publicContact ? [1, 3, 3, 2, 0.5, 0.2] : [3, 4, 2, 0.5, 0.1, 0.2]);
  a.hoort_bij = rng.pick(['1', '2', '3', '4', '5', '8'], [2, 3, 2, 2, 1, 0.2]);
  a.getuige = YN(rng, office ? 0.45 : 0.3);
  if (a.getuige === '1') a.getuige_opt = YN(rng, 0.4, 0.05);
  for (const [k, r] of [['bel_norm', 0.6], ['bel_melden', 0.7], ['bel_registr', 0.55], ['bel_training', 0.4], ['bel_signaal', 0.3], ['bel_aangifte', 0.35], ['bel_schade', 0.2], ['bel_nazorg', 0.45]] as const) a[k] = YN(rng, r, 0.12);
  a.bel_behoefte = YN(rng, p.victim ? 0.35 : 0.2);
  a.bel_steun = rng.pick(['1', '2', '3', '4', '5', '8'], [0.5, 1.5, 3, 4, 1.5, 0.5]);
  a.geslacht = String(p.geslacht);
  a.leeftijd = p.lft4 === 1 ? (rng.chance(0.25) ? '1' : '2') : p.lft4 === 2 ? '3' : p.lft4 === 3 ? '4' : office && rng.chance(0.25) ? '6' : rng.chance(0.04) ? '6' : '5';
  if (rng.chance(0.05)) a.opmerking = rng.pick(['Goede vragenlijst.', 'Vraag over nazorg was lastig.', 'Ik mis vragen over collega’s.'], [1, 1, 1]);
  return a;
}

/**
 * Plants a realistic keying error in a paper form: a transposed number (`jaren_functie` 12 → 21) or an
 * adjacent code on a scale (`veiligheid`, `bel_steun`) — values that pass the checks, so only verification
 * (blind re-keying) catches them.
 */
function plant(rng: Rng, caseNumber: number, a: Record<string, string>): PlantedError | null {
  const j = a.jaren_functie;
  if (j && j.length === 2 && j[0] !== j[1] && Number(`${j[1]}${j[0]}`) <= 50 && rng.chance(0.5)) return { caseNumber, variable: 'jaren_functie', value: j, keyed: `${j[1]}${j[0]}` };
  for (const v of ['veiligheid', 'bel_steun']) {
    const x = a[v];
    if (x && /^[1-3]$/.test(x)) return { caseNumber, variable: v, value: x, keyed: String(Number(x) + 1) };
  }
  return null;
}

/**
 * Plants the data errors of {@link PlantedDataError} in web respondents (distinct cases, chosen at random): the
 * respondents' `answers` are changed to what the data hold; a duplicate is a non-respondent of the same stratum
 * given a copy of a web respondent's answers (it stays `responds: false`: it is not a real response).
 * @param rng the stream; @param cases the frame (changed in place)
 * @returns the planted errors, at most one per kind (none when no case fits)
 */
function plantDataErrors(rng: Rng, cases: FrameCase[]): PlantedDataError[] {
  const web = rng.shuffle(cases.filter((c) => c.responds && c.mode === 'web' && c.answers?.toestemming === '1'));
  const used = new Set<number>();
  const out: PlantedDataError[] = [];
  const take = (pred: (c: FrameCase, a: Record<string, string>) => boolean): FrameCase | undefined => {
    const c = web.find((x) => !used.has(x.caseNumber) && pred(x, x.answers ?? {}));
    if (c) used.add(c.caseNumber);
    return c;
  };
  const range = take((_, a) => a.jaren_functie !== undefined && (a.leeftijd === '5' || a.leeftijd === '6'));
  if (range?.answers) {
    const recorded = String(55 + rng.int(0, 9));
    out.push({ caseNumber: range.caseNumber, kind: 'range', variable: 'jaren_functie', value: range.answers.jaren_functie ?? null, recorded });
    range.answers.jaren_functie = recorded;
  }
  const off = take((_, a) => a.inc_totaal === undefined && a.ag_verbaal === '1');
  if (off?.answers) {
    const recorded = String(rng.int(1, 4));
    out.push({ caseNumber: off.caseNumber, kind: 'offRoute', variable: 'inc_totaal', value: null, recorded });
    off.answers.inc_totaal = recorded;
  }
  const rule = take((_, a) => (a.leeftijd === '1' || a.leeftijd === '2') && /^[2-4]$/.test(a.jaren_functie ?? ''));
  if (rule?.answers) {
    const recorded = `${rule.answers.jaren_functie ?? ''}0`;
    out.push({ caseNumber: rule.caseNumber, kind: 'rule', variable: 'jaren_functie', value: rule.answers.jaren_functie ?? null, recorded });
    rule.answers.jaren_functie = recorded;
  }
  for (const c of web) {
    if (used.has(c.caseNumber)) continue;
    const twin = cases.find((x) => !x.responds && x.answers === null && x.person.stratum === c.person.stratum);
    if (!twin) continue;
    twin.answers = { ...(c.answers ?? {}) };
    twin.mode = 'web';
    out.push({ caseNumber: twin.caseNumber, kind: 'duplicate', variable: null, value: null, recorded: null, duplicateOf: c.caseNumber });
    break;
  }
  return out;
}

/**
 * Generates the whole example from a seed: population (see {@link buildPopulation}), a stratified sample
 * (office holders: census at full size, 3.5 % per stratum at small size with at least 2; employees: a simple random
 * sample per tier, 2,500 at full size, 110 at small size), nonresponse by stratum (model.ts), a mode per case
 * (paper more often for office holders and older people), answers for respondents ({@link answersFor}), a few
 * planted keying errors (about 3 % of paper forms, at least three) and planted data errors in the web responses
 * for the cleaning run ({@link PlantedDataError}: out of range, off route, an edit-rule hit, a duplicate submission).
 * @param populationCsv the text of population-2014.csv; @param seed integer seed; @param size small or full
 * @returns the example; the same seed and size always give the same example
 * @throws Error when the population file lacks a needed count
 */
export function generateExample(populationCsv: string, seed: number, size: ExampleSize): Example {
  const root = createRng(seed);
  const rPop = root.fork('population'), rSample = root.fork('sample'), rResp = root.fork('response'), rAns = root.fork('answers'), rPlant = root.fork('plant');
  const rData = root.fork('data');
  const rows = parsePopulationCsv(populationCsv);
  const people = buildPopulation(rows, rPop);
  const byStratum = new Map<string, number[]>();
  people.forEach((p, i) => { const l = byStratum.get(p.stratum); if (l) l.push(i); else byStratum.set(p.stratum, [i]); });
  const { officeFraction, employeesPerTier } = sampleSizes(size);
  const sampled: number[] = [];
  for (const [s, idx] of byStratum) {
    const n = s.startsWith('pa') ? (officeFraction >= 1 ? idx.length : Math.min(idx.length, Math.max(2, Math.round(idx.length * officeFraction)))) : Math.min(idx.length, employeesPerTier);
    sampled.push(...chooseExactly(rSample, idx, n).sort((x, y) => x - y));
  }
  const order = rSample.shuffle(sampled);
  const cases: FrameCase[] = [];
  const planted: PlantedError[] = [];
  order.forEach((i, k) => {
    const p = people[i] as Person;
    const rr = rResp.fork(String(k)), ra = rAns.fork(String(k));
    const prop = p.groep === 1 ? officeHolderResponse(p.functie ?? '', p.gemgr) : employeeResponse(p.laag, p.geslacht, p.lft4);
    const responds = rr.chance(prop);
    const mode: 'paper' | 'web' = rr.chance(p.groep === 1 ? (p.lft4 === 4 ? 0.35 : 0.2) : p.lft4 === 4 ? 0.2 : 0.1) ? 'paper' : 'web';
    const answers = responds ? answersFor(p, ra) : null;
    cases.push({ caseNumber: k + 1, person: p, mode, responds, answers });
  });
  const paper = cases.filter((c) => c.responds && c.mode === 'paper' && c.answers?.toestemming === '1');
  for (const c of paper) if (rPlant.chance(0.03)) { const e = plant(rPlant, c.caseNumber, c.answers ?? {}); if (e) planted.push(e); }
  for (const c of paper) {
    if (planted.length >= 3) break;
    if (planted.some((e) => e.caseNumber === c.caseNumber)) continue;
    const e = plant(rPlant, c.caseNumber, c.answers ?? {});
    if (e) planted.push(e);
  }
  const dataErrors = plantDataErrors(rData, cases);
  const rate = (ps: readonly Person[]): number => ps.filter((p) => p.victim).length / ps.length;
  const office = people.filter((p) => p.groep === 1), emp = people.filter((p) => p.groep === 2);
  return {
    seed, size,
    strata: Object.fromEntries([...byStratum].map(([s, idx]) => [s, idx.length])),
    cases, planted, dataErrors,
    truth: {
      victimisation: { employees: rate(emp), officeHolders: rate(office), byFunctie: Object.fromEntries(FUNCTIES.map((f) => [f, rate(office.filter((p) => p.functie === f))])) },
      populationSize: { employees: emp.length, officeHolders: office.length },
    },
  };
}
