// Child process of importXlsxTimeZones.test.ts: for each time zone of --zones (the first is the TZ it was started with), sets TZ, reads the XLSX files and prints the cells as JSON.
import { readResponseFile } from '../../electron/backend/import/readResponses';

interface ZoneResult {
  timeZone: string;
  offsetJan: number;
  offsetJul: number;
  files: Record<string, (string | null)[][]>;
}

void (async () => {
  const args = process.argv.slice(2);
  const zones = (args[0] ?? '').replace(/^--zones=/, '').split(',');
  const out: Record<string, ZoneResult> = {};
  for (const zone of zones) {
    // Node re-reads the zone when TZ is assigned; the first zone comes from the environment the process started with.
    if (process.env.TZ !== zone) process.env.TZ = zone;
    const r: ZoneResult = { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, offsetJan: new Date(2014, 0, 1).getTimezoneOffset(), offsetJul: new Date(2014, 6, 1).getTimezoneOffset(), files: {} };
    for (const f of args.slice(1)) r.files[f] = (await readResponseFile(f)).table.rows.map((row) => [...row.cells]);
    out[zone] = r;
  }
  process.stdout.write(JSON.stringify(out));
})();
