// A real SMTP server on 127.0.0.1 (npm smtp-server) that records what it
// accepts and can misbehave on demand: 4xx/5xx per recipient, dropped
// connections in the middle of a message.
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

export interface Received {
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  readonly raw: Buffer;
}

export interface Faults {
  /** Reply code for this RCPT TO (e.g. 450, 550), or undefined to accept. */
  rcpt?(address: string, attempt: number): number | undefined;
  /** Destroy the connection instead of answering DATA number `n` (1-based, over the whole run). */
  dropData?(n: number): boolean;
}

export interface SmtpHarness {
  readonly port: number;
  readonly url: string;
  readonly received: Received[];
  /** How often each address was accepted. */
  readonly counts: Map<string, number>;
  readonly rcptAttempts: Map<string, number>;
  /** Connections opened over the whole run. */
  connections: number;
  /** Connections open right now (onConnect minus onClose). */
  open: number;
  /** Most connections open at the same time. */
  peak: number;
  close(): Promise<void>;
}

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

export async function startSmtp(faults: Faults = {}, options: { keepRaw?: boolean } = {}): Promise<SmtpHarness> {
  const received: Received[] = [];
  const counts = new Map<string, number>();
  const rcptAttempts = new Map<string, number>();
  const sockets = new Set<Socket>();
  let dataCount = 0;
  const keepRaw = options.keepRaw ?? true;
  const harness = { received, counts, rcptAttempts, connections: 0, open: 0, peak: 0 } as { connections: number; open: number; peak: number };
  const connected = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onConnect(session: SMTPServerSession, callback: (error?: Error) => void) {
      harness.connections++;
      connected.add(session.id);
      harness.open++;
      harness.peak = Math.max(harness.peak, harness.open);
      callback();
    },
    onClose(session: SMTPServerSession) {
      if (connected.delete(session.id)) harness.open--;
    },
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error) => void) {
      const attempt = (rcptAttempts.get(address.address) ?? 0) + 1;
      rcptAttempts.set(address.address, attempt);
      const code = faults.rcpt?.(address.address, attempt);
      if (code !== undefined) return callback(smtpError(code, code >= 500 ? `${code} 5.1.1 <${address.address}>: mailbox unavailable` : `${code} 4.2.0 <${address.address}>: try again later`));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => void (keepRaw && chunks.push(chunk)));
      stream.on('end', () => {
        const n = ++dataCount;
        if (faults.dropData?.(n)) {
          // Drop this session's connection before answering: the client never sees 250.
          for (const socket of sockets) if (socket.remotePort === session.remotePort) socket.destroy();
          return;
        }
        const to = session.envelope.rcptTo.map((r) => r.address);
        for (const address of to) counts.set(address, (counts.get(address) ?? 0) + 1);
        received.push({ envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', envelopeTo: to, raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  (server as unknown as { server: { on(event: 'connection', listener: (socket: Socket) => void): void } }).server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Resets caused by the fault injection are expected.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
  return Object.assign(harness, {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    counts,
    rcptAttempts,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  });
}
