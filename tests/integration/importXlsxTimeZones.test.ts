// XLSX dates of both date systems read the same in every time zone: the reader runs in a child process under TZ=Europe/Amsterdam, America/New_York and Pacific/Auckland.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp';

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '../..');
const dir = tempDir();
const files = { d1900: join(dir, 'dates-1900.xlsx'), d1904: join(dir, 'dates-1904.xlsx') };

/**
 * Serial day numbers of the 1900 date system and what they are: around the DST changes of Europe (2014-03-30,
 * 2014-10-26), the US (2014-11-02) and New Zealand (2014-04-06, 2014-09-28), a leap day, and times of day
 * that fall on another calendar day in some zones when read as local time.
 */
const DATES: [number, string][] = [
  [41699, '2014-03-01'],
  [41728, '2014-03-30'],
  [41735, '2014-04-06'],
  [41910, '2014-09-28'],
  [41938, '2014-10-26'],
  [41945, '2014-11-02'],
  [40968, '2012-02-29'],
  [41728.5, '2014-03-30T12:00:00'],
  [41945.0625, '2014-11-02T01:30:00'],
  [41699.999988426, '2014-03-01T23:59:59'],
];
/** Days between the 1900 and the 1904 date system. */
const OFFSET_1904 = 1462;

async function writeBook(path: string, date1904: boolean): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = date1904;
  const ws = wb.addWorksheet('Antwoorden');
  ws.addRow(['case_id', 'datum']);
  DATES.forEach(([serial], i) => {
    const row = ws.addRow([`T${i + 1}`, date1904 ? serial - OFFSET_1904 : serial]);
    row.getCell(2).numFmt = Number.isInteger(serial) ? 'dd-mm-yyyy' : 'dd-mm-yyyy hh:mm:ss';
  });
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
}

const ZONES: [string, number, number][] = [
  ['Europe/Amsterdam', -60, -120],
  ['America/New_York', 300, 240],
  ['Pacific/Auckland', -780, -720],
];
let results: Record<string, { timeZone: string; offsetJan: number; offsetJul: number; files: Record<string, string[][]> }> = {};

beforeAll(async () => {
  await writeBook(files.d1900, false);
  await writeBook(files.d1904, true);
  // One child process (tsx), started with TZ set to the first zone; it switches TZ for the others.
  const { stdout } = await run(join(repoRoot, 'node_modules', '.bin', 'tsx'), [join(__dirname, 'importXlsxTimeZones.script.ts'), `--zones=${ZONES.map((z) => z[0]).join(',')}`, files.d1900, files.d1904], {
    cwd: repoRoot,
    env: { ...process.env, TZ: ZONES[0]![0] },
  });
  results = JSON.parse(stdout) as typeof results;
}, 60_000);

describe('XLSX dates in several time zones', () => {
  const expected = [['case_id', 'datum'], ...DATES.map(([, iso], i) => [`T${i + 1}`, iso])];
  it.each(ZONES)('TZ=%s: 1900 and 1904 dates read as the same calendar dates and times', (tz, offsetJan, offsetJul) => {
    const out = results[tz]!;
    // The reader really ran in that zone.
    expect([out.timeZone, out.offsetJan, out.offsetJul]).toEqual([tz, offsetJan, offsetJul]);
    expect(out.files[files.d1900]).toEqual(expected);
    expect(out.files[files.d1904]).toEqual(expected);
  });
});
