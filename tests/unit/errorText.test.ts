// Errors shown to the operator: contract validation problems and known backend reasons in Dutch/English,
// stale errors cleared by a later success or a new action, system audit reasons translated, missing labels per language.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import i18next, { type TFunction } from 'i18next';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';
import { ApiError, invoke, localizeResultError, setTransport, toResultError } from '../../renderer/api/client';
import { localizeError } from '../../renderer/api/errorText';
import type { Transport } from '../../renderer/api/transport';
import { createAppStore } from '../../renderer/stores';
import { auditReasonText, systemReason } from '../../renderer/features/cleaning/auditReason';
import { fail, ok, type Result } from '../../shared/contract/result';
import { defaultMissing, textIn } from '../../shared/domain/questionnaire';

let tNl: TFunction;
let tEn: TFunction;

beforeAll(async () => {
  const inst = i18next.createInstance();
  await inst.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'nl', fallbackLng: 'nl', interpolation: { escapeValue: false } });
  tNl = inst.getFixedT('nl');
  tEn = inst.getFixedT('en');
});

let calls: string[] = [];
function use(answer: (channel: string, input: unknown) => Result<unknown>): void {
  calls = [];
  const t: Transport = {
    kind: 'ipc',
    async call(channel, input) {
      calls.push(channel);
      return answer(channel, input);
    },
  };
  setTransport(t);
}

afterEach(() => use(() => fail('INTERNAL', 'no transport')));

const correct = { caseId: 'A1', variable: 'q1', value: '2', reason: 'x'.repeat(1001), operator: 'jan' };

describe('contract validation errors', () => {
  it('are caught before the call and carry the zod details (field, limit, length)', async () => {
    use(() => ok({}));
    const err = (await invoke('cleaning.correct', correct).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(calls).toEqual([]);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.issues).toEqual([
      { message: expect.any(String) as string, path: ['reason'], reason: 'input.too_big', params: { origin: 'string', maximum: 1000, count: 1001 } },
    ]);
  });

  it('read as a sentence naming the field and the limit, in Dutch and in English', async () => {
    use(() => ok({}));
    const err = await invoke('cleaning.correct', correct).catch((e: unknown) => e);
    const raw = { code: 'INVALID_INPUT' as const, message: (err as ApiError).message, issues: [...(err as ApiError).issues] };
    expect(localizeError(raw, tNl)).toEqual({ code: 'INVALID_INPUT', message: 'De reden is te lang: 1001 tekens, hoogstens 1000 toegestaan.' });
    expect(localizeError(raw, tEn).message).toBe('The reason is too long: 1001 characters, at most 1000 allowed.');
  });

  it('lists several problems, a missing reason as required and unknown fields by name', async () => {
    use(() => ok({}));
    const err = (await invoke('cleaning.correct', { ...correct, reason: '  ', operator: '', extra: 1 } as never).catch((e: unknown) => e)) as ApiError;
    const shown = localizeError({ code: err.code, message: err.message, issues: [...err.issues] }, tNl);
    expect(shown.message).toBe(`De invoer is niet geldig (${err.issues.length} problemen):`);
    const texts = (shown.issues ?? []).map((i) => i.message);
    expect(texts).toContain('De reden is verplicht: vul dit in.');
    expect(texts).toContain('De invoerder is verplicht: vul dit in.');
    expect(texts).toContain('Onbekende velden in de invoer: extra.');
    expect((shown.issues ?? []).every((i) => i.path === undefined)).toBe(true);
  });

  it('from the host without details still name the field', () => {
    const shown = localizeError({ code: 'INVALID_INPUT', message: 'Invalid input for x: title: bad', issues: [{ message: 'bad', path: ['title'] }] }, tEn);
    expect(shown.message).toBe('The title: bad');
  });
});

