// Test-only preload (`node --import`): a real crash between a channel's send
// and the ledger write. The ledger is written with write-then-rename
// (src/atomic-write.ts); this wraps fs.renameSync and, when the file about to
// replace the ledger records the channel named in NP_TEST_SIGKILL_BEFORE_LEDGER
// for an issue the ledger on disk does not have it for yet, SIGKILLs the
// process. The channel's publish has returned (the ledger records only
// successes), the ledger still says nothing: exactly what a crash, an OOM
// kill or a cancelled CI job leaves behind. No hook in production code.
// Runs as plain Node type-stripped TypeScript: erasable syntax only, no imports of ours.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const channel = process.env['NP_TEST_SIGKILL_BEFORE_LEDGER'];

/** Issue ids that have a record of `channel` in a ledger file; empty when the file is missing or not a ledger. */
function recorded(file: string, name: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return new Set();
  }
  const issues = (data as { issues?: Record<string, Record<string, unknown>> } | null)?.issues ?? {};
  return new Set(Object.keys(issues).filter((id) => issues[id]?.[name] !== undefined));
}

if (channel) {
  const rename = fs.renameSync;
  fs.renameSync = function renameOrDie(from: fs.PathLike, to: fs.PathLike): void {
    const target = String(to);
    if (target.endsWith('.json')) {
      const before = recorded(target, channel);
      const fresh = [...recorded(String(from), channel)].filter((id) => !before.has(id));
      if (fresh.length > 0) {
        // Synchronous write to fd 2: it reaches the parent before the kill.
        fs.writeSync(2, `test preload: SIGKILL before ${target} records ${channel} for ${fresh.join(', ')}\n`);
        process.kill(process.pid, 'SIGKILL');
      }
    }
    rename(from, to);
  };
  // The CLI imports `renameSync` by name from node:fs: named ESM exports of a
  // builtin follow the module object only after this call.
  syncBuiltinESMExports();
}
