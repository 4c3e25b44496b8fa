// Options of the email channel: the `email` entry of publish.config.yaml plus
// the environment (DESIGN §1). Pure: no file is read here; verify() does that.
import { createPrivateKey, createSign } from 'node:crypto';
import path from 'node:path';
import type { Env } from '../../src/channel.js';
import type { Config } from '../../src/config.js';
import { unknownOption } from '../../src/did-you-mean.js';
import { PublishError } from '../../src/errors.js';

export interface DkimOptions {
  readonly domainName: string;
  readonly keySelector: string;
  /** From env DKIM_PRIVATE_KEY; undefined when DKIM is configured but the key is missing (verify reports it). */
  readonly privateKey?: string;
}

export interface EmailOptions {
  /** `Name <address>` or a bare address. */
  readonly from: string;
  readonly replyTo?: string;
  /** `<newsletter.example.org>` form, angle brackets included. */
  readonly listId: string;
  /** https base; `email` and `token` are appended as query parameters. */
  readonly unsubscribeUrl: string;
  /** Bare address (no `mailto:`); optional second List-Unsubscribe target. */
  readonly unsubscribeMailto?: string;
  /** Absolute folder of the MJML template and its partials. */
  readonly templates?: string;
  /** Absolute path of the CSV/JSON subscriber list, if known. */
  readonly subscribers?: string;
  readonly suppression?: string;
  readonly maxConnections: number;
  /** Messages per second over all connections; 0 means unlimited. */
  readonly rateLimit: number;
  /** HTML size budget in bytes (Gmail clips at about 102 KB). */
  readonly sizeBudget: number;
  readonly dkim?: DkimOptions;
  /** Worker threads for the send, each with its own pool and a capped heap; 0 sends in the main thread. Default: min(2, cores). */
  readonly workers?: number;
  readonly smtpUrl?: string;
  readonly unsubscribeSecret?: string;
  /** `direct` (default): one message per subscriber; `list`: one post to a mailing list (Mailman 3). */
  readonly delivery?: 'direct' | 'list';
  /** The list's posting address (delivery: list). */
  readonly listAddress?: string;
  /** From env MAILING_LIST_APPROVE_PASSWORD: the `Approved:` header that pre-approves the post. */
  readonly approvePassword?: string;
  /** Envelope sender encodes the recipient (bounces+reader=example.org@…), for `publish bounces`. */
  readonly verp?: boolean;
  /**
   * A translation merged after its set was sent: `off` (default) sends it to nobody;
   * `late` sends it to readers of its language who have not received the set.
   */
  readonly translations?: 'off' | 'late';
}

const KNOWN = new Set([
  'from', 'replyTo', 'listId', 'unsubscribeUrl', 'unsubscribeMailto', 'templates', 'subscribers',
  'suppression', 'maxConnections', 'rateLimit', 'dkim', 'sizeBudget', 'workers', 'delivery', 'listAddress', 'verp',
  'translations',
  // Generic key of every channel entry (src/translations); email takes the whole set whatever it says.
  'languages',
]);

export const DEFAULT_SIZE_BUDGET = 100 * 1024;
const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The bare address of `Name <a@b.c>` or `a@b.c`. */
export function bareAddress(from: string): string {
  const match = /<([^<>]+)>\s*$/.exec(from);
  return (match ? match[1] : from).trim();
}

