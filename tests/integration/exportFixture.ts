// Test fixture for the export tests: a questionnaire built in code and a project file with N generated cases.
import Database from 'better-sqlite3';
import { createProjectFile } from '../../electron/backend/db/open';
import { defaultMissing, type Item, type Questionnaire, type Variable } from '../../shared/domain/questionnaire';

const NL = 'Nederlands (nl)';

function v(name: string, type: Variable['type'], label: string, extra: Partial<Variable> = {}): Item {
  return {
    kind: 'variable',
    variable: { name, type, label: { [NL]: label }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false, ...extra },
  };
}

/** A small Monitor-like questionnaire covering every column type, identifiers and missing codes. */
export function fixtureQuestionnaire(): Questionnaire {
  return {
    id: 'monitor_test',
    title: 'Monitor test',
    version: '2014.1',
    languages: [NL],
    defaultLanguage: NL,
    missingDefaults: defaultMissing(NL),
    lists: [
      { name: 'gesl', choices: [{ code: '1', label: { [NL]: 'Man' } }, { code: '2', label: { [NL]: 'Vrouw' } }] },
      {
        name: 'functie',
        choices: [
          { code: '10', label: { [NL]: 'Burgemeester' } },
          { code: '11', label: { [NL]: 'Wethouder' } },
          { code: '12', label: { [NL]: 'Raadslid' } },
        ],
      },
      {
        name: 'kanaal',
        choices: [
          { code: '1', label: { [NL]: 'Face-to-face' } },
          { code: '2', label: { [NL]: 'Telefoon' } },
          { code: '3', label: { [NL]: 'E-mail' } },
          { code: '4', label: { [NL]: 'Sociale media' } },
        ],
      },
      { name: 'janee', choices: [{ code: '1', label: { [NL]: 'Ja' } }, { code: '2', label: { [NL]: 'Nee' } }] },
    ],
    items: [
      v('naam', 'text', 'Naam respondent', { identifier: true }),
      v('email', 'text', 'E-mailadres', { identifier: true }),
      {
        kind: 'group',
        group: { name: 'achtergrond', label: { [NL]: 'Achtergrond' }, hint: {} },
        items: [
          v('geslacht', 'single', 'Wat is uw geslacht?', { listName: 'gesl', number: '1' }),
          v('functie', 'single', 'Wat is uw functie?', { listName: 'functie', number: '2' }),
          v('leeftijd', 'integer', 'Wat is uw leeftijd?', { number: '3', missing: [{ code: '999', label: { [NL]: 'Onbekend' } }] }),
        ],
      },
      v('uitleg', 'note', 'De volgende vragen gaan over agressie.'),
      v('slachtoffer', 'single', 'Bent u het afgelopen jaar slachtoffer geweest?', { listName: 'janee', number: '4' }),
      v('kanaal', 'multiple', 'Via welk kanaal?', { listName: 'kanaal', number: '5', relevant: '${slachtoffer} = 1' }),
      v('score', 'decimal', 'Rapportcijfer veiligheid', { number: '6', decimals: 2 }),
      v('datum', 'date', 'Datum van het incident', { number: '7', relevant: '${slachtoffer} = 1' }),
      v('toelichting', 'text', 'Toelichting', { number: '8' }),
      v('gewicht', 'decimal', 'Weegfactor', { decimals: 6 }),
    ],
  };
}

/** Stored (final) values of one generated case, keyed by variable; null = no value stored. */
export interface FixtureCase {
  caseId: string;
  status: 'complete' | 'verified' | 'excluded';
  pass1: Record<string, string>;
  /** Adjudicated values (pass 3) that override pass 1. */
  pass3: Record<string, string>;
}

const TEXTS = [
  '=SUM(A1:A2)',
  '+31 6 1234',
  '-5',
  '@user',
  'Gewoon antwoord',
  'Emoji 😀 en 👍🏽 blijven heel',
  'code_x0041_ blijft letterlijk',
  '  spaties voor en na  ',
  'regel 1\nregel 2',
  'bel\u0007 en \uFFFE weg',
  'Ëén, "twee"; drie',
];

/**
 * Deterministic cases: IDs with leading zeros, codes incl. user-missing, multiple choice as "1 3", dates
 * (incl. one before 1900-03-01), open text with formulas, emoji, `_x0041_`, spaces and control characters,
 * identifiers, weights, some pass-3 corrections and some excluded cases.
 * @param n number of cases
 */
