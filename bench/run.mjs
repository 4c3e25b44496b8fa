// `npm run bench`: runs every bench/*.bench.mjs in turn, each in its own
// process so one benchmark's heap and JIT state never colour another's.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.mjs') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n== ${file}\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', `${dir}${file}`], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    process.stdout.write(`!! ${file} exited with ${result.status}\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
