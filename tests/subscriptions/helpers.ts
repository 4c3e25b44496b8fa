// Plumbing for the subscription tests: a newsletter folder in a temp dir
// (config + two small issues), HTTP with an explicit Host header (as the
// reverse proxy forwards it), the CLI in process.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { formatError, isPublishError } from '../../src/errors.js';

export const PUBLIC_HOST = 'news.example.org';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

const ISSUE = (n: number, day: string): string => `---
title: "Newsletter ${n}"
date: ${day}
author: Editors
summary: "Issue ${n} of the test newsletter."
---

## News

The project released version ${n}.0 with [release notes](https://example.org/releases/${n}).
`;

/** A newsletter folder; `subscriptions` is the YAML body of the subscriptions: key. */
export function newsletterFolder(subscriptions: string | undefined, email = ''): { dir: string; issues: [string, string] } {
  const dir = tempDir('np-subs-site-');
  mkdirSync(path.join(dir, 'content'));
  const issues: [string, string] = [path.join(dir, 'content', '2026-01-issue.md'), path.join(dir, 'content', '2026-02-issue.md')];
  writeFileSync(issues[0], ISSUE(1, '2026-01-05'));
  writeFileSync(issues[1], ISSUE(2, '2026-02-05'));
  writeFileSync(path.join(dir, 'publish.config.yaml'), `site:
  url: https://example.org
  title: Test Newsletter
  language: en
content: content
${subscriptions === undefined ? '' : `subscriptions:\n${subscriptions.split('\n').map((l) => `  ${l}`).join('\n')}\n`}channels:
  - name: email
    from: Test Newsletter <newsletter@example.org>
    workers: 0
${email.split('\n').filter(Boolean).map((l) => `    ${l}\n`).join('')}`);
  return { dir, issues };
}

export interface HttpResult {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** A request to the local service with the public Host header, as a reverse proxy sends it. */
export function http(base: string, method: string, target: string, options: { body?: string; type?: string; host?: string; forwardedFor?: string } = {}): Promise<HttpResult> {
  const url = new URL(target, base);
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: new URL(base).port, method, path: `${url.pathname}${url.search}`,
      headers: {
        host: options.host ?? PUBLIC_HOST,
        ...(options.body !== undefined ? { 'content-type': options.type ?? 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(options.body) } : {}),
        ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export async function cli(argv: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  try {
    const code = await main({ argv, cwd, env, stdout: { write: (s: string) => void (out += s) }, stderr: { write: (s: string) => void (err += s) } });
    return { code, out, err };
  } catch (error) {
    // As the bin does: an expected error becomes its message and exit code.
    if (!isPublishError(error)) throw error;
    return { code: error.exitCode, out, err: err + formatError(error) };
  }
}

/** The RFC 3464 report a mail server sends for an unknown mailbox. */
export function dsnMbox(address: string): string {
  return `From MAILER-DAEMON Mon Jan  5 10:00:00 2026
Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: newsletter@example.org
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

The mail system could not deliver your message.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
Arrival-Date: Mon,  5 Jan 2026 10:00:00 +0000

Final-Recipient: rfc822; ${address}
Original-Recipient: rfc822;${address}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <${address}>: Recipient address rejected: User unknown

--B--

From MAILER-DAEMON Mon Jan  5 10:05:00 2026
From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: newsletter@example.org
Subject: Delayed Mail (still being retried)
Content-Type: multipart/report; report-type=delivery-status; boundary="C"

--C
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; slow@example.net
Action: delayed
Status: 4.4.1

--C--
`;
}
