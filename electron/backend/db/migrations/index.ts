// The ordered list of every migration. Append new steps here; never edit or reorder shipped ones.
import type { Migration } from './types';
import { migration as m0010 } from './0010-initial';
import { migration as m0020 } from './0020-fieldwork';
import { migration as m0040 } from './0040-entry';
import { migration as m0050 } from './0050-weighting';
import { migration as m0060 } from './0060-cleaning';
import { migration as m0070 } from './0070-audit-index';
import { migration as m0080 } from './0080-lean-import-rows';
import { migration as m0090 } from './0090-derived-value-labels';
import { migration as m0100 } from './0100-packed-import-answers';
import { migration as m0110 } from './0110-weighting-run-inputs';
import { migration as m0120 } from './0120-data-change-counter';

/** All migrations in ascending version order. */
export const migrations: readonly Migration[] = [m0010, m0020, m0040, m0050, m0060, m0070, m0080, m0090, m0100, m0110, m0120];

/** The schema version this build of Veldwerk writes (the highest migration). */
export const LATEST_SCHEMA_VERSION: number = migrations[migrations.length - 1]!.version;
