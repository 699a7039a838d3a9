// Tester 61's defects 8 and 9 in small: a scheme's canonical text (absent, null and default alike), a missing value in a
// crossed margin named by the variable that lacks it, refusal numbers in the UI language (84.660 / 84,660), and the
// out-of-date line of a scheme whose definition changed.
import { beforeAll, describe, expect, it } from 'vitest';
import i18next, { type TFunction } from 'i18next';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';
import { localizeError } from '../../renderer/api/errorText';
import { canonicalSchemeJson, weightsDefinitionJson } from '../../shared/weighting/schemeCanonical';
import { stalenessChanges, stalenessMessage } from '../../shared/weighting/staleness';
import { computeWeights, type WeightingSample } from '../../shared/weighting';
import { DomainError } from '../../shared/domain/errors';
import type { SchemeDefinitionInput } from '../../shared/contract/weighting';

let tNl: TFunction;
let tEn: TFunction;
beforeAll(async () => {
  const inst = i18next.createInstance();
  await inst.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'nl', fallbackLng: 'nl', interpolation: { escapeValue: false } });
  tNl = inst.getFixedT('nl');
  tEn = inst.getFixedT('en');
});

const scheme: SchemeDefinitionInput = {
  name: 'Medewerkers', description: 'groep 2', group: { variable: 'groep', codes: [2] }, method: 'rake',
  margins: [{ variables: ['laag', 'geslacht'], categories: [{ codes: [1, 1], value: 84660, label: 'Gemeente | man' }, { codes: [1, 2], value: 81340 }] }],
  weightVariable: 'w_mw', weightVariableN: 'w_mw_n', targetsSource: { file: 'pop.csv', sha256: 'ab', group: 'medewerker' },
};

describe('canonical scheme text', () => {
  it('treats absent, null and default alike, and key order as irrelevant', () => {
    const same: SchemeDefinitionInput = {
      targetsKind: 'count', trim: null, populationTotal: null, baseWeights: 'none', tolerance: 1e-10, maxIterations: 1000, ...scheme,
      margins: [{ variables: ['laag', 'geslacht'], categories: [{ codes: [1, 1], value: 84660, label: 'Gemeente | man' }, { codes: [1, 2], value: 81340, label: null }] }],
    };
    expect(canonicalSchemeJson(same)).toBe(canonicalSchemeJson(scheme));
    expect(canonicalSchemeJson({ ...scheme, description: '' })).toBe(canonicalSchemeJson({ ...scheme, description: undefined }));
    expect(canonicalSchemeJson({ ...scheme, description: '' })).not.toBe(canonicalSchemeJson(scheme));
    expect(canonicalSchemeJson({ ...scheme, targetsSource: { file: 'pop.csv', sha256: 'ab', group: null } })).not.toBe(canonicalSchemeJson(scheme));
  });

  it('the weights part leaves out name, description, labels, weight names and the targets source; a target counts', () => {
    const w = weightsDefinitionJson(scheme);
    expect(weightsDefinitionJson({ ...scheme, name: 'x', description: 'y', weightVariable: 'w2', targetsSource: null,
      margins: [{ variables: ['laag', 'geslacht'], categories: [{ codes: [1, 1], value: 84660 }, { codes: [1, 2], value: 81340, label: 'z' }] }] })).toBe(w);
    expect(weightsDefinitionJson({ ...scheme, margins: [{ variables: ['laag', 'geslacht'], categories: [{ codes: [1, 1], value: 84661 }, { codes: [1, 2], value: 81340 }] }] })).not.toBe(w);
    expect(weightsDefinitionJson({ ...scheme, trim: { boundsOn: 'mean', upper: 5 } })).not.toBe(w);
  });
});