describe('known backend reasons', () => {
  const wrongFolder = {
    code: 'IO_ERROR' as const,
    message: 'The folder /work/shared holds no survey.csv: …',
    issues: [{ file: '/work/shared', sheet: 'survey', message: 'survey.csv not found', reason: 'xlsform.folderWithoutSurvey', params: { folder: '/work/shared' } }],
  };

  it('become the translated message naming the folder and the expected files', () => {
    const shown = localizeError(wrongFolder, tNl);
    expect(shown.code).toBe('IO_ERROR');
    expect(shown.message).toBe('De map /work/shared is geen XLSForm-map: er staat geen survey.csv in. Kies een map met survey.csv en choices.csv (settings.csv mag erbij), of een XLSForm-bestand (.xlsx).');
    expect(shown.issues).toBeUndefined();
    expect(localizeError(wrongFolder, tEn).message).toMatch(/^The folder \/work\/shared is not an XLSForm folder: it holds no survey\.csv\. .*choices\.csv.*\.xlsx/);
  });

  it('are translated by toResultError and localizeResultError once the UI language is set up', async () => {
    await i18next.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'en', fallbackLng: 'nl', interpolation: { escapeValue: false } });
    const shown = toResultError(new ApiError('questionnaire.importXlsform', wrongFolder, 7));
    expect(shown).toMatchObject({ code: 'IO_ERROR', channel: 'questionnaire.importXlsform', seq: 7 });
    expect(shown.message).toMatch(/^The folder \/work\/shared is not an XLSForm folder/);
    await i18next.changeLanguage('nl');
    expect(localizeResultError(wrongFolder).message).toMatch(/^De map \/work\/shared is geen XLSForm-map/);
  });

  it('name the saved scheme a case-variant scheme name would shadow, in Dutch and English', () => {
    const err = { code: 'WEIGHTING_INPUT' as const, message: 'Scheme medewerkers: …', issues: [{ message: 'x', path: ['name'], value: 'medewerkers', reason: 'weighting.schemeName.case', params: { name: 'medewerkers', existing: 'Medewerkers' } }] };
    const nlText = localizeError(err, tNl).message;
    const enText = localizeError(err, tEn).message;
    expect([nlText.includes('Medewerkers'), enText.includes('Medewerkers'), nlText === enText, nlText === err.message]).toEqual([true, true, false, false]);
    expect(nlText).toBe(tNl('weighting.schemeName.case', { existing: 'Medewerkers' }));
  });

  it('leave errors without a known reason as they are', () => {
    const other = { code: 'IO_ERROR' as const, message: 'disk full', issues: [{ message: 'x', reason: 'something.else' }] };
    expect(localizeError(other, tNl)).toBe(other);
  });
});

describe('stale errors', () => {
  it('go when the channel that failed succeeds in a later call', async () => {
    use(() => fail('IO_ERROR', 'no survey.csv'));
    const store = createAppStore();
    await invoke('questionnaire.importXlsform', { path: '/work/shared' }).catch((e: unknown) => store.getState().setError(toResultError(e)));
    expect(store.getState().error).toMatchObject({ code: 'IO_ERROR', channel: 'questionnaire.importXlsform' });
    // another channel succeeding does not hide it
    use((ch) => (ch === 'project.recent' ? ok([]) : fail('INTERNAL', ch)));
    await store.getState().loadRecent();
    expect(store.getState().error?.code).toBe('IO_ERROR');
    // the same channel failing again keeps an error; succeeding clears it
    use(() => fail('IO_ERROR', 'still wrong'));
    await invoke('questionnaire.importXlsform', { path: '/x' }).catch((e: unknown) => store.getState().setError(toResultError(e)));
    expect(store.getState().error?.message).toBe('still wrong');
    use(() => ok({ nonsense: true }));
    await invoke('questionnaire.importXlsform', { path: '/x' }).catch(() => undefined);
    expect(store.getState().error?.message).toBe('still wrong');
    // a failed load followed by a successful one
    use(() => fail('IO_ERROR', 'recent list unreadable'));
    await store.getState().loadRecent();
    expect(store.getState().error).toMatchObject({ message: 'recent list unreadable', channel: 'project.recent' });
    use((ch) => (ch === 'project.recent' ? ok([]) : fail('INTERNAL', ch)));
    await store.getState().loadRecent();
    expect(store.getState().error).toBeNull();
  });

  it('go when a new questionnaire import starts, and come back if it fails', async () => {
    use(() => fail('IO_ERROR', 'no survey.csv'));
    const store = createAppStore();
    expect(await store.getState().importQuestionnaire('/work/shared')).toBe(false);
    expect(store.getState().error?.message).toBe('no survey.csv');
    let seenDuring: unknown = 'unset';
    use(() => {
      seenDuring = store.getState().error;
      return fail('NOT_FOUND', '/nope does not exist');
    });
    expect(await store.getState().importQuestionnaire('/nope')).toBe(false);
    expect(seenDuring).toBeNull();
    expect(store.getState().error?.message).toBe('/nope does not exist');
  });
});

