// `publish serve [--port N]`: load the config, open the store (migrating it),
// and run the service until the signal aborts.
import type { AddressInfo } from 'node:net';
import type { Env } from '../channel.js';
import { loadConfig, type Config, type SubscriptionsConfig } from '../config.js';
import { PublishError } from '../errors.js';
import { createLogger, type Logger, type Writable } from '../log.js';
import { createRedactor } from '../redact.js';
import { createConfirmMailer } from './confirm-mail.js';
import { openStore } from './open-store.js';
import { createSubscriptionServer } from './server.js';

export interface ServeOptions {
  readonly cwd: string;
  readonly env: Env;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly configFile?: string;
  readonly port?: number;
  readonly signal?: AbortSignal;
  /** Called once listening (tests read the port here). */
  readonly onListening?: (url: string) => void;
}

export const DEFAULT_SERVE_PORT = 8025;

export function requireSubscriptions(config: Config): SubscriptionsConfig {
  if (!config.subscriptions) {
    throw new PublishError('NP901', `${config.file} has no subscriptions: section`, ['add `subscriptions: { publicUrl: https://… }` (store defaults to subscriptions.sqlite beside the config)']);
  }
  return config.subscriptions;
}

/**
 * The From of confirmation emails: EMAIL_FROM, else the `from` of the configured channel
 * that sends mail (the only channel option of that name), else newsletter@site.
 */
export function senderOf(config: Config, env: Env): string {
  const from = config.channels.map((c) => c.options.from).find((value) => typeof value === 'string');
  return env.EMAIL_FROM?.trim() || (typeof from === 'string' ? from : `${config.site.title} <newsletter@${config.site.host.replace(/:\d+$/, '')}>`);
}

export async function serve(options: ServeOptions): Promise<void> {
  const log: Logger = createLogger(options.stdout, options.stderr, createRedactor(options.env));
  const config = loadConfig(options.cwd, options.configFile);
  requireSubscriptions(config);
  const missing: string[] = [];
  const secret = options.env.UNSUBSCRIBE_SECRET ?? '';
  if (secret.length < 16) missing.push('UNSUBSCRIBE_SECRET: the same key the email channel signs List-Unsubscribe links with (at least 16 characters)');
  const smtpUrl = options.env.SMTP_URL;
  if (!smtpUrl) missing.push('SMTP_URL: the mail server for confirmation emails, as smtp://user:pass@host:port');
  if (missing.length > 0 || !smtpUrl) throw new PublishError('NP202', `serve: ${missing.length} environment variable${missing.length === 1 ? '' : 's'} missing`, missing);

  const store = await openStore(config.subscriptions!, options.env);
  const mailer = createConfirmMailer(smtpUrl, senderOf(config, options.env));
  const port = options.port ?? DEFAULT_SERVE_PORT;
  const host = options.env.PUBLISH_SERVE_HOST?.trim() || '127.0.0.1';
  // The export is also reachable by its own URL (subscriptions.url), e.g. an internal name.
  const exportHost = config.subscriptions!.url ? new URL(config.subscriptions!.url).host : undefined;
  const server = createSubscriptionServer({
    config, store, secret, mailer, log,
    exportToken: options.env.SUBSCRIPTIONS_TOKEN || undefined,
    allowedHosts: [exportHost, ...(options.env.PUBLISH_SERVE_HOSTS ?? '').split(',')].filter((h): h is string => Boolean(h && h.trim())).map((h) => h.trim()),
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new PublishError('NP800', `serve: cannot listen on ${host}:${port} (${error.code ?? error.message})`)));
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const local = `http://${host}:${address.port}`;
  const counts = await store.counts();
  log.info(`serve: ${store.kind} store, ${counts.confirmed} confirmed, ${counts.pending} pending, ${counts.suppressed} suppressed`);
  log.info(`serve: listening on ${local} for ${config.subscriptions!.publicUrl}${options.env.SUBSCRIPTIONS_TOKEN ? '' : ' (export disabled: SUBSCRIPTIONS_TOKEN is not set)'}`);
  options.onListening?.(local);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
  });
  mailer.close();
  await store.close();
}
