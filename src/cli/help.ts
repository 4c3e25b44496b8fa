export const HELP = `publish — one Markdown newsletter issue to email, feeds, Mastodon and Twitter/X, each exactly once.

Usage:
  publish check [FILE…] [--all] [--json]     Lint issues; exit 1 when any error. No FILE: the newest ready issue.
  publish [FILE…] [options]                  Verify, render and publish the issue on every channel.
  publish release [--since REF] [options]    Publish what is new: every ready issue newer than what each channel has published, on its first release the newest only (what CI runs on merge).
  publish preview [FILE] [--port N]          Serve a local review page of every channel, with live reload.
  publish serve [--port N]                   Run the subscribe / confirm / one-click unsubscribe service (default port 8025).
  publish subscribers import|export FILE     Move subscribers (CSV) into or out of the subscription store.
  publish bounces --mbox FILE                Suppress the addresses of hard bounces (RFC 3464 reports, VERP).
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

Secrets come only from the environment and are never printed or stored: SMTP_URL, UNSUBSCRIBE_SECRET,
DKIM_PRIVATE_KEY, MASTODON_TOKEN, TWITTER_API_KEY, TWITTER_API_SECRET, TWITTER_ACCESS_TOKEN,
TWITTER_ACCESS_SECRET, BLUESKY_APP_PASSWORD, XMPP_PASSWORD, DATABASE_URL, SUBSCRIPTIONS_TOKEN,
MAILING_LIST_APPROVE_PASSWORD. Settings: EMAIL_FROM, SUBSCRIBERS_FILE, MASTODON_URL, TWITTER_API_URL,
BLUESKY_IDENTIFIER, BLUESKY_SERVICE, XMPP_JID, XMPP_SERVICE.

Exit codes: 0 done, 1 a channel failed or lint errors, 2 usage or configuration error.
`;
