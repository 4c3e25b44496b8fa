export const HELP = `publish — one Markdown newsletter issue to email, feeds, Mastodon and Twitter/X, each exactly once.

Usage:
  publish check [FILE…] [--all] [--json]     Lint issues; exit 1 when any error. No FILE: the newest ready issue.
  publish [FILE…] [options]                  Verify, render and publish the issue on every channel.
  publish release [--since REF] [options]    Publish every ready issue not complete in the ledger (what CI runs on merge).
  publish preview [FILE] [--port N]          Serve a local review page of every channel, with live reload.
  newsletter-publisher init [DIR] [--url URL --title TEXT …]   Scaffold a newsletter repository (init --help).

Options:
  --channel NAME     Only this channel (repeatable): ${'${channels}'}.
  --dry-run          Render every selected channel into --out and publish nothing; exit 1 when the
                     issue has errors (including email-size and announcement-length from the render).
  --out DIR          Dry-run output folder (default: out/).
  --probe            In a dry run, also run the channels' read-only remote checks (SMTP login, API credentials).
  --to ADDRESS       Send one [TEST] copy of the email to ADDRESS; nothing is recorded.
  --force NAME       Publish channel NAME again even though the ledger says it is done (repeatable).
  --yes              Do not ask for confirmation before a live run (CI never asks).
  --config FILE      Configuration file (default: publish.config.yaml).
  --json             check: print findings as JSON.
  -h, --help         Show this help.   -v, --version   Show the version.

Secrets come only from the environment: SMTP_URL, EMAIL_FROM, SUBSCRIBERS_FILE, UNSUBSCRIBE_SECRET,
MASTODON_URL, MASTODON_TOKEN, TWITTER_API_KEY, TWITTER_API_SECRET, TWITTER_ACCESS_TOKEN,
TWITTER_ACCESS_SECRET, TWITTER_API_URL. They are never printed.

Exit codes: 0 done, 1 a channel failed or lint errors, 2 usage or configuration error.
`;
