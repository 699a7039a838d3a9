// Migration 110: a weighting run remembers the inputs it was computed from, so a scheme whose data changed since is "out of date".
import type { Migration } from './types';

/**
 * Adds what a run was computed from (electron/backend/services/weighting.ts `schemeStaleness`):
 * - `weighting_result.input_fingerprint`: SHA-256 over the weighted cases in pk order, each with its inputs;
 * - `weighting_result.weighted_cases`: how many cases the run weighted (a deleted case's weight row is gone with it,
 *   the count still says it was there);
 * - `weighting_weight.inputs`: per weighted case the inputs as the weighting engine saw them, a JSON array — the code
 *   of each margin/cell variable in the scheme's order (null = missing), then the design weight when the scheme uses
 *   design weights — so the changes can be counted per case and per variable.
 * All three are NULL for runs stored before this migration (their staleness is judged by the input hash alone).
 * Nullable columns without a default are added in place (https://sqlite.org/lang_altertable.html#altertabaddcol):
 * no row is rewritten.
 */
export const migration: Migration = {
  version: 110,
  name: 'weighting-run-inputs',
  up(db) {
    db.exec(`
      ALTER TABLE weighting_result ADD COLUMN input_fingerprint TEXT;
      ALTER TABLE weighting_result ADD COLUMN weighted_cases INTEGER;
      ALTER TABLE weighting_weight ADD COLUMN inputs TEXT CHECK (inputs IS NULL OR json_type(inputs) = 'array');
    `);
  },
};
