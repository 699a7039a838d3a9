// Test helpers: temporary folders that are removed after each test file, and file hashing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll } from 'vitest';

/** Makes a temporary folder removed when the calling test file finishes. */
export function tempDir(prefix = 'veldwerk-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** SHA-256 of a file's bytes (hex). */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
