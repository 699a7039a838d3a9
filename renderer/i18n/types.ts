// Type-level binding of t() keys to the Dutch resource file, so a wrong key is a compile error.
import type nl from './nl.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof nl };
  }
}
