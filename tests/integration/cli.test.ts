// CLI tests: create/info, user errors (exit 1) and usage errors (exit 2), files left unchanged.
import { describe, expect, it } from 'vitest';
import { copyFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from '../../electron/cli/cli';
import { openProjectForWrite } from '../../electron/backend/db/open';
import { LATEST_SCHEMA_VERSION } from '../../electron/backend/db/migrate';
import { sha256File, tempDir } from '../helpers/tmp';

const dir = tempDir();

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('veldwerk create / info', () => {
  it('create then info --json gives the schema version and zero cases', async () => {
    const p = join(dir, 'sub', 'p.vwk');
    const c = await cli('create', p, '--title', 'Monitor 2014');
    expect(c.code).toBe(0);
    expect(c.out).toContain('Project:         Monitor 2014');
    const i = await cli('info', p, '--json');
    expect(i.code).toBe(0);
    const info = JSON.parse(i.out) as { schemaVersion: number; counts: { total: number }; title: string };
    expect(info.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(info.counts.total).toBe(0);
    expect(info.title).toBe('Monitor 2014');
  });

  it('info on a non-project, a truncated project or a missing file exits 1 with one line and changes nothing', async () => {
    const text = join(dir, 'hostname');
    writeFileSync(text, 'vm\n');
    const p = join(dir, 'full.vwk');
    expect((await cli('create', p)).code).toBe(0);
    const h = await openProjectForWrite(p, 'test');
    const ins = h.db.prepare("INSERT INTO case_record (case_id, source, created_at, updated_at) VALUES (?, 'keying', 'now', 'now')");
    h.db.transaction(() => {
      for (let i = 0; i < 2000; i++) ins.run(`C${i}`);
    })();
    h.close();
    const t = join(dir, 'truncated.vwk');
    copyFileSync(p, t);
    truncateSync(t, Math.floor(statSync(t).size / 2));
    for (const [file, pattern] of [[text, /not an SQLite database/], [t, /damaged \(truncated/], [join(dir, 'missing.vwk'), /No such file/]] as const) {
      const before = file.endsWith('missing.vwk') ? null : sha256File(file);
      const r = await cli('info', file);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toMatch(pattern);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      if (before) expect(sha256File(file)).toBe(before);
    }
  });

  it('info reads a project held open by a writer; create refuses an existing file', async () => {
    const p = join(dir, 'held.vwk');
    await cli('create', p);
    const h = await openProjectForWrite(p, 'http-host');
    try {
      const r = await cli('info', p, '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out).readOnly).toBe(true);
      const again = await cli('create', p);
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/already exists/);
    } finally {
      h.close();
    }
  });

  it('usage errors exit 2', async () => {
    expect((await cli()).code).toBe(2);
    expect((await cli('info')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('info', 'a.vwk', '--bogus')).code).toBe(2);
    expect((await cli('create', 'a.vwk', '--title')).code).toBe(2);
    const h = await cli('--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/info <project.vwk> \[--json\]/);
  });

  it('`npm run -s cli` prints only the command output (process test)', () => {
    const p = join(dir, 'proc.vwk');
    const r = spawnSync('npm', ['run', '-s', 'cli', '--', 'create', p, '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).path).toBe(p);
    const bad = spawnSync('npm', ['run', '-s', 'cli', '--', 'info', '/etc/hostname'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim()).toMatch(/^veldwerk: Not a Veldwerk project/);
  });
});
