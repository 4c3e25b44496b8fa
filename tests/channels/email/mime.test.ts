// The compiled message: per-recipient values of any length spliced into
// quoted-printable without breaking the 76-column rule or the decoding.
import { simpleParser } from 'mailparser';
import { describe, expect, test } from 'vitest';
import { encodeWords, mailbox, unstructured } from '../../../channels/email/headers.js';
import { compileMessage, personalize } from '../../../channels/email/mime.js';
import { encodeQp } from '../../../channels/email/qp.js';
import { makeTokens } from '../../../channels/email/tokens.js';

const tokens = makeTokens('unit');

function message(html: string, text: string, subject = 'Hello', replyTo?: string) {
  return compileMessage({
    from: { name: 'Ünïcode News', address: 'news@example.org' },
    replyTo,
    subject,
    date: 'Thu, 05 Nov 2020 00:00:00 +0000',
    listId: '<news.example.org>',
    unsubscribeMailto: 'leave@example.org',
    html,
    text,
    tokens,
    boundary: 'np-alt-test',
  });
}

describe('quoted-printable with tokens', () => {
  test('long URLs, tokens mid-line and at line ends decode exactly; no line over 76', async () => {
    const longUrl = `https://example.org/unsubscribe?email=${'x'.repeat(300)}%40example.org&token=abc=def`;
    const html = `<p>${'Käse '.repeat(40)}<a href="${tokens.unsubscribeHtml}">unsubscribe</a>${tokens.unsubscribeHtml}\n.starts with a dot\nFrom the start</p>`;
    const text = `Line one\nUnsubscribe: ${tokens.unsubscribeText}\n${tokens.unsubscribeText}trailing   \n`;
    const raw = personalize(message(html, text), { address: 'a@example.org', messageId: '<1@example.org>', unsubscribeUrl: longUrl });
    const body = raw.toString('latin1').split('\r\n\r\n').slice(1).join('\r\n\r\n');
    for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    // "." and "From " never start an encoded line (hard line break or soft one).
    expect(body).toContain('\r\n=2Estarts with a dot');
    expect(body).toContain('\r\n=46rom the start');
    for (const line of body.split('\r\n')) expect(line.startsWith('.') || line.startsWith('From ')).toBe(false);
    const mail = await simpleParser(raw);
    expect(mail.text).toBe(`Line one\nUnsubscribe: ${longUrl}\n${longUrl}trailing   \n`);
    expect(mail.html).toBe(html.split(tokens.unsubscribeHtml).join(longUrl.replace(/&/g, '&amp;')));
  });

  test('"." and "From " are guarded after a soft line break too', async () => {
    expect(encodeQp(`${'a'.repeat(75)}.x`)).toBe(`${'a'.repeat(75)}=\r\n=2Ex`);
    expect(encodeQp(`${'a'.repeat(75)}From here`)).toBe(`${'a'.repeat(75)}=\r\n=46rom here`);
    // Not a line start: left alone.
    expect(encodeQp(`${'a'.repeat(74)}.x`)).toBe(`${'a'.repeat(74)}.=\r\nx`);
    const text = Array.from({ length: 40 }, (_, n) => `${'w'.repeat(n)}.From here. and more`).join(' ');
    const encoded = encodeQp(text);
    for (const line of encoded.split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line.startsWith('.') || line.startsWith('From ')).toBe(false);
    }
    const raw = personalize(message('<p>x</p>', text), { address: 'a@example.org', messageId: '<1@example.org>', unsubscribeUrl: 'https://e.org/u' });
    expect((await simpleParser(raw)).text).toBe(text);
  });

  test('encodes "=", non-ASCII and trailing blanks', () => {
    expect(encodeQp('a=b ü \nx')).toBe('a=3Db =C3=BC=20\r\nx');
  });
});

