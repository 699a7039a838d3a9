// Fuzz the file readers (XLSForm, sample frame, web-survey responses): random bytes, truncated and corrupted zips as .xlsx, odd encodings in CSV → a result or a clear DomainError; a refused response import stores nothing.
import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { fuzzRuns } from '../helpers/fuzz';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { DomainError } from '../../shared/domain/errors';
import { checkXlsform, saveXlsform } from '../../electron/backend/services/xlsformFiles';
import { readFrameFile } from '../../electron/backend/services/frameReader';
import { importResponses } from '../../electron/backend/services/importResponses';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { createProjectFile, openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import ExcelJS from 'exceljs';
import { tempDir } from '../helpers/tmp';
import { digestDb } from '../helpers/projectDigest';

const dir = tempDir('veldwerk-fuzzfiles-');
const monitorDir = resolve(__dirname, '../../../shared/monitor');
let validXlsx: Buffer;
let n = 0;

/** Runs a reader; it must resolve, or reject with a DomainError of an allowed code and a non-empty message. */
async function outcome(what: string, run: () => Promise<unknown>, allowed: readonly string[]): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) {
      expect(allowed, `${what}: ${e.code} ${e.message}`).toContain(e.code);
      expect(e.message.length).toBeGreaterThan(0);
      return e.code;
    }
    throw new Error(`${what}: not a DomainError: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, { cause: e });
  }
}

const XLSFORM_CODES = ['IO_ERROR', 'QUESTIONNAIRE_INVALID', 'NOT_FOUND'] as const;
const FRAME_CODES = ['IMPORT_INVALID', 'IO_ERROR'] as const;

/** Damages a buffer: truncate, flip bytes, overwrite a run, or splice garbage in. */
const damage = fc.record({ kind: fc.constantFrom('truncate', 'flip', 'zero', 'splice'), at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.integer({ min: 1, max: 400 }), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) });
function applyDamage(buf: Buffer, d: { kind: string; at: number; len: number; bytes: Uint8Array }): Buffer {
  const pos = Math.floor(d.at * buf.length);
  const out = Buffer.from(buf);
  switch (d.kind) {
    case 'truncate':
      return out.subarray(0, pos);
    case 'flip':
      for (let i = pos; i < Math.min(out.length, pos + d.len); i += 7) out[i] = out[i]! ^ 0xff;
      return out;
    case 'zero':
      out.fill(0, pos, Math.min(out.length, pos + d.len));
      return out;
    default:
      return Buffer.concat([out.subarray(0, pos), Buffer.from(d.bytes), out.subarray(pos)]);
  }
}

beforeAll(async () => {
  const { questionnaire } = await checkXlsform(monitorDir);
  const path = join(dir, 'monitor.xlsx');
  await saveXlsform(questionnaire, path);
  validXlsx = readFileSync(path);
});

describe('XLSForm files', () => {
  it('random bytes saved as .xlsx → IO_ERROR', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.constant(new Uint8Array(0)), fc.constant(Buffer.from('PK\u0003\u0004'))), async (bytes) => {
      const p = join(dir, `random-${++n}.xlsx`);
      writeFileSync(p, bytes);
      expect(await outcome(p, () => checkXlsform(p), XLSFORM_CODES)).toBe('IO_ERROR');
    }), fuzzRuns(40));
  });

  it('truncated, flipped, zeroed or spliced .xlsx of a real XLSForm → the questionnaire or a clear DomainError', async () => {
    await fc.assert(fc.asyncProperty(fc.array(damage, { minLength: 1, maxLength: 3 }), async (ds) => {
      const p = join(dir, `damaged-${++n}.xlsx`);
      writeFileSync(p, ds.reduce(applyDamage, validXlsx));
      await outcome(p, () => checkXlsform(p), XLSFORM_CODES);
    }), fuzzRuns(40));
  });

  it('CSV folders with random bytes, odd encodings and broken quoting → the questionnaire or a clear DomainError', async () => {
    const survey = readFileSync(join(monitorDir, 'survey.csv'));
    const choices = readFileSync(join(monitorDir, 'choices.csv'));
    const encode = fc.constantFrom('utf8', 'utf16le-bom', 'win1252', 'latin1-garbage', 'nul', 'quote');
    await fc.assert(fc.asyncProperty(encode, fc.array(damage, { maxLength: 2 }), fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (enc, ds, random, useRandom) => {
      const d = join(dir, `csv-${++n}`);
      mkdirSync(d);
      let bytes: Buffer = useRandom ? Buffer.from(random) : ds.reduce(applyDamage, survey);
      if (enc === 'utf16le-bom') bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(bytes.toString('utf8'), 'utf16le')]);
      else if (enc === 'win1252') bytes = iconv.encode(bytes.toString('utf8'), 'win1252');
      else if (enc === 'latin1-garbage') bytes = Buffer.concat([bytes, Buffer.from([0xc3, 0x28, 0xa0, 0xa1])]);
      else if (enc === 'nul') bytes = Buffer.concat([bytes.subarray(0, 50), Buffer.alloc(20), bytes.subarray(50)]);
      else if (enc === 'quote') bytes = Buffer.concat([bytes, Buffer.from('\n"unterminated,quote\n')]);
      writeFileSync(join(d, 'survey.csv'), bytes);
      writeFileSync(join(d, 'choices.csv'), choices);
      await outcome(d, () => checkXlsform(d), XLSFORM_CODES);
    }), fuzzRuns(40));
  });
});

describe('sample frame files', () => {
  it('random bytes as .csv or .xlsx, and damaged workbooks → a table or IMPORT_INVALID / IO_ERROR', async () => {
    const arb = fc.oneof(
      fc.tuple(fc.constantFrom('.csv', '.txt', '.xlsx'), fc.uint8Array({ maxLength: 1500 }).map((b) => Buffer.from(b))),
      fc.tuple(fc.constant('.xlsx'), fc.array(damage, { minLength: 1, maxLength: 2 }).map((ds) => ds.reduce(applyDamage, validXlsx))),
    );
    await fc.assert(fc.asyncProperty(arb, async ([ext, bytes]) => {
      const p = join(dir, `frame-${++n}${ext}`);
      writeFileSync(p, bytes);
      await outcome(p, () => readFrameFile(p), FRAME_CODES);
    }), fuzzRuns(60));
  });
});

describe('web-survey response files (import.run / responses import)', () => {
  const RESPONSE_CODES = ['IMPORT_INVALID', 'IO_ERROR', 'NOT_FOUND'] as const;
  let project: ProjectDb;
  let validCsv: Buffer;
  let validResponsesXlsx: Buffer;

  beforeAll(async () => {
    const path = createProjectFile(join(dir, 'responses.vwk'), 'Fuzz responses');
    project = await openProjectForWrite(path, 'test');
    storeQuestionnaire(project.db, (await checkXlsform(monitorDir)).questionnaire, 'test');
    const rows = Array.from({ length: 30 }, (_, i) => [`WEB-${i + 1}`, i % 3 === 0 ? 'Ja' : String(1 + (i % 2)), String(1 + (i % 2)), `Café ${i} – “ok”`]);
    validCsv = Buffer.from(`case_id,toestemming,groep,opmerking\n${rows.map((r) => r.join(',')).join('\n')}\n`, 'utf8');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Antwoorden');
    ws.addRow(['case_id', 'toestemming', 'groep', 'opmerking']);
    for (const r of rows) ws.addRow(r);
    validResponsesXlsx = Buffer.from(await wb.xlsx.writeBuffer());
    return () => project.close();
  });

  /** One real (not dry-run) import: it stores all its rows, or refuses with a coded DomainError and stores nothing. */
  async function importOnce(file: string, encoding: 'auto' | 'utf-8' | 'windows-1252'): Promise<string> {
    const before = digestDb(project.db);
    const code = await outcome(file, () => importResponses(project.db, { file, encoding, onDuplicate: 'skip' }, 'fuzz', false), RESPONSE_CODES);
    if (code !== 'ok') expect(digestDb(project.db), `${file} refused (${code}) but changed the project`).toEqual(before);
    expect(project.db.pragma('quick_check', { simple: true })).toBe('ok');
    return code;
  }

  it('random bytes as .csv or .xlsx, and truncated, flipped or spliced workbooks → all rows or nothing', async () => {
    const arb = fc.oneof(
      fc.tuple(fc.constantFrom('.csv', '.xlsx'), fc.uint8Array({ maxLength: 1500 }).map((b) => Buffer.from(b))),
      fc.tuple(fc.constant('.xlsx'), fc.constant(Buffer.from('PK\u0003\u0004'))),
      fc.tuple(fc.constant('.xlsx'), fc.array(damage, { minLength: 1, maxLength: 2 }).map((ds) => ds.reduce(applyDamage, validResponsesXlsx))),
    );
    const seen = new Set<string>();
    await fc.assert(fc.asyncProperty(arb, async ([ext, bytes]) => {
      const p = join(dir, `responses-${++n}${ext}`);
      writeFileSync(p, bytes);
      seen.add(await importOnce(p, 'auto'));
    }), fuzzRuns(50));
    expect(seen.has('IO_ERROR') || seen.has('IMPORT_INVALID')).toBe(true); // the damage was seen, not silently read
  });

  it('a real export in wrong or odd encodings (UTF-16, Windows-1252 read as UTF-8, NUL bytes, broken quoting, damage) → all rows or nothing', async () => {
    const encode = fc.constantFrom('utf8', 'utf8-bom', 'utf16le-bom', 'win1252', 'latin1-garbage', 'nul', 'quote', 'semicolon');
    const declared = fc.constantFrom('auto' as const, 'utf-8' as const, 'windows-1252' as const);
    const seen = new Set<string>();
    await fc.assert(fc.asyncProperty(encode, declared, fc.array(damage, { maxLength: 2 }), async (enc, decl, ds) => {
      let bytes: Buffer = ds.reduce(applyDamage, validCsv);
      if (enc === 'utf8-bom') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
      else if (enc === 'utf16le-bom') bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(bytes.toString('utf8'), 'utf16le')]);
      else if (enc === 'win1252') bytes = iconv.encode(bytes.toString('utf8'), 'win1252');
      else if (enc === 'latin1-garbage') bytes = Buffer.concat([bytes, Buffer.from([0xc3, 0x28, 0xa0, 0xa1])]);
      else if (enc === 'nul') bytes = Buffer.concat([bytes.subarray(0, 40), Buffer.alloc(20), bytes.subarray(40)]);
      else if (enc === 'quote') bytes = Buffer.concat([bytes, Buffer.from('WEB-99,"unterminated,1\n')]);
      else if (enc === 'semicolon') bytes = Buffer.from(bytes.toString('utf8').replace(/,/g, ';'));
      const p = join(dir, `responses-${++n}.csv`);
      writeFileSync(p, bytes);
      seen.add(await importOnce(p, decl));
    }), fuzzRuns(50));
    expect([...seen].sort(), 'both whole imports and refusals occur').toEqual(expect.arrayContaining(['IMPORT_INVALID', 'ok']));
  });
});
