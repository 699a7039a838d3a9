// English reasons inside the Dutch UI (tester's defect 8): the inner reason of an invalid value, the per-case import
// audit reason and the export's result notes are shown in the UI language; other texts stay as written.
import { beforeAll, describe, expect, it } from 'vitest';
import i18next, { type TFunction } from 'i18next';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';
import { cleaningErrorKey, valueCheckText } from '../../renderer/features/cleaning/format';
import { auditReasonText } from '../../renderer/features/cleaning/auditReason';
import { exportNoteText } from '../../renderer/features/export/notes';
import { stalenessMessage } from '../../shared/weighting/staleness';
import type { SchemeStaleness } from '../../shared/contract/weighting';

let tNl: TFunction;
let tEn: TFunction;
beforeAll(async () => {
  const inst = i18next.createInstance();
  await inst.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'nl', fallbackLng: 'nl', interpolation: { escapeValue: false } });
  tNl = inst.getFixedT('nl');
  tEn = inst.getFixedT('en');
});

describe('invalid value refusal', () => {
  it('gives the checker reason in Dutch inside the Dutch sentence', () => {
    const msg = 'leeftijd: 5.5 is not a valid value (5.5 is not a whole number).';
    const known = cleaningErrorKey(msg, tNl)!;
    expect(tNl(known.key, { caseId: '', ...known.params })).toBe('5.5 is geen geldige waarde voor leeftijd (5.5 is geen geheel getal). Er is niets opgeslagen.');
    const knownEn = cleaningErrorKey(msg, tEn)!;
    expect(tEn(knownEn.key, { caseId: '', ...knownEn.params })).toBe('5.5 is not a valid value for leeftijd (5.5 is not a whole number). Nothing was stored.');
  });
  it('translates each reason of a joined list and keeps a form message as written', () => {
    expect(valueCheckText('120 is outside 0–99; Vul een leeftijd in', tNl)).toBe('120 ligt buiten 0–99; Vul een leeftijd in');
    expect(valueCheckText('5.555 has more than 2 decimals', tNl)).toBe('5.555 heeft meer dan 2 decimalen');
    expect(valueCheckText('abc is not a number', tNl)).toBe('abc is geen getal');
    expect(valueCheckText('2026-13-01 is not a date (YYYY-MM-DD)', tNl)).toBe('2026-13-01 is geen datum (JJJJ-MM-DD)');
    expect(valueCheckText('text of 12 characters is longer than 10', tNl)).toBe('tekst van 12 tekens is langer dan 10');
    expect(valueCheckText('7 is not a code of geslacht', tNl)).toBe('7 is geen code van geslacht');
    expect(valueCheckText('2 is chosen twice for hobby', tNl)).toBe('2 is twee keer gekozen bij hobby');
    expect(valueCheckText("leeftijd: the check '. < 120' fails", tNl)).toBe("de controle '. < 120' van leeftijd gaat niet op");
    // English texts equal the checker's own
    for (const m of ['5.5 is not a whole number', '120 is outside 0–99', "leeftijd: the check '. < 120' fails", 'text of 12 characters is longer than 10']) expect(valueCheckText(m, tEn)).toBe(m);
  });
});

describe('per-case import audit reason', () => {
  it('is translated like the batch row', () => {
    expect(auditReasonText({ source: 'import', action: null, reason: 'imported from resp1.csv' }, tNl)).toBe('geïmporteerd uit resp1.csv');
    expect(auditReasonText({ source: 'import', action: null, reason: 'imported from resp1.csv' }, tEn)).toBe('imported from resp1.csv');
    expect(auditReasonText({ source: 'import', action: null, reason: 'responses imported from resp1.csv' }, tNl)).toBe('antwoorden geïmporteerd uit resp1.csv');
    // an operator's own text from another source stays as written
    expect(auditReasonText({ source: 'cleaning', action: 'correct', reason: 'imported from paper' }, tNl)).toBe('imported from paper');
  });
});

describe('export result notes', () => {
  const st = { scheme: 'sexonly', stale: true, ranAt: '2026-12-04T14:00:00.000Z', casesAdded: 0, casesRemoved: 1, valuesChanged: 2, changedVariables: [{ variable: 'geslacht', cases: 2 }] } as unknown as SchemeStaleness;
  it('says an out-of-date scheme in Dutch, with what changed', () => {
    const note = stalenessMessage(st, ['w_s', null]);
    const text = exportNoteText(note, tNl, 'nl');
    expect(text).toMatch(/^Wegingsschema sexonly is verouderd: de gegevens zijn veranderd sinds de run van .*2026.* \(1 gewogen geval doet niet meer mee \(uitgesloten, verwijderd, niet meer afgerond of buiten de groep\); bij 2 gevallen is een wegingsvariabele gewijzigd: geslacht \(2\)\)\. De gewichten \(w_s\) en diagnostiek zijn die van die run; voer het schema opnieuw uit\.$/);
    expect(text).not.toMatch(/out of date|changed value/);
    const unknown = stalenessMessage({ ...st, casesRemoved: 0, valuesChanged: null, changedVariables: [] } as unknown as SchemeStaleness, []);
    expect(exportNoteText(unknown, tNl, 'nl')).toContain('(of en bij hoeveel gevallen een waarde veranderd is, is niet geteld (de run is van vóór deze versie)). De gewichten en diagnostiek');
    expect(exportNoteText(note, tEn, 'en')).toMatch(/^Weighting scheme sexonly is out of date: the data changed since its run of .*2026.* \(1 weighted case no longer|^Weighting scheme sexonly is out of date/);
  });
  it('says a split sheet in Dutch and keeps an unknown note', () => {
    expect(exportNoteText('Data: 2000000 rows, split over Data, Data (2) (Excel allows 1048575 rows per sheet)', tNl, 'nl')).toBe('Data: 2.000.000 rijen, verdeeld over Data, Data (2) (Excel staat 1.048.575 rijen per blad toe)');
    expect(exportNoteText('something else', tNl, 'nl')).toBe('something else');
  });
});
