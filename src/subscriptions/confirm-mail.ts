// The double opt-in email: plain text, one link, sent through SMTP_URL.
import nodemailer from 'nodemailer';
import type { Pages } from './pages.js';
import { fill } from './strings.js';

export interface ConfirmMailer {
  send(to: string, link: string, pages: Pages): Promise<void>;
  close(): void;
}

export function createConfirmMailer(smtpUrl: string, from: string): ConfirmMailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(to, link, pages) {
      const values = { site: pages.site, link, email: to };
      await transport.sendMail({
        from,
        to,
        subject: fill(pages.strings.mailSubject, values),
        text: fill(pages.strings.mailBody, values),
        // Auto-Submitted keeps vacation responders from answering it.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
    close() {
      transport.close();
    },
  };
}
