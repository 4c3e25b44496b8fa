// Hard bounces from an mbox: RFC 3464 delivery status notifications
// (per-recipient Final-Recipient / Action / Status fields), and VERP
// envelope addresses (`bounces+reader=example.org@news.example.org`) for
// servers that bounce without a proper report. Only permanent failures
// (5.x.x) suppress; 4.x.x is a delay and is left alone.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { checkAddress } from '../mail-address.js';

export interface Bounce {
  readonly address: string;
  readonly status: string;
  readonly via: 'dsn' | 'verp';
}

/** Messages of an mbox file (mboxrd/mboxo: a line starting "From " opens the next one). */
export async function* mboxMessages(file: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let current: string[] | undefined;
  for await (const line of lines) {
    if (line.startsWith('From ')) {
      if (current) yield current.join('\n');
      current = [];
      continue;
    }
    current ??= [];
    current.push(line.replace(/^>(>*From )/, '$1'));
  }
  if (current && current.length > 0) yield current.join('\n');
}

/** Header blocks of a text (unfolded): every run of `Name: value` lines. */
function fieldGroups(text: string): Array<Map<string, string>> {
  const groups: Array<Map<string, string>> = [];
  let group = new Map<string, string>();
  let last = '';
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (group.size > 0) groups.push(group);
      group = new Map();
      last = '';
      continue;
    }
    if (/^[ \t]/.test(line) && last) {
      group.set(last, `${group.get(last)} ${line.trim()}`);
      continue;
    }
    const match = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line);
    if (match) {
      last = match[1].toLowerCase();
      if (!group.has(last)) group.set(last, match[2].trim());
    } else last = '';
  }
  if (group.size > 0) groups.push(group);
  return groups;
}

const STATUS = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;

/** The recipient a VERP address encodes (channels/email/verp.ts): newsletter+reader=example.net@example.org → reader@example.net. */
export function verpRecipient(address: string): string | undefined {
  const match = /^[^+@\s]+\+(.+)=([^=@]+)@[^@]+$/.exec(address.trim().replace(/^<|>$/g, ''));
  return match ? `${match[1]}@${match[2]}` : undefined;
}

export function bouncesOf(message: string): Bounce[] {
  const groups = fieldGroups(message);
  const found: Bounce[] = [];
  for (const group of groups) {
    const recipient = group.get('final-recipient') ?? group.get('original-recipient');
    const status = group.get('status');
    if (!recipient || !status) continue;
    const code = STATUS.exec(status);
    const action = (group.get('action') ?? '').toLowerCase();
    if (!code || code[1] !== '5' || (action && action !== 'failed')) continue;
    const address = recipient.replace(/^[^;]*;\s*/, '');
    const check = checkAddress(address);
    if (check.ok) found.push({ address: check.key, status: code[0], via: 'dsn' });
  }
  if (found.length > 0) return found;
  // No usable report: the VERP address the bounce was sent to names the reader.
  const headers = groups[0] ?? new Map<string, string>();
  for (const name of ['x-original-to', 'delivered-to', 'envelope-to', 'to']) {
    const value = headers.get(name);
    const recipient = value ? verpRecipient(/<([^<>]+)>/.exec(value)?.[1] ?? value) : undefined;
    if (!recipient) continue;
    const code = STATUS.exec(message) ?? (/\b55[0-4]\b/.test(message) ? ['5.0.0', '5'] : null);
    const check = checkAddress(recipient);
    if (code && code[0].startsWith('5') && check.ok) return [{ address: check.key, status: code[0], via: 'verp' }];
  }
  return [];
}
