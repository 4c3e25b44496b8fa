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
  NP600: { title: 'Ledger is locked', hint: 'Another publish is running on this ledger: wait for it. A lock left by a killed run on this machine is taken over automatically; one from another machine (its host is named) is removed by deleting .publish/publish.lock.d/ once that run is gone.', exit: 'failure' },
  NP601: { title: 'Ledger is unreadable', hint: 'Restore .publish/ledger.json from git; never edit it by hand.', exit: 'failure' },
  NP602: { title: 'State cannot be written', hint: 'Fix the cause named above (free disk space, make the state folder writable), then run the same command again: what the ledger and journal hold is not sent twice.', exit: 'failure' },
  NP603: { title: 'Debug output would print secrets', hint: 'Unset NODE_DEBUG (or leave out the modules named above) for a live run; dry runs may keep it.', exit: 'usage' },
  NP610: { title: 'Send journal cannot be written', hint: 'Free space or make the state folder writable (or move it to a disk that is), then run the same command again: it resumes from the journal.', exit: 'failure' },
  NP611: { title: 'Send journal is incomplete', hint: 'Restore the full journal (and its .checkpoint) from where the state is kept, then run the same command again; nothing was sent.', exit: 'failure' },
  NP700: { title: 'Confirmation required', hint: 'Re-run with --yes, or answer the prompt on a terminal.', exit: 'usage' },
  NP800: { title: 'Preview server cannot start', hint: 'Omit --port to take a free port, or stop what is using that port.', exit: 'usage' },
  NP900: { title: 'Subscription store unavailable', hint: 'Check DATABASE_URL (PostgreSQL) or the subscriptions.store file and its folder permissions.', exit: 'failure' },
  NP901: { title: 'Subscription service is not configured', hint: 'Add `subscriptions:` to publish.config.yaml and set the environment variables listed above.', exit: 'usage' },
  NP902: { title: 'Subscriber export unreachable', hint: 'Check subscriptions.url and SUBSCRIPTIONS_TOKEN, and that `publish serve` is running; nothing was sent.', exit: 'failure' },
  NP903: { title: 'Input file cannot be read', hint: 'Check the path and the format named above.', exit: 'usage' },
  NP104: { title: 'Files already exist', hint: 'init never overwrites a file: pass --force to replace the files listed above, or choose an empty folder.', exit: 'usage' },
  NP105: { title: 'Unknown git ref', hint: 'Give --since a branch, tag or commit this repository has; in GitHub Actions check out the history (actions/checkout with fetch-depth: 0).', exit: 'usage' },
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