describe('a missing value in a crossed margin', () => {
  it('is named by the component variable that lacks it, each variable once', () => {
    const laag = Float64Array.from([1, 1, 2, 2]);
    const geslacht = Float64Array.from([1, NaN, 1, 2]);
    const composite = Float64Array.from([11, NaN, 21, 22]);
    const sample: WeightingSample = { n: 4, ids: ['0000251', '0000255', '0000260', '0000261'], variables: { 'laag*geslacht': composite, laag } };
    const margins = [
      { variable: 'laag*geslacht', categories: [{ code: 11, count: 10 }, { code: 12, count: 10 }, { code: 21, count: 10 }, { code: 22, count: 10 }],
        components: [{ variable: 'laag', values: laag }, { variable: 'geslacht', values: geslacht }] },
      { variable: 'laag', categories: [{ code: 1, count: 20 }, { code: 2, count: 20 }] },
    ];
    let e: DomainError | null = null;
    try {
      computeWeights(sample, { method: 'rake', margins });
    } catch (x) {
      e = x as DomainError;
    }
    expect(e!.issues).toEqual([{ message: 'missing value in weighting variable geslacht for 1 respondent(s) (ids 0000255)', path: ['geslacht'], value: '0000255', reason: 'weighting.input.missing', params: { variable: 'geslacht', count: 1, ids: '0000255' } }]);
    expect(e!.message).toBe('Weighting variable geslacht has a missing value for 1 respondent (ids 0000255). Impute the value or exclude these respondents explicitly; they are not dropped silently.');
    expect(localizeError({ code: 'WEIGHTING_INPUT', message: e!.message, issues: [...e!.issues] }, tNl).message)
      .toBe('Weegvariabele geslacht heeft geen waarde bij 1 respondent (0000255). Vul de waarde aan of sluit de respondent uit; hij wordt niet stilzwijgend weggelaten.');
  });
});

describe('refusal numbers in the UI language', () => {
  const issue = { message: 'x', reason: 'weighting.input.noRespondents', params: { category: 'laag_mw = 1 × geslacht = 1', target: 84660 } };
  it('Dutch writes 84.660, English 84,660', () => {
    expect(localizeError({ code: 'WEIGHTING_INPUT', message: 'x', issues: [issue] }, tNl).message)
      .toBe('laag_mw = 1 × geslacht = 1: streefwaarde 84.660 maar geen respondenten. Voeg de categorie samen met een naburige.');
    expect(localizeError({ code: 'WEIGHTING_INPUT', message: 'x', issues: [issue] }, tEn).message)
      .toBe('laag_mw = 1 × geslacht = 1: target 84,660 but no respondents. Collapse the category with a neighbouring one.');
  });
  it('totals and counts too, with at most two decimals', () => {
    const total = { message: 'x', reason: 'weighting.input.total', params: { margin: 'laag_lft4_d', total: 306700.125 } };
    expect(localizeError({ code: 'WEIGHTING_INPUT', message: 'x', issues: [total] }, tNl).message).toBe('Marge laag_lft4_d telt op tot 306.700,13; alle marges moeten tot hetzelfde totaal optellen.');
    const zero = { message: 'x', reason: 'weighting.input.zeroTarget', params: { category: 'laag = 9', count: 1234 } };
    expect(localizeError({ code: 'WEIGHTING_INPUT', message: 'x', issues: [zero] }, tNl).message).toContain('streefwaarde 0 maar 1.234 respondenten');
  });
});

describe('a scheme whose definition changed since its run', () => {
  const st = { scheme: 'Medewerkers', stale: true, ranAt: '2026-12-04T14:00:00.000Z', weightedAtRun: 150, weightedNow: 150, casesAdded: 0, casesRemoved: 0, valuesChanged: 0, changedVariables: [], definitionChanged: true as const };
  it('says the scheme changed and that the weights kept are of the old definition', () => {
    expect(stalenessChanges(st)).toBe("the scheme's definition changed (targets, margins, method, group, base weights or trimming): the weights kept belong to the old definition");
    expect(stalenessMessage(st, ['w_mw', 'w_mw_n'])).toBe(
      "Weighting scheme Medewerkers is out of date: the scheme changed since its run of 2026-12-04T14:00:00.000Z (the scheme's definition changed (targets, margins, method, group, base weights or trimming): the weights kept belong to the old definition). "
      + 'Its weights (w_mw, w_mw_n) and diagnostics are those of that run; run the scheme again.');
  });
});
