#!/usr/bin/env node
// Only the bin turns results and errors into exit codes.
import { formatError, isPublishError } from '../errors.js';
import { createRedactor } from '../redact.js';
import { main } from './main.js';

const controller = new AbortController();
let interrupted = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted++;
    if (interrupted > 1) process.exit(130);
    process.stderr.write(`\n${signal}: stopping after the work in flight (press again to abort at once)\n`);
    controller.abort();
  });
}

const redact = createRedactor(process.env);
try {
  process.exitCode = await main({
    argv: process.argv.slice(2), cwd: process.cwd(), env: process.env,
    stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, signal: controller.signal,
  });
} catch (error) {
  if (isPublishError(error)) {
    process.stderr.write(redact(formatError(error)) + '\n');
    process.exitCode = error.exitCode;
  } else {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(redact(`internal error (a bug in publish, please report it):\n${text}`) + '\n');
    process.exitCode = 1;
  }
}
