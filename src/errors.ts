// The error catalogue. Codes are permanent: documentation, CI logs and
// users' scripts refer to them, so a code is never reused or renumbered.
// Each entry says what happened, why, and what to do.

export type ExitKind = 'usage' | 'failure';

interface CatalogueEntry {
  readonly title: string;
  readonly hint: string;
  /** usage → exit 2 (the command or config is wrong); failure → exit 1 (the work failed). */
  readonly exit: ExitKind;
}

export const catalogue = {
  NP100: { title: 'Unknown command or option', hint: 'Run `publish --help` to see the commands and options.', exit: 'usage' },
  NP101: { title: 'Missing option value', hint: 'Give the option a value, e.g. `--out out/`.', exit: 'usage' },
  NP102: { title: 'Conflicting options', hint: 'Drop one of the options; `publish --help` explains each.', exit: 'usage' },
  NP103: { title: 'Unsafe output folder', hint: 'Pass --out a folder of its own (the default is out/); it is cleared of the previous dry run.', exit: 'usage' },
  NP200: { title: 'Configuration file not found', hint: 'Create publish.config.yaml at the repository root or pass --config FILE.', exit: 'usage' },
  NP201: { title: 'Configuration is invalid', hint: 'Fix each key listed above; the README documents every key.', exit: 'usage' },
  NP202: { title: 'Required environment variable missing', hint: 'Set the variable in the environment (in CI: a secret of the release environment).', exit: 'usage' },
  NP203: { title: 'Unknown channel', hint: 'Use one of the channels listed in publish.config.yaml.', exit: 'usage' },
  NP204: { title: 'Channel options are invalid', hint: 'Fix the channel options listed above in publish.config.yaml.', exit: 'usage' },
  NP300: { title: 'Issue file not found', hint: 'Check the path; with no FILE, the newest ready issue in the content folder is used.', exit: 'usage' },
  NP301: { title: 'No issue to publish', hint: 'Add a Markdown issue to the content folder, or name one explicitly.', exit: 'usage' },
  NP302: { title: 'Issue cannot be parsed', hint: 'Fix the findings listed above, then run `publish check` again.', exit: 'failure' },
  NP303: { title: 'Lint errors block publishing', hint: 'Fix the errors listed by `publish check`; warnings do not block.', exit: 'failure' },
  NP400: { title: 'Channel verification failed', hint: 'Fix the problems listed above; nothing was sent.', exit: 'failure' },
  NP401: { title: 'Template is invalid', hint: 'Fix the template at the line named above.', exit: 'failure' },
  NP500: { title: 'Publishing failed', hint: 'Fix the cause and run the same command again: what was published is in the ledger and is skipped.', exit: 'failure' },
  NP501: { title: 'Issue changed after publication', hint: 'Revert the edit, or re-publish deliberately with `--force CHANNEL`.', exit: 'failure' },
  NP600: { title: 'Ledger is locked', hint: 'Another publish is running on this ledger; wait for it, or remove the stale lock file if its process is gone.', exit: 'failure' },
  NP601: { title: 'Ledger is unreadable', hint: 'Restore .publish/ledger.json from git; never edit it by hand.', exit: 'failure' },
  NP700: { title: 'Confirmation required', hint: 'Re-run with --yes, or answer the prompt on a terminal.', exit: 'usage' },
  NP800: { title: 'Preview server cannot start', hint: 'Omit --port to take a free port, or stop what is using that port.', exit: 'usage' },
  NP900: { title: 'Files already exist', hint: 'init never overwrites a file: pass --force to replace the files listed above, or choose an empty folder.', exit: 'usage' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof catalogue;

/** An expected error: the CLI prints it without a stack trace. */
export class PublishError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly string[];

  constructor(code: ErrorCode, message: string, details: readonly string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PublishError';
    this.code = code;
    this.details = details;
  }

  get hint(): string {
    return catalogue[this.code].hint;
  }

  get exitCode(): 1 | 2 {
    return catalogue[this.code].exit === 'usage' ? 2 : 1;
  }
}

export function isPublishError(value: unknown): value is PublishError {
  return value instanceof PublishError;
}

/** Multi-line human text: `error NP201: title — message`, details, then what to do. */
export function formatError(error: PublishError): string {
  const lines = [`error ${error.code}: ${catalogue[error.code].title}: ${error.message}`];
  for (const detail of error.details) lines.push(`  - ${detail}`);
  lines.push(`  what to do: ${error.hint}`);
  return lines.join('\n');
}