describe('audit reasons', () => {
  it('show the fixed system texts in the UI language and keep typed reasons as stored', () => {
    expect(auditReasonText({ source: 'keying', action: null, reason: 'form finished' }, tNl)).toBe('formulier afgerond');
    expect(auditReasonText({ source: 'keying', action: null, reason: 'finished form opened to modify' }, tNl)).toBe('afgerond formulier geopend om te wijzigen');
    expect(auditReasonText({ source: 'keying', action: null, reason: 'finished form opened to modify' }, tEn)).toBe('finished form opened to modify');
    expect(auditReasonText({ source: 'keying', action: null, reason: 'off route after q3 changed' }, tNl)).toBe('buiten de routing geraakt nadat q3 veranderde');
    expect(auditReasonText({ source: 'weighting', action: null, reason: 'weighting scheme W1 run (raking)' }, tNl)).toBe('weegschema W1 uitgevoerd (raking)');
    expect(auditReasonText({ source: 'system', action: null, reason: 'batch P002 registered (40 forms expected)' }, tNl)).toBe('batch P002 geregistreerd (40 formulieren verwacht)');
    // a cleaning reason typed by an operator, even one that looks like a system text, stays as stored
    expect(auditReasonText({ source: 'cleaning', action: 'correct', reason: 'form finished' }, tNl)).toBe('form finished');
    expect(auditReasonText({ source: 'cleaning', action: 'correct', reason: 'edit rule r1 deleted' }, tNl)).toBe('edit rule r1 deleted');
    expect(auditReasonText({ source: 'cleaning', action: 'rule.delete', reason: 'edit rule r1 deleted' }, tNl)).toBe('controleregel r1 verwijderd');
    // an answer cleared with a correction that put it off route (services/cleaningRoute.ts offRouteReason)
    expect(auditReasonText({ source: 'cleaning', action: 'correct', reason: 'off route after correction of ag_schade' }, tNl)).toBe('buiten de route na correctie van ag_schade');
    expect(auditReasonText({ source: 'cleaning', action: 'correct', reason: 'off route after correction of ag_schade' }, tEn)).toBe('off route after correction of ag_schade');
    expect(auditReasonText({ source: 'keying', action: null, reason: null }, tNl)).toBe('');
    expect(systemReason({ source: 'keying', action: null, reason: 'form finished, checked' })).toBeNull();
  });
});

describe('default missing-code labels', () => {
  it('come in Dutch and English, for every language of the questionnaire', () => {
    const d = defaultMissing('nl', ['nl', 'en']);
    expect(d.oneDigit.map((m) => [m.code, textIn(m.label, 'en', 'nl')])).toEqual([['8', "Don't know"], ['9', 'No answer']]);
    expect(d.twoDigit.map((m) => [m.code, textIn(m.label, 'nl', 'nl')])).toEqual([['98', 'Weet niet'], ['99', 'Geen antwoord']]);
    // a Dutch-only questionnaire still has English labels for an English UI
    expect(textIn(defaultMissing('nl').oneDigit[0]!.label, 'en', 'nl')).toBe("Don't know");
    // a form without language tags keeps the Dutch text under its own language
    expect(defaultMissing('default').oneDigit[1]!.label).toEqual({ default: 'Geen antwoord', en: 'No answer' });
  });
});
