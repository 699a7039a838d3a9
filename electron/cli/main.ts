// The CLI's process entry point (`npm run cli -- <command>`, `veldwerk <command>`).
import { runCli } from './cli';

const code = await runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});
process.exitCode = code;
