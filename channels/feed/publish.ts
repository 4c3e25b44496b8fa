// The only side effect: write the files into the site folder, then tell the
// WebSub hub. Safe to repeat after a crash: writes are whole-file replacements
// and a repeated ping only makes the hub fetch the same feed again.
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { removeStaleTemps } from '../../src/atomic-write.js';
import type { ChannelContext } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import type { FeedOptions } from './options.js';
import type { FeedPayload, FeedReceipt } from './types.js';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{ status: number }>;

const HUB_TIMEOUT_MS = 10_000;

export async function publishFeeds(payload: FeedPayload, ctx: ChannelContext<FeedOptions>, fetchImpl: FetchLike): Promise<FeedReceipt> {
  const { outputDir, hub } = ctx.options;
  try {
    await mkdir(outputDir, { recursive: true });
    for (const file of payload.files) {
      ctx.signal.throwIfAborted();
      await writeAtomically(path.join(outputDir, file.name), file.content);
    }
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    throw new PublishError('NP500', `feed: cannot write to ${outputDir}`, [errorText(error)], { cause: error });
  }
  ctx.log.info(`feed: wrote ${payload.files.map((f) => f.name).join(', ')} to ${outputDir}`);

  const pings: Array<{ topic: string; status: number | string }> = [];
  if (hub) {
    for (const file of payload.files) {
      const status = await ping(hub, file.url, ctx.signal, fetchImpl);
      pings.push({ topic: file.url, status });
      // The files are out and readers poll anyway: a failed ping is worth a warning, not a failed release.
      if (typeof status !== 'number' || status < 200 || status >= 300) ctx.log.warn(`feed: WebSub hub ${hub} answered ${status} for ${file.url}`);
    }
  }
  const relative = path.relative(ctx.config.root, outputDir);
  return {
    outputDir: relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : outputDir,
    // Hashed here, not in render: dry runs and benchmarks never pay for it.
    files: payload.files.map((f) => ({ name: f.name, sha256: createHash('sha256').update(f.content).digest('hex'), bytes: Buffer.byteLength(f.content) })),
    hub: pings,
    entries: payload.entries,
    feeds: payload.feeds,
  };
}

/** Temp file in the same folder, then rename: a reader or web server never sees half a feed. */
async function writeAtomically(file: string, content: string): Promise<void> {
  removeStaleTemps(file);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temp, content, { encoding: 'utf8', mode: 0o644 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** WebSub publisher notification: `hub.mode=publish&hub.url=<topic>`, form-encoded. */
async function ping(hub: string, topic: string, signal: AbortSignal, fetchImpl: FetchLike): Promise<number | string> {
  const body = new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }).toString();
  try {
    const response = await fetchImpl(hub, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(HUB_TIMEOUT_MS)]),
    });
    return response.status;
  } catch (error) {
    if (signal.aborted) throw error;
    return errorText(error);
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
