import type { Redactor } from './redact.js';

export interface Writable {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

export interface Logger {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
  /** The redactor in force, for channels that build messages of their own. */
  readonly redact: Redactor;
}

/** Every line passes through the redactor: no code path can print a secret. */
export function createLogger(stdout: Writable, stderr: Writable, redact: Redactor): Logger {
  return {
    info: (line) => void stdout.write(redact(line) + '\n'),
    warn: (line) => void stderr.write(redact(`warning: ${line}`) + '\n'),
    error: (line) => void stderr.write(redact(line) + '\n'),
    redact,
  };
}
