// The SMTP client seam: the channel talks to this small interface, the
// default implementation is nodemailer's pooled SMTP transport. Tests pass
// their own factory (still nodemailer, pointed at a local server).
import nodemailer from 'nodemailer';
import type { DkimOptions } from './options.js';

export interface RawMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly raw: Buffer;
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

export const createNodemailerTransport: CreateTransport = (settings) => {
  const dkim = settings.dkim?.privateKey
    ? {
        domainName: settings.dkim.domainName,
        keySelector: settings.dkim.keySelector,
        privateKey: settings.dkim.privateKey,
        headerFieldNames: DKIM_SIGNED_HEADERS,
      }
    : undefined;
  const transport = settings.pool
    ? nodemailer.createTransport({
        url: settings.url,
        pool: true,
        maxConnections: settings.maxConnections,
        // A fresh connection every 100 messages (the default) costs a TLS + AUTH round trip for nothing.
        maxMessages: Infinity,
        rateLimit: settings.rateLimit > 0 ? settings.rateLimit : undefined,
        rateDelta: 1000,
        // Requeues inside the pool would hide failures from our journal and retry policy.
        maxRequeues: 0,
        dkim,
      })
    : nodemailer.createTransport({ url: settings.url, dkim });
  return {
    sendMail: (mail) => transport.sendMail({ envelope: { from: mail.envelope.from, to: [...mail.envelope.to] }, raw: mail.raw }),
    verify: () => transport.verify(),
    close: () => transport.close(),
  };
};
