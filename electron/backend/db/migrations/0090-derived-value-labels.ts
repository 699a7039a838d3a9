// Migration 90: value labels of derived variables (issue 6, cleaning item 4), so a recode is exported with its labels.
import type { Migration } from './types';

/**
 * Adds `derived_variable.value_labels`: the value labels of a derived variable as a JSON array of
 * `{"code": "1", "label": "18-34 jaar"}` in display order, or NULL for none (every row of an older file). A nullable
 * column with a constant default is added in place (https://sqlite.org/lang_altertable.html#altertabaddcol): no row
 * is rewritten, so the step is instant on any file. The CHECK keeps the text valid JSON; its shape is checked by the
 * service (validateDerived) before it is stored.
 */
export const migration: Migration = {
  version: 90,
  name: 'derived-value-labels',
  up(db) {
    db.exec(`
      ALTER TABLE derived_variable ADD COLUMN value_labels TEXT CHECK (value_labels IS NULL OR json_valid(value_labels));
    `);
  },
};
