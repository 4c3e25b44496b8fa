// The DATA fast path must never change a byte nodemailer would send: for
// hostile chunk sequences (bare CR/LF, dots at line starts, CR split across
// chunks) its output equals nodemailer's own DataStream, and real messages
// take the fast path.
import path from 'node:path';
import { Transform } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { installDotStuffingFastPath, withFastPath, type DataStreamState } from '../../../channels/email/dot-stuffing.js';
import { insideClean, isMarkedClean, markIfClean, needsNoStuffing } from '../../../channels/email/clean-data.js';
import { encodeQp } from '../../../channels/email/qp.js';
import { repoRoot } from './helpers.js';

// nodemailer's own DATA stream (not exported by the package, so loaded by path).
const { default: DataStream } = (await import(pathToFileURL(path.join(repoRoot, 'node_modules/nodemailer/dist/esm/smtp-connection/data-stream.js')).href)) as { default: new () => Transform & DataStreamState };

async function through(chunks: Buffer[], fast: boolean): Promise<Buffer> {
  const stream = new DataStream();
  if (fast) {
    const slow = (stream as unknown as { _transform: Parameters<typeof withFastPath>[0] })._transform;
    (stream as unknown as { _transform: unknown })._transform = withFastPath(slow);
  }
  const out: Buffer[] = [];
  stream.on('data', (b: Buffer) => out.push(b));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await ended;
  return Buffer.concat(out);
}

function random(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('DATA fast path', () => {
  test('2,000 hostile chunk sequences: byte-identical to nodemailer', async () => {
    const rand = random(42);
    const alphabet = [0x0d, 0x0a, 0x2e, 0x41, 0x20];
    let fastTaken = 0;
    for (let n = 0; n < 2000; n++) {
      // Mostly clean CRLF text, sometimes with the bytes that need work.
      const text = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => (rand() < 0.7 ? 'ab.c d\r\n' : '')).join('');
      const noise = Buffer.from(Array.from({ length: Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]));
      const whole = rand() < 0.5 ? Buffer.from(text) : Buffer.concat([Buffer.from(text), noise, Buffer.from(text)]);
      const chunks: Buffer[] = [];
      for (let i = 0; i < whole.length;) {
        const size = 1 + Math.floor(rand() * 9);
        chunks.push(whole.subarray(i, i + size));
        i += size;
      }
      let last: number | false = false;
      for (const c of chunks) {
        if (needsNoStuffing(c, last)) fastTaken++;
        last = c[c.length - 1];
      }
      expect(await through(chunks, true), JSON.stringify(whole.toString('latin1'))).toEqual(await through(chunks, false));
    }
    expect(fastTaken).toBeGreaterThan(1000);
  });

  test('messages assembled from pieces are marked clean exactly when they need nothing, and pass unchanged', async () => {
    const rand = random(7);
    const alphabet = ['\r\n', '.', 'a', '\r', '\n', ' ', '\r\n.'];
    let marked = 0;
    for (let n = 0; n < 1500; n++) {
      const pieces = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => Buffer.from(Array.from({ length: Math.floor(rand() * 5) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('')));
      const message = Buffer.concat(pieces);
      const isMarked = markIfClean(message, pieces, pieces.map(insideClean));
      expect(isMarked, JSON.stringify(message.toString('latin1'))).toBe(message.length > 0 && needsNoStuffing(message, false) && message[message.length - 1] !== 0x0d);
      expect(isMarkedClean(message)).toBe(isMarked);
      if (isMarked) marked++;
      expect(await through([message], true)).toEqual(await through([message], false));
    }
    expect(marked).toBeGreaterThan(50);
  });

  test('a quoted-printable body full of dots at line starts needs no stuffing; the raw text does', () => {
    const text = '.hidden line\n..two dots\nFrom here\n' + 'x'.repeat(200) + '\n.';
    const qp = Buffer.from(encodeQp(text) + '\r\n');
    expect(needsNoStuffing(qp, false)).toBe(true);
    expect(needsNoStuffing(Buffer.from(text.replace(/\n/g, '\r\n')), false)).toBe(false);
    expect(needsNoStuffing(Buffer.from('a\rb'), false)).toBe(false);
    expect(needsNoStuffing(Buffer.from('a\nb'), false)).toBe(false);
    expect(needsNoStuffing(Buffer.from('\nb'), 0x0d)).toBe(true);
    expect(needsNoStuffing(Buffer.from('.b'), 0x0a)).toBe(false);
  });

  test('installs on this nodemailer version', () => {
    expect(installDotStuffingFastPath()).toBe(true);
  });
});