describe('headers', () => {
  test('non-ASCII subjects and names become RFC 2047 words that decode back', async () => {
    const subject = 'Die XMPP-Neuigkeiten — Oktober 2020: Über Föderation und mehr, ein längerer Betreff';
    const raw = personalize(message('<p>x</p>', 'x', subject), { address: 'b@example.org', name: 'Zoë "Z" Ünal', messageId: '<2@example.org>', unsubscribeUrl: 'https://e.org/u' });
    const head = raw.toString('latin1').split('\r\n\r\n')[0];
    for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    expect(/[^\x00-\x7f]/.test(head)).toBe(false);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(subject);
    expect(mail.from?.value[0]).toMatchObject({ name: 'Ünïcode News', address: 'news@example.org' });
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value[0]).toMatchObject({ name: 'Zoë "Z" Ünal', address: 'b@example.org' });
  });

  test('a non-ASCII Reply-To display name is RFC 2047 encoded like From and To', async () => {
    const raw = personalize(message('<p>x</p>', 'x', 'Hello', 'Zoë Ünïcode <r@b.org>'), { address: 'c@example.org', messageId: '<3@example.org>', unsubscribeUrl: 'https://e.org/u' });
    const head = raw.toString('latin1').split('\r\n\r\n')[0];
    expect(/[^\x00-\x7f]/.test(head)).toBe(false);
    expect(head).toMatch(/^Reply-To: =\?UTF-8\?B\?[^\r\n]*<r@b\.org>$/m);
    const mail = await simpleParser(raw);
    const replyTo = Array.isArray(mail.replyTo) ? mail.replyTo[0] : mail.replyTo;
    expect(replyTo?.value[0]).toMatchObject({ name: 'Zoë Ünïcode', address: 'r@b.org' });
    // A bare address and an ASCII name stay as they were.
    expect(personalize(message('<p>x</p>', 'x', 'Hello', 'r@b.org'), { address: 'c@example.org', messageId: '<3@example.org>', unsubscribeUrl: 'https://e.org/u' }).toString()).toContain('\r\nReply-To: <r@b.org>\r\n');
    expect(personalize(message('<p>x</p>', 'x', 'Hello', 'Replies <r@b.org>'), { address: 'c@example.org', messageId: '<3@example.org>', unsubscribeUrl: 'https://e.org/u' }).toString()).toContain('\r\nReply-To: Replies <r@b.org>\r\n');
  });

  test('long encoded display names and subjects are folded: header lines stay within 78 and decode back', async () => {
    const name = 'Zoë Ünïcode-Müller von und zu Großfürstenberg, Redaktion für Föderation 😀 und Ähnliches';
    const subject = 'Ünïcode ' + 'Föderation und Ökosystem '.repeat(8);
    const spec = { address: 'someone.with.a.rather.long.address@subdomain.example.org', name, messageId: '<4@example.org>', unsubscribeUrl: 'https://e.org/u' };
    const raw = personalize(message('<p>x</p>', 'x', subject.trim(), `${name} <replies@example.org>`), spec);
    const head = raw.toString('latin1').split('\r\n\r\n')[0];
    for (const header of ['To', 'Reply-To', 'Subject']) expect(head).toMatch(new RegExp(`^${header}: =\\?UTF-8\\?B\\?.*\\r\\n `, 'm'));
    const tooLong = head.split('\r\n').filter((line) => line.length > 78 && !line.startsWith('List-Unsubscribe:'));
    expect(tooLong).toEqual([]);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(subject.trim());
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value[0]).toMatchObject({ name, address: spec.address });
    const replyTo = Array.isArray(mail.replyTo) ? mail.replyTo[0] : mail.replyTo;
    expect(replyTo?.value[0]).toMatchObject({ name, address: 'replies@example.org' });
  });

  test('every encoded word stays within 75 characters', () => {
    for (const word of encodeWords('😀'.repeat(60))) expect(word.length).toBeLessThanOrEqual(75);
    expect(unstructured('Subject', 'plain ascii')).toBe('Subject: plain ascii');
    expect(mailbox('Ada, Countess', 'ada@example.org')).toBe('"Ada, Countess" <ada@example.org>');
    expect(mailbox(undefined, 'ada@example.org')).toBe('<ada@example.org>');
  });
});
