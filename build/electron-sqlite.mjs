// Development helper for `npm start`: builds better-sqlite3 for Electron's ABI into node_modules/.veldwerk-electron/,
// so the Electron app loads that copy (via its nativeBinding option) while Node and the tests keep their own build.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'node_modules', '.veldwerk-electron');
const binary = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'stamp.json');

const electronPkg = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
const sqlitePkg = JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8'));
const stamp = { electron: electronPkg.version, betterSqlite3: sqlitePkg.version, platform: process.platform, arch: process.arch };

if (!existsSync(join(root, 'node_modules', 'electron', 'path.txt'))) {
  console.error('The Electron binary is not installed (was ELECTRON_SKIP_BINARY_DOWNLOAD set?).');
  console.error('Reinstall with `npm install` on a machine that can download it, or run the same UI in a browser: `npm run start:web`.');
  process.exit(1);
}

if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === JSON.stringify(stamp)) process.exit(0);

console.log(`Building better-sqlite3 ${stamp.betterSqlite3} for Electron ${stamp.electron} (once) …`);
const appDir = join(outDir, 'app');
rmSync(appDir, { recursive: true, force: true });
mkdirSync(join(appDir, 'node_modules'), { recursive: true });
cpSync(join(root, 'node_modules', 'better-sqlite3'), join(appDir, 'node_modules', 'better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
});
writeFileSync(join(appDir, 'package.json'), JSON.stringify({ name: 'veldwerk-electron-native', version: '0.0.0', dependencies: { 'better-sqlite3': stamp.betterSqlite3 } }));
const { rebuild } = await import('@electron/rebuild');
await rebuild({ buildPath: appDir, electronVersion: stamp.electron, onlyModules: ['better-sqlite3'], force: true });
copyFileSync(join(appDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), binary);
writeFileSync(stampFile, JSON.stringify(stamp));
rmSync(appDir, { recursive: true, force: true });
console.log(`Done: ${binary}`);
