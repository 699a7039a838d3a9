// Hooks for showing a questionnaire in the UI language: which form language to show and the words for conditions.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Questionnaire } from '../../../shared/domain/questionnaire';
import type { ConditionWords } from './model';

/**
 * The form language that matches the UI language ("Nederlands (nl)" for nl), else the form's default.
 * @param q the questionnaire (none yet: '', which textIn resolves to the form's default or first text)
 */
export function useFormLanguage(q: Questionnaire | null | undefined): string {
  const { i18n } = useTranslation();
  const ui = (i18n.resolvedLanguage ?? 'nl').slice(0, 2).toLowerCase();
  if (!q) return '';
  return q.languages.find((l) => new RegExp(`\\(${ui}\\)\\s*$`, 'i').test(l) || l.toLowerCase() === ui) ?? q.defaultLanguage;
}

/** The words of {@link ConditionWords} in the UI language. */
export function useConditionWords(): ConditionWords {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      and: t('questionnaire.words.and'),
      or: t('questionnaire.words.or'),
      not: t('questionnaire.words.not'),
      self: t('questionnaire.words.self'),
      empty: t('questionnaire.words.empty'),
      question: (n: string) => t('questionnaire.words.question', { n }),
      selected: (what: string, code: string) => t('questionnaire.words.selected', { what, code }),
    }),
    [t],
  );
}
