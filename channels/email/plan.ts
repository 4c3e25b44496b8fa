// The send plan printed by dry runs: who would receive the issue, over how
// many connections, and roughly how long it takes at the configured rate.
import { accessSync, constants } from 'node:fs';
import { formatKb, type EmailPayload } from './render.js';
import type { EmailOptions } from './options.js';
import { emptyStats, readSuppression, recipients, type ListStats } from './subscribers.js';

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export async function countRecipients(options: EmailOptions): Promise<ListStats> {
  const ignore = (): void => undefined;
  const suppressed = await readSuppression(options.suppression, ignore);
  const stats = emptyStats();
  if (options.subscribers === undefined) return stats;
  for await (const recipient of recipients(options.subscribers, suppressed, stats, ignore)) void recipient;
  return stats;
}

export async function planLines(payload: EmailPayload, options: EmailOptions): Promise<string[]> {
  const lines = [
    `message: "${payload.subject}" from ${options.from}; HTML ${formatKb(payload.htmlBytes)} (budget ${formatKb(options.sizeBudget)}), text ${formatKb(Buffer.byteLength(payload.text))}; multipart/alternative, one message per recipient`,
  ];
  if (options.subscribers === undefined) {
    lines.push('recipients: unknown: no subscriber list (set SUBSCRIBERS_FILE or email.subscribers)');
    return lines;
  }
  try {
    accessSync(options.subscribers, constants.R_OK);
  } catch {
    lines.push(`recipients: unknown: cannot read the subscriber list ${options.subscribers}`);
    return lines;
  }
  const stats = await countRecipients(options);
  const skipped = [`${stats.malformed} malformed`, `${stats.duplicates} duplicate`, `${stats.suppressed} suppressed`].join(', ');
  lines.push(`recipients: ${stats.valid} (of ${stats.read} listed; skipped ${skipped})`);
  const connections = Math.min(options.maxConnections, Math.max(1, stats.valid));
  lines.push(`batches: ${connections} pooled SMTP connection${connections === 1 ? '' : 's'}, about ${Math.ceil(stats.valid / connections)} messages each`);
  lines.push(options.rateLimit > 0
    ? `estimated time: ${formatDuration(stats.valid / options.rateLimit)} at ${options.rateLimit} messages/s (rateLimit)`
    : 'estimated time: no rateLimit configured, as fast as the server accepts');
  return lines;
}
