// CLI glue for `publish serve`, `publish subscribers import|export FILE` and
// `publish bounces --mbox FILE`: thin calls into this folder's functions.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { Args } from '../cli/args.js';
import type { CliIo } from '../cli/io.js';
import { loadConfig } from '../config.js';
import { PublishError } from '../errors.js';
import { createLogger } from '../log.js';
import { createRedactor } from '../redact.js';
import { bouncesOf, mboxMessages } from './bounces.js';
import { openStore } from './open-store.js';
import { exportRoster, importRoster } from './roster.js';
import { requireSubscriptions, serve } from './serve.js';

function readableFile(cwd: string, file: string | undefined, what: string): string {
  if (!file) throw new PublishError('NP101', `${what}: FILE is missing`);
  const full = path.resolve(cwd, file);
  try {
    accessSync(full, constants.R_OK);
  } catch {
    throw new PublishError('NP903', `${what}: cannot read ${file}`);
  }
  return full;
}

export async function runSubscriptionCommand(args: Args, io: CliIo): Promise<number> {
  const log = createLogger(io.stdout, io.stderr, createRedactor(io.env));
  if (args.command === 'serve') {
    await serve({ cwd: io.cwd, env: io.env, stdout: io.stdout, stderr: io.stderr, configFile: args.config, port: args.port, signal: io.signal });
    return 0;
  }
  const config = loadConfig(io.cwd, args.config);
  const subscriptions = requireSubscriptions(config);
  if (args.command === 'subscribers') {
    const [action, file] = args.files;
    if (action !== 'import' && action !== 'export') throw new PublishError('NP100', `publish subscribers takes import FILE or export FILE (got ${action ?? 'nothing'})`);
    if (!file) throw new PublishError('NP101', `publish subscribers ${action}: FILE is missing`);
    const full = action === 'import' ? readableFile(io.cwd, file, 'subscribers import') : path.resolve(io.cwd, file);
    const store = await openStore(subscriptions, io.env);
    try {
      if (action === 'import') {
        const result = await importRoster(store, full);
        for (const problem of result.problems) log.warn(`subscribers import: ${problem}; skipped`);
        log.info(`subscribers import: ${result.imported} imported as confirmed, ${result.invalid} invalid; suppressed addresses stay suppressed`);
        return result.invalid > 0 ? 1 : 0;
      }
      const count = await exportRoster(store, full);
      log.info(`subscribers export: ${count} confirmed, non-suppressed subscribers written to ${file}`);
      return 0;
    } finally {
      await store.close();
    }
  }
  // bounces
  const mbox = readableFile(io.cwd, args.mbox ?? args.files[0], 'bounces --mbox');
  const store = await openStore(subscriptions, io.env);
  try {
    let messages = 0;
    let hard = 0;
    for await (const message of mboxMessages(mbox)) {
      messages++;
      for (const bounce of bouncesOf(message)) {
        hard++;
        await store.suppress(bounce.address, 'bounce');
      }
    }
    log.info(`bounces: ${messages} message${messages === 1 ? '' : 's'} read, ${hard} hard bounce${hard === 1 ? '' : 's'} suppressed`);
    return 0;
  } finally {
    await store.close();
  }
}
