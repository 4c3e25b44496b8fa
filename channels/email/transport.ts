// The SMTP client seam: the channel talks to this small interface, the
// default implementation is nodemailer's SMTP pool. Tests pass their own
// factory (still nodemailer, pointed at a local server).
//
// The bulk send hands finished messages straight to nodemailer's SMTPPool
// (connections, AUTH, TLS, rate limit, the SMTP protocol and dot-stuffing
// all stay nodemailer's) and skips its Mailer front end: for a raw message
// that front end still builds a MIME tree, draws random bytes for a
// Message-ID and boundary it never uses, re-parses the envelope and pipes
// the bytes through a stream pipeline, about 40 % of the CPU a 56 KB message
// cost (bench/email.bench.mjs --profile; issue 18). The pool reads four
// fields of a message (pool-resource.js): they are given below.
import nodemailer from 'nodemailer';
import DKIM from 'nodemailer/lib/dkim';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import type { Readable } from 'node:stream';
import { installDotStuffingFastPath } from './dot-stuffing.js';
import type { DkimOptions } from './options.js';

export interface RawMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly raw: Buffer;
  /** Aborting drops the message from the pool's queue, or closes the connection sending it. */
  readonly signal?: AbortSignal;
}

export interface MailTransport {
  sendMail(mail: RawMail): Promise<unknown>;
  verify(): Promise<unknown>;
  close(): void;
}

export interface TransportSettings {
  readonly url: string;
  readonly pool: boolean;
  readonly maxConnections: number;
  /** Messages per second for this transport; 0 = unlimited. */
  readonly rateLimit: number;
  readonly dkim?: DkimOptions;
}

export type CreateTransport = (settings: TransportSettings) => MailTransport;

/** RFC 8058 §4: the DKIM signature must cover both List-Unsubscribe fields. */
export const DKIM_SIGNED_HEADERS = [
  'from', 'sender', 'reply-to', 'subject', 'date', 'message-id', 'to', 'cc', 'mime-version',
  'content-type', 'content-transfer-encoding', 'list-id', 'list-unsubscribe', 'list-unsubscribe-post',
].join(':');

function dkimOptions(settings: TransportSettings) {
  return settings.dkim?.privateKey
    ? {
        domainName: settings.dkim.domainName,
        keySelector: settings.dkim.keySelector,
        privateKey: settings.dkim.privateKey,
        headerFieldNames: DKIM_SIGNED_HEADERS,
      }
    : undefined;
}

type PoolMessage = Parameters<SMTPPool['send']>[0];

/**
 * What SMTPPool reads of a message. A Buffer as the "stream": SMTPConnection
 * writes a Buffer through its dot-stuffing stream in one piece, with no
 * stream pipeline of its own (and no requeue, which maxRequeues 0 rules out anyway).
 */
function poolMessage(mail: RawMail, content: () => Buffer | Readable): PoolMessage {
  const message = {
    data: mail.signal ? { signal: mail.signal } : {},
    message: {
      getEnvelope: () => ({ from: mail.envelope.from, to: [...mail.envelope.to] }),
      messageId: () => '',
      getHeader: () => '',
      createReadStream: content,
    },
  };
  return message as unknown as PoolMessage;
}

function pooledTransport(settings: TransportSettings): MailTransport {
  installDotStuffingFastPath();
  const pool = new SMTPPool({
    url: settings.url,
    maxConnections: settings.maxConnections,
    // A fresh connection every 100 messages (the default) costs a TLS + AUTH round trip for nothing.
    maxMessages: Infinity,
    rateLimit: settings.rateLimit > 0 ? settings.rateLimit : undefined,
    rateDelta: 1000,
    // Requeues inside the pool would hide failures from our journal and retry policy.
    maxRequeues: 0,
  });
  // Failures reach each send's callback; a stray pool event must not crash the process.
  pool.on('error', () => undefined);
  const dkim = dkimOptions(settings);
  const signer = dkim ? new DKIM(dkim) : undefined;
  return {
    sendMail: (mail) => new Promise((resolve, reject) => {
      const content = signer ? () => signer.sign(mail.raw) : () => mail.raw;
      pool.send(poolMessage(mail, content), (error, info) => (error ? reject(error) : resolve(info)));
    }),
    verify: () => pool.verify(),
    close: () => pool.close(),
  };
}

export const createNodemailerTransport: CreateTransport = (settings) => {
  if (settings.pool) return pooledTransport(settings);
  const transport = nodemailer.createTransport({ url: settings.url, dkim: dkimOptions(settings) });
  return {
    sendMail: (mail) => transport.sendMail({ envelope: { from: mail.envelope.from, to: [...mail.envelope.to] }, raw: mail.raw }),
    verify: () => transport.verify(),
    close: () => transport.close(),
  };
};
