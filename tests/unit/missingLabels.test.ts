// User-missing labels in the form's language: "English (en)" is English (languageCode), and a project stored before
// that fix ("English (en)": "Geen antwoord") reads "No answer" (localizedMissingDefaults) — the cleaning correction
// hint of the Monitor example read "8 = Prefer not to say; 9 = Geen antwoord" in the English UI.
import { describe, expect, it } from 'vitest';
import { loadXlsform } from '../../electron/backend/services/xlsformFiles';
import {
  defaultMissing, findVariable, languageCode, localizedMissingDefaults, textIn, userMissingCodes, valueLabels, type MissingDefaults, type Questionnaire,
} from '../../shared/domain/questionnaire';

const NL = 'Nederlands (nl)';
const EN = 'English (en)';

/** The correction hint's code list as CasePanel builds it: `code = label` in the form language. */
const hint = (q: Questionnaire, name: string, lang: string) =>
  valueLabels(q, findVariable(q, name)!).map((l) => `${l.code} = ${textIn(l.label, lang, q.defaultLanguage)}`).join('; ');

describe('languageCode', () => {
  it('reads the code in brackets of an XLSForm language name, else the part before - or _', () => {
    expect([EN, NL, 'Frysk (fy)', 'English (en-GB)', 'en', 'en-GB', 'EN_us', 'nl', 'default'].map(languageCode)).toEqual(['en', 'nl', 'fy', 'en', 'en', 'en', 'en', 'nl', 'default']);
  });
});

describe('default user-missing labels per language', () => {
  it('gives "English (en)" the English texts and "Nederlands (nl)" the Dutch ones', () => {
    const d = defaultMissing(NL, [NL, EN]);
    expect(d.oneDigit).toEqual([
      { code: '8', label: { [NL]: 'Weet niet', [EN]: "Don't know", en: "Don't know" } },
      { code: '9', label: { [NL]: 'Geen antwoord', [EN]: 'No answer', en: 'No answer' } },
    ]);
    expect(d.twoDigit.map((m) => [m.code, m.label[EN]])).toEqual([['98', "Don't know"], ['99', 'No answer']]);
  });

  it('reads the Dutch text stored under "English (en)" by older projects as English, and leaves other labels alone', () => {
    const stored: MissingDefaults = {
      oneDigit: [{ code: '8', label: { [NL]: 'Weet niet', [EN]: 'Weet niet', en: "Don't know" } }, { code: '9', label: { [NL]: 'Geen antwoord', [EN]: 'Geen antwoord', en: 'No answer' } }],
      twoDigit: [{ code: '98', label: { [NL]: 'Weet niet', [EN]: 'Weet niet' } }, { code: '99', label: { [NL]: 'Onleesbaar', [EN]: 'Illegible' } }],
    };
    const fixed = localizedMissingDefaults(stored);
    expect(fixed.oneDigit.map((m) => m.label)).toEqual([
      { [NL]: 'Weet niet', [EN]: "Don't know", en: "Don't know" },
      { [NL]: 'Geen antwoord', [EN]: 'No answer', en: 'No answer' },
    ]);
    expect(fixed.twoDigit[0]!.label).toEqual({ [NL]: 'Weet niet', [EN]: "Don't know" });
    expect(fixed.twoDigit[1]).toBe(stored.twoDigit[1]); // a label of the project's own: unchanged
    expect(stored.oneDigit[1]!.label[EN]).toBe('Geen antwoord'); // the stored object is not changed
    expect(localizedMissingDefaults(stored)).toBe(fixed); // cached
    const clean = defaultMissing(NL, [NL, EN]);
    expect(localizedMissingDefaults(clean)).toBe(clean);
  });
});

describe('the Monitor example: correction hint of leeftijd (8 is a list code, 9 the default user-missing code)', () => {
  it('is English in the English form language and Dutch in the Dutch one, for a new and for an older project', async () => {
    const q = await loadXlsform('examples/monitor-2014');
    expect(q.languages).toEqual([NL, EN]);
    expect(hint(q, 'leeftijd', EN)).toBe('1 = Under 25; 2 = 25 to 34; 3 = 35 to 44; 4 = 45 to 54; 5 = 55 to 64; 6 = 65 or older; 8 = Prefer not to say; 9 = No answer');
    expect(hint(q, 'leeftijd', NL)).toMatch(/; 8 = Wil ik niet zeggen; 9 = Geen antwoord$/);
    // as stored by a project created before the fix
    const dutchUnderEnglish = (codes: MissingDefaults['oneDigit']) => codes.map((m) => ({ ...m, label: { ...m.label, [EN]: m.label[NL]! } }));
    const older: Questionnaire = { ...q, missingDefaults: { oneDigit: dutchUnderEnglish(q.missingDefaults.oneDigit), twoDigit: dutchUnderEnglish(q.missingDefaults.twoDigit) } };
    expect(older.missingDefaults.oneDigit[1]!.label[EN]).toBe('Geen antwoord');
    expect(hint(older, 'leeftijd', EN)).toMatch(/; 8 = Prefer not to say; 9 = No answer$/);
    expect(userMissingCodes(older, findVariable(older, 'functie')!).map((m) => textIn(m.label, EN))).toEqual(["Don't know", 'No answer']);
  });
});