export function parseEmailOptions(raw: unknown, env: Env, config: Config): EmailOptions {
  const problems: string[] = [];
  const input: Record<string, unknown> = raw === undefined || raw === null ? {} : isRecord(raw) ? raw : {};
  if (!isRecord(raw) && raw !== undefined && raw !== null) problems.push('email: options must be a mapping');
  for (const key of Object.keys(input)) {
    if (!KNOWN.has(key)) problems.push(unknownOption('email', key, KNOWN));
  }
  const str = (key: string): string | undefined => {
    const value = input[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`email.${key}: must be a non-empty string`);
      return undefined;
    }
    return value.trim();
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const value = input[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`email.${key}: must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };

  const host = config.site.host.replace(/:\d+$/, '');
  const from = env.EMAIL_FROM?.trim() || str('from') || `${config.site.title} <newsletter@${host}>`;
  if (!ADDRESS.test(bareAddress(from))) problems.push(`email.from: "${from}" is not an email address (EMAIL_FROM overrides it)`);
  const replyTo = str('replyTo');
  if (replyTo !== undefined && !ADDRESS.test(bareAddress(replyTo))) problems.push(`email.replyTo: "${replyTo}" is not an email address`);

  let listId = str('listId') ?? `<newsletter.${host}>`;
  if (!listId.includes('<')) listId = `<${listId}>`;
  if (!/^(?:[^<>\r\n]*\s)?<[A-Za-z0-9.-]+\.[A-Za-z0-9-]+>$/.test(listId)) problems.push(`email.listId: "${listId}" must look like <newsletter.example.org>`);

  const unsubscribeUrl = str('unsubscribeUrl') ?? `${config.subscriptions?.publicUrl ?? config.site.url}/unsubscribe`;
  try {
    const url = new URL(unsubscribeUrl);
    if (url.protocol !== 'https:') problems.push(`email.unsubscribeUrl: "${unsubscribeUrl}" must be an https URL (RFC 8058)`);
  } catch {
    problems.push(`email.unsubscribeUrl: "${unsubscribeUrl}" is not an absolute URL`);
  }
  let unsubscribeMailto = str('unsubscribeMailto');
  if (unsubscribeMailto !== undefined) {
    unsubscribeMailto = unsubscribeMailto.replace(/^mailto:/i, '');
    if (!ADDRESS.test(unsubscribeMailto)) problems.push(`email.unsubscribeMailto: "${unsubscribeMailto}" is not an email address`);
  }

  const resolvePath = (value: string | undefined): string | undefined => (value === undefined ? undefined : path.resolve(config.root, value));
  const templates = resolvePath(str('templates'));
  const subscribers = env.SUBSCRIBERS_FILE?.trim() ? path.resolve(config.root, env.SUBSCRIBERS_FILE.trim()) : resolvePath(str('subscribers'));
  const suppression = resolvePath(str('suppression'));
  const maxConnections = int('maxConnections', 5, 1, 100);
  const rateLimit = int('rateLimit', 0, 0, 100_000);
  const sizeBudget = int('sizeBudget', DEFAULT_SIZE_BUDGET, 1024, 10 * 1024 * 1024);
  const workers = input.workers === undefined || input.workers === null ? undefined : int('workers', 0, 0, 16);

  let dkim: DkimOptions | undefined;
  if (input.dkim !== undefined && input.dkim !== null) {
    if (!isRecord(input.dkim)) {
      problems.push('email.dkim: must be a mapping with domainName and keySelector');
    } else {
      const { domainName, keySelector, ...rest } = input.dkim;
      for (const key of Object.keys(rest)) problems.push(`email.dkim.${key}: unknown option (the private key comes from env DKIM_PRIVATE_KEY)`);
      if (typeof domainName !== 'string' || !/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(domainName)) problems.push('email.dkim.domainName: must be a domain name');
      if (typeof keySelector !== 'string' || !/^[A-Za-z0-9._-]+$/.test(keySelector)) problems.push('email.dkim.keySelector: must be a DNS label');
      if (typeof domainName === 'string' && typeof keySelector === 'string') {
        dkim = { domainName, keySelector, privateKey: env.DKIM_PRIVATE_KEY || undefined };
      }
    }
  }

  const delivery = input.delivery === undefined || input.delivery === null ? undefined : input.delivery;
  if (delivery !== undefined && delivery !== 'direct' && delivery !== 'list') problems.push('email.delivery: must be "direct" (one message per subscriber) or "list" (one post to a mailing list)');
  const listAddress = str('listAddress');
  if (delivery === 'list' && listAddress === undefined) problems.push('email.listAddress: required with delivery: list (the list\'s posting address, e.g. newsletter@lists.example.org)');
  if (listAddress !== undefined && !ADDRESS.test(listAddress)) problems.push(`email.listAddress: "${listAddress}" is not an email address`);
  if (input.verp !== undefined && typeof input.verp !== 'boolean') problems.push('email.verp: must be true or false');
  const translations = input.translations ?? 'off';
  if (translations !== 'off' && translations !== 'late') problems.push('email.translations: must be "off" (a translation merged after its set was sent goes to nobody) or "late" (to its readers who have not received the set)');

  if (problems.length > 0) {
    throw new PublishError('NP204', `email: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the channel options`, problems);
  }
  return {
    from, replyTo, listId, unsubscribeUrl, unsubscribeMailto, templates, subscribers, suppression,
    maxConnections, rateLimit, sizeBudget, dkim, workers,
    smtpUrl: env.SMTP_URL || undefined,
    unsubscribeSecret: env.UNSUBSCRIBE_SECRET || undefined,
    ...(delivery === 'list' ? { delivery, listAddress, approvePassword: env.MAILING_LIST_APPROVE_PASSWORD || undefined } : {}),
    ...(input.verp === true ? { verp: true } : {}),
    ...(translations === 'late' ? { translations: 'late' as const } : {}),
  };
}

/** RFC 8301 §3.2: signers must use RSA keys of at least 1024 bits (2048 recommended). */
const DKIM_MIN_BITS = 1024;

/**
 * Why the DKIM key cannot sign, or undefined when it can. nodemailer signs
 * rsa-sha256 only and, given a key it cannot use, sends the message
 * unsigned without an error: so the key is tried here, before any send.
 */
export function dkimKeyProblem(dkim: DkimOptions | undefined): string | undefined {
  if (!dkim?.privateKey) return undefined;
  let key;
  try {
    key = createPrivateKey(dkim.privateKey);
  } catch (error) {
    return `DKIM_PRIVATE_KEY: not a usable PEM private key (${(error as Error).message.split('\n')[0]}); messages would go out unsigned`;
  }
  if (key.asymmetricKeyType !== 'rsa') {
    return `DKIM_PRIVATE_KEY: a ${key.asymmetricKeyType ?? 'unknown'} key; DKIM signing here needs an RSA key (rsa-sha256)`;
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < DKIM_MIN_BITS) return `DKIM_PRIVATE_KEY: an RSA key of ${bits} bits; receivers ignore DKIM keys under ${DKIM_MIN_BITS} bits (use 2048)`;
  try {
    createSign('RSA-SHA256').update('dkim key check').sign(key);
  } catch (error) {
    return `DKIM_PRIVATE_KEY: the key cannot sign (${(error as Error).message.split('\n')[0]})`;
  }
  return undefined;
}