export function fixtureCases(n: number): FixtureCase[] {
  const out: FixtureCase[] = [];
  for (let i = 0; i < n; i++) {
    const p1: Record<string, string> = {};
    const p3: Record<string, string> = {};
    p1.naam = `Persoon ${i}`;
    p1.email = `p${i}@example.nl`;
    p1.geslacht = String([1, 2, 9][i % 3]);
    p1.functie = String([10, 11, 12, 98][i % 4]);
    if (i % 7 !== 0) p1.leeftijd = String(i % 50 === 0 ? 999 : 25 + (i % 45));
    p1.slachtoffer = String((i % 5) % 2 === 0 ? 1 : 2);
    if (p1.slachtoffer === '1') {
      p1.kanaal = ['1', '1 3', '2 3 4', '4'][i % 4]!;
      p1.datum = i === 5 ? '1899-12-31' : `2014-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    }
    if (i % 3 !== 1) p1.score = (((i * 37) % 100) / 10).toFixed(2);
    if (i % 4 === 0) p1.toelichting = TEXTS[i % TEXTS.length]!;
    p1.gewicht = String(0.25 + (((i + 1) * 2654435761) % 4294967296) / 4294967296 * 3.5);
    if (i % 97 === 3) p3.geslacht = '2';
    if (i % 89 === 4) p3.kanaal = '2';
    out.push({ caseId: String(i + 1).padStart(6, '0'), status: i % 250 === 17 ? 'excluded' : i % 2 ? 'verified' : 'complete', pass1: p1, pass3: p3 });
  }
  return out;
}

/**
 * Creates a project at `path` holding the fixture questionnaire and `n` cases (plus an audit reason per excluded case).
 * @returns the questionnaire and the cases written
 */
export function createFixtureProject(path: string, n: number): { questionnaire: Questionnaire; cases: FixtureCase[] } {
  createProjectFile(path, 'Export fixture');
  const q = fixtureQuestionnaire();
  const cases = fixtureCases(n);
  const db = new Database(path);
  try {
    const now = '2024-05-01T10:00:00.000Z';
    db.prepare('INSERT INTO questionnaire_version (version, title, definition, created_at) VALUES (?, ?, ?, ?)').run(q.version, q.title, JSON.stringify(q), now);
    const addCase = db.prepare("INSERT INTO case_record (case_id, questionnaire_version_id, source, status, created_at, updated_at) VALUES (?, 1, 'keying', ?, ?, ?)");
    const addValue = db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, ?, ?, 'test', ?)");
    const addAudit = db.prepare("INSERT INTO audit_log (at, operator, source, case_pk, variable, old_value, new_value, reason) VALUES (?, 'test', 'cleaning', ?, NULL, 'complete', 'excluded', ?)");
    db.transaction(() => {
      for (const c of cases) {
        const pk = Number(addCase.run(c.caseId, c.status, now, now).lastInsertRowid);
        for (const [k, val] of Object.entries(c.pass1)) addValue.run(pk, k, 1, val, now);
        for (const [k, val] of Object.entries(c.pass3)) addValue.run(pk, k, 3, val, now);
        if (c.status === 'excluded') addAudit.run(now, pk, `dubbel formulier ${c.caseId}`);
      }
    })();
  } finally {
    db.close();
  }
  return { questionnaire: q, cases };
}

/** A small deterministic generator (mulberry32) so seeded projects are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Adds `n` synthetic cases to a project that already holds a questionnaire (e.g. the Monitor imported through
 * `questionnaire.importXlsform`): per variable a plausible stored value of its type (codes from its list, now and
 * then a user-missing code; multiple choice as "1 3"; numbers in range; dates in 2014; some open text with emoji
 * or a leading `=`), no value for notes and calculations. Statuses: about half complete, half verified, 2 % excluded
 * (with a cleaning audit entry). Case IDs `M00001`… Write with the project closed (no other writer).
 * @returns the case IDs written
 */
export function seedQuestionnaireCases(path: string, n: number, seed = 2014): string[] {
  const db = new Database(path);
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  try {
    const row = db.prepare('SELECT id, definition FROM questionnaire_version ORDER BY id DESC LIMIT 1').get() as { id: number; definition: string } | undefined;
    if (!row) throw new Error(`${path} holds no questionnaire`);
    const q = JSON.parse(row.definition) as Questionnaire;
    const vars: Variable[] = [];
    const walk = (items: readonly Item[]): void => {
      for (const it of items) {
        if (it.kind === 'variable') vars.push(it.variable);
        else walk(it.items);
      }
    };
    walk(q.items);
    const codesOf = (v: Variable): string[] => q.lists.find((l) => l.name === v.listName)?.choices.map((c) => c.code) ?? [];
    const missing = q.missingDefaults.oneDigit.map((m) => m.code);
    const now = '2014-06-01T09:00:00.000Z';
    const addCase = db.prepare("INSERT INTO case_record (case_id, questionnaire_version_id, source, status, created_at, updated_at) VALUES (?, ?, 'keying', ?, ?, ?)");
    const addValue = db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, 'seed', ?)");
    const addAudit = db.prepare("INSERT INTO audit_log (at, operator, source, case_pk, variable, old_value, new_value, reason) VALUES (?, 'seed', 'cleaning', ?, NULL, 'complete', 'excluded', ?)");
    const ids: string[] = [];
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const caseId = `M${String(i + 1).padStart(5, '0')}`;
        const status = i % 50 === 7 ? 'excluded' : rand() < 0.5 ? 'complete' : 'verified';
        const pk = Number(addCase.run(caseId, row.id, status, now, now).lastInsertRowid);
        for (const v of vars) {
          let value: string | null = null;
          switch (v.type) {
            case 'single': {
              const codes = codesOf(v);
              value = rand() < 0.04 && missing.length > 0 ? pick(missing) : codes.length > 0 ? pick(codes) : null;
              break;
            }
            case 'multiple': {
              const codes = codesOf(v).filter(() => rand() < 0.35);
              value = codes.length > 0 ? codes.join(' ') : null;
              break;
            }
            case 'integer': {
              const lo = v.range?.min ?? 18;
              const hi = v.range?.max ?? 80;
              value = String(Math.round(lo + rand() * (hi - lo)));
              break;
            }
            case 'decimal':
              value = (rand() * 10).toFixed(v.decimals ?? 2);
              break;
            case 'date':
              value = `2014-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
              break;
            case 'text':
              value = v.identifier ? `Persoon ${i + 1}` : rand() < 0.3 ? pick(TEXTS) : null;
              break;
            case 'calculated':
            case 'note':
              break;
            default: {
              const never: never = v.type;
              throw new Error(`Unexpected type ${String(never)}`);
            }
          }
          if (value !== null) addValue.run(pk, v.name, value, now);
        }
        if (status === 'excluded') addAudit.run(now, pk, `dubbel formulier ${caseId}`);
        ids.push(caseId);
      }
    })();
    return ids;
  } finally {
    db.close();
  }
}
