// Cleaning UI helpers: every message shape of the real rule run gets a Dutch/English text; item-nonresponse rows order.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n } from 'i18next';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import { createCleaner, type CleaningViolation } from '../../shared/cleaning';
import { nonresponseRows, violationMessageKey, type MessageKey } from '../../renderer/features/cleaning/format';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';
import { tempDir } from '../helpers/tmp';

const ALL_KEYS: MessageKey[] = [
  'code', 'codeTwice', 'typeNumber', 'typeWhole', 'typeDecimals', 'typeDate', 'range', 'length', 'date', 'normalise',
  'required', 'offRoute', 'duplicateId', 'duplicateAnswers', 'straightlining', 'incomplete',
];

let violations: CleaningViolation[] = [];
let tr: i18n;

beforeAll(async () => {
  // A small form with every kind of check the rule run makes, read through the real XLSForm reader.
  const dir = join(tempDir(), 'form');
  mkdirSync(dir);
  writeFileSync(join(dir, 'survey.csv'), [
    'type,name,label,required,relevant,veldwerk::range,veldwerk::decimals,veldwerk::max_length,veldwerk::straightlining',
    'select_one jn,jn,Ja of nee,yes,,,,',
    'integer,n,Aantal,,,0..10,,',
    'decimal,d,Bedrag,,,,1,',
    'text,tekst,Tekst,,,,,5',
    'date,dag,Datum,,,,,',
    'select_multiple jn,mj,Meer,,,,,',
    "integer,alleen_ja,Alleen bij ja,,${jn} = '1',,,",
    'begin_group,raster,Raster,,,,,,yes', // a yes/no grid is checked for straightlining only when the form asks for it
    'select_one jn,r1,Item 1,,,,,',
    'select_one jn,r2,Item 2,,,,,',
    'select_one jn,r3,Item 3,,,,,',
    'end_group,,,,,,,',
  ].join('\n'));
  writeFileSync(join(dir, 'choices.csv'), 'list_name,name,label\njn,1,Ja\njn,2,Nee\n');
  writeFileSync(join(dir, 'settings.csv'), 'form_title,form_id,version\nTest,test,1\n');
  const checked = await checkXlsform(dir).catch((e: { issues?: unknown }) => { throw new Error(JSON.stringify(e.issues)); });
  const q = checked.questionnaire;
  const full = { jn: '1', n: '3', d: '1.5', tekst: 'abc', dag: '2014-01-01', mj: '1', alleen_ja: '4', r1: '1', r2: '2', r3: '1' };
  const cases = [
    { caseId: 'A1', values: { ...full, n: '11' } },
    { caseId: 'A2', values: { ...full, n: 'x' } },
    { caseId: 'A3', values: { ...full, n: '1.5' } },
    { caseId: 'A4', values: { ...full, d: '1.25' } },
    { caseId: 'A5', values: { ...full, tekst: 'abcdefg' } },
    { caseId: 'A6', values: { ...full, dag: '2014-13-45' } },
    { caseId: 'A7', values: { ...full, dag: '2030-01-01' } },
    { caseId: 'A8', values: { ...full, jn: '3' } },
    { caseId: 'A9', values: { ...full, mj: '1 1' } },
    { caseId: 'B1', values: { ...full, jn: ' 1 ' } },
    { caseId: 'B2', values: { ...full, jn: '' } },
    { caseId: 'B3', values: { ...full, jn: '2' } },
    { caseId: 'B4', values: { ...full, r1: '2', r2: '2', r3: '2', n: '7' } },
    { caseId: 'B5', values: { ...full, r1: '2', r2: '2', r3: '2', n: '7' } },
    { caseId: 'B6', values: { jn: '1' } },
    { caseId: 'B6', values: { ...full, n: '9', d: '2.5' } },
  ];
  violations = createCleaner(q).run(cases, { today: '2014-06-01' }).violations;
  tr = i18next.createInstance();
  await tr.init({ lng: 'nl', resources: { nl: { translation: nl }, en: { translation: en } }, interpolation: { escapeValue: false } });
});

describe('violation messages in the UI language', () => {
  it('every message shape of the rule run has a key, and every key is used', () => {
    const used = new Set<string>();
    for (const v of violations) {
      const m = violationMessageKey(v);
      if (v.kind === 'hard' || v.kind === 'soft' || v.kind === 'edit') continue;
      expect(m, `${v.kind}: ${v.message}`).not.toBeNull();
      used.add(m!.key.replace('cleaning.message.', ''));
    }
    expect([...used].sort()).toEqual([...ALL_KEYS].sort());
  });

  it('renders Dutch (and English) with the value, variable and the numbers of the message', () => {
    const text = (caseId: string, kind: string, lng = 'nl') => {
      const v = violations.find((x) => x.caseId === caseId && x.kind === kind)!;
      const m = violationMessageKey(v)!;
      return tr.getFixedT(lng)(m.key, m.params);
    };
    expect(text('A1', 'range')).toBe('11 ligt buiten het bereik 0–10 van n');
    expect(text('A1', 'range', 'en')).toBe('11 is outside the range 0–10 of n');
    expect(text('A4', 'type')).toBe('1.25 heeft meer dan 1 decimalen (d)');
    expect(text('A5', 'length')).toBe('De tekst van tekst telt 7 tekens, meer dan 5');
    expect(text('A7', 'date')).toBe('2030-01-01 ligt na vandaag (2014-06-01)');
    expect(text('A8', 'code')).toBe('3 is geen code van jn');
    expect(text('B1', 'normalise')).toBe('" 1 " is code 1 van jn na het gelijktrekken van spaties en hoofdletters');
    expect(text('B2', 'required')).toBe('jn is leeg, maar hoort beantwoord te zijn');
    expect(text('B3', 'offRoute')).toBe('alleen_ja is beantwoord, maar de routing slaat deze vraag over');
    expect(text('B4', 'duplicateAnswers')).toBe('Dezelfde antwoorden als case B5');
    expect(text('B4', 'straightlining')).toBe('Hetzelfde antwoord (2) op alle 3 items van raster');
    expect(text('B6', 'duplicateId')).toBe('Dit case-ID komt 2 keer voor (ook als B6)');
    expect(text('B6', 'incomplete')).toMatch(/^\d+ van de \d+ velden op de route zijn leeg$/);
  });

  it('keeps the project\'s own text for edit rules and unknown shapes', () => {
    expect(violationMessageKey({ kind: 'edit', variables: ['n'], value: '3', message: 'Langer dan 40 jaar' })).toBeNull();
    expect(violationMessageKey({ kind: 'range', variables: ['n'], value: '3', message: 'iets anders' })).toBeNull();
  });
});

describe('item-nonresponse rows', () => {
  it('keeps variables on route, highest rate first, then by name; optionally only those with nonresponse', () => {
    const rows = [
      { variable: 'b', onRoute: 10, systemMissing: 1, userMissing: 0, rate: 0.1 },
      { variable: 'a', onRoute: 10, systemMissing: 0, userMissing: 1, rate: 0.1 },
      { variable: 'c', onRoute: 10, systemMissing: 5, userMissing: 0, rate: 0.5 },
      { variable: 'd', onRoute: 0, systemMissing: 0, userMissing: 0, rate: 0 },
      { variable: 'e', onRoute: 4, systemMissing: 0, userMissing: 0, rate: 0 },
    ];
    expect(nonresponseRows(rows, true).map((r) => r.variable)).toEqual(['c', 'a', 'b']);
    expect(nonresponseRows(rows, false).map((r) => r.variable)).toEqual(['c', 'a', 'b', 'e']);
  });
});
