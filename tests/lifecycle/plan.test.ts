// Issue 15: plan() decides, for every issue × channel, publish or skip with the
// reason, before anything is sent; the dry run prints exactly that plan.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PublishedRecord } from '../../src/channel.js';
import { archiveFacts } from '../../src/lifecycle/archive-facts.js';
import { plan, planLines } from '../../src/lifecycle/plan.js';
import { Ledger } from '../../src/ledger.js';
import type { Candidate, PlanChannel, RenderFacts } from '../../src/lifecycle/types.js';
import type { Issue } from '../../src/model.js';
import { run } from '../../src/release.js';
import { tempDir } from '../core/helpers.js';
import { fixtureProject } from '../fixtures/project.js';

const OCTOBER = 'content/2020-11-05-newsletter.md';
const DRAFT = 'content/2020-12-08-newsletter.md';
/** The fixture config's channels, in its order. */
const CONFIGURED = ['feed', 'email', 'mastodon', 'twitter'];

function site(): string {
  const dir = tempDir('np-plan-');
  cpSync(path.join(fixtureProject, 'content'), path.join(dir, 'content'), { recursive: true });
  cpSync(path.join(fixtureProject, 'publish.config.yaml'), path.join(dir, 'publish.config.yaml'));
  return dir;
}

function capture(): { stream: { write: (chunk: string) => boolean }; text: () => string } {
  let text = '';
  return { stream: { write: (chunk: string) => ((text += chunk), true) }, text: () => text };
}

/** `source channel action(reason)` per step, the form the assertions read. */
function decisions(result: Awaited<ReturnType<typeof run>>): string[] {
  return (result.plan?.steps ?? []).map((s) => `${s.issue.source} ${s.channel.name} ${s.action === 'publish' ? 'publish' : s.reason.kind}`);
}

async function dryRun(dir: string, now = new Date('2026-01-01T00:00:00Z')) {
  const out = capture();
  const result = await run({ cwd: dir, env: {}, stdout: out.stream, stderr: capture().stream, dryRun: true, release: true, outDir: path.join(dir, 'out'), now });
  return { result, stdout: out.text() };
}

describe('the dry-run plan of a release', () => {
  it('lists every issue × channel: the ready issue is published everywhere, the draft skipped everywhere', async () => {
    const { result, stdout } = await dryRun(site());
    expect(decisions(result)).toEqual(CONFIGURED.flatMap((c) => [`${OCTOBER} ${c} publish`, `${DRAFT} ${c} draft`]));
    const lines = stdout.split('\n').filter((l) => l.startsWith('plan '));
    expect(lines).toHaveLength(CONFIGURED.length * 2);
    // Issue by issue, the feed first (its phase), each line saying publish or why not.
    expect(lines.slice(0, 4).map((l) => l.split(/\s+/)[1])).toEqual(CONFIGURED);
    expect(lines.slice(0, 4).every((l) => / publish$/.test(l))).toBe(true);
    expect(lines.slice(4).every((l) => l.endsWith('skip — draft'))).toBe(true);
  });

  it('says why each issue waits: already published, scheduled, blocked by findings', async () => {
    const dir = site();
    // The feed alone goes out first (a live run), then a scheduled issue and a broken one are added.
    const live = await run({ cwd: dir, env: { CI: 'true' }, stdout: capture().stream, stderr: capture().stream, dryRun: false, release: true, channels: ['feed'] });
    expect(live.outcomes.map((o) => `${o.channel} ${o.status}`)).toEqual(['feed published']);
    const october = readFileSync(path.join(dir, OCTOBER), 'utf8');
    writeFileSync(path.join(dir, 'content/2099-01-05-future.md'), october.replace('date: 2020-11-05', 'date: 2099-01-05').replace('"/2020/10/newsletter-10-october/"', '"/2099/01/future/"'));
    // Dated like October: a newer ready issue would make October a back issue on the first email release.
    writeFileSync(path.join(dir, 'content/2021-03-05-broken.md'), october.replace('"/2020/10/newsletter-10-october/"', '"/2021/03/broken/"').replace('Thanks to edhelas', 'Thanks to [CONTRIBUTORS] and edhelas'));

    const { result, stdout } = await dryRun(dir);
    const got = decisions(result);
    expect(got).toContain(`${OCTOBER} feed published`);
    for (const c of CONFIGURED.slice(1)) expect(got).toContain(`${OCTOBER} ${c} publish`);
    for (const c of CONFIGURED) {
      expect(got).toContain(`content/2099-01-05-future.md ${c} scheduled`);
      expect(got).toContain(`content/2021-03-05-broken.md ${c} blocked`);
      expect(got).toContain(`${DRAFT} ${c} draft`);
    }
    expect(got).toHaveLength(4 * CONFIGURED.length);
    expect(stdout).toMatch(/plan feed\s+2020-10-newsletter-10-october\s+skip — already published \d{4}-/);
    expect(stdout).toMatch(/plan email\s+\S+\s+skip — scheduled for 2099-01-0[45]T/);
    expect(stdout).toMatch(/plan twitter\s+\S+\s+skip — blocked by findings: NP303 \d+ errors? \(placeholder/);
  });
});

// plan() alone: pure data in, decisions out.
/** The fields plan() reads; the rest of the model does not matter to it. */
const issue = (id: string, over: Partial<Issue> = {}): Issue => ({ id, key: id, source: `${id}.md`, date: '2024-01-01', sourceHash: `src-${id}`, draft: false, ...over }) as unknown as Issue;
const ready = (i: Issue): Candidate => ({ issue: i, readiness: 'ready', target: true });
const site0: PlanChannel = { name: 'site-wide', scope: 'site', phase: 0 };
const post1: PlanChannel = { name: 'post', scope: 'issue', phase: 1 };
const mail1: PlanChannel = { name: 'mail', scope: 'issue', phase: 1 };
const rendered = (payloadHash = 'h'): RenderFacts => ({ kind: 'rendered', payloadHash, ownErrors: [] });

describe('plan()', () => {
  const a = issue('a');
  const base = {
    candidates: [ready(a)], channels: [post1, site0, mail1],
    published: (): PublishedRecord | undefined => undefined, force: new Set<string>(), blocked: new Map<string, string>(),
    renders: (): RenderFacts | undefined => rendered(),
  };
  const reasons = (p: ReturnType<typeof plan>) => p.steps.map((s) => `${s.channel.name}:${s.action === 'publish' ? 'publish' : s.reason.kind}`);

  it('orders channels by phase, config order within a phase', () => {
    expect(reasons(plan(base))).toEqual(['site-wide:publish', 'post:publish', 'mail:publish']);
  });

  it('an issue channel waits for an earlier phase that cannot publish the same issue', () => {
    const failing = plan({ ...base, renders: (channel) => (channel === 'site-wide' ? { kind: 'failed', message: 'boom' } : rendered()) });
    expect(reasons(failing)).toEqual(['site-wide:render-failed', 'post:waits', 'mail:waits']);
    expect(planLines(failing)[1]).toMatch(/skip — waits for site-wide/);
    const ownErrors = plan({ ...base, renders: (channel) => (channel === 'site-wide' ? { kind: 'rendered', payloadHash: 'h', ownErrors: ['bad-url: x'] } : rendered()) });
    expect(reasons(ownErrors)).toEqual(['site-wide:blocked', 'post:waits', 'mail:waits']);
    // A channel of the same phase that fails holds nobody back.
    const samePhase = plan({ ...base, renders: (channel) => (channel === 'post' ? { kind: 'failed', message: 'boom' } : rendered()) });
    expect(reasons(samePhase)).toEqual(['site-wide:publish', 'post:render-failed', 'mail:publish']);
  });

  it('already published, changed since (NP501), forced', () => {
    const record = (payloadHash: string, sourceHash = 'src-a'): PublishedRecord => ({ at: '2024-01-02T00:00:00Z', payloadHash, sourceHash, receipt: {} });
    const published = (_id: string, channel: string) => (channel === 'post' ? record('h') : channel === 'mail' ? record('other') : undefined);
    expect(reasons(plan({ ...base, published }))).toEqual(['site-wide:publish', 'post:published', 'mail:changed']);
    expect(planLines(plan({ ...base, published }))[2]).toMatch(/NP501.*--force mail/);
    expect(reasons(plan({ ...base, published, force: new Set(['mail']) }))).toEqual(['site-wide:publish', 'post:published', 'mail:publish']);
    const edited = (_id: string, channel: string) => (channel === 'post' ? record('h', 'src-old') : undefined);
    expect(reasons(plan({ ...base, published: edited }))).toContain('post:changed');
  });

  it('drafts, scheduled and blocked issues are skipped on every channel, before the ledger is asked', () => {
    const b = issue('b', { date: '2099-01-01' });
    const c = issue('c');
    const p = plan({
      ...base,
      candidates: [{ issue: a, readiness: 'draft', target: false }, { issue: b, readiness: 'scheduled', target: false }, ready(c)],
      blocked: new Map([['c', 'NP303 1 error (placeholder)']]),
      published: () => ({ at: 'x', payloadHash: 'h', receipt: {} }),
    });
    expect(p.steps.filter((s) => s.channel.name === 'post').map((s) => (s.action === 'skip' ? s.reason.kind : 'publish'))).toEqual(['draft', 'scheduled', 'blocked']);
    expect(planLines(p).filter((l) => l.includes('scheduled for 2099-01-01'))).toHaveLength(3);
  });
});

// "A release never sends the archive": archive-facts.ts with a real ledger, then plan().
describe('a release never sends the archive', () => {
  const at = (date: string, over: Partial<Issue> = {}) => issue(`i-${date}${over.language ?? ''}`, { date: `${date}T00:00:00Z`, key: `k-${date}${over.language ?? ''}`, language: 'en', canonicalPath: `/${date}/`, translationKey: undefined, ...over });
  const jan = at('2024-01-05');
  const feb = at('2024-02-05');
  const mar = at('2024-03-05');
  const draftApr = at('2024-04-05', { draft: true });
  const futureMay = at('2099-05-05');
  const ready = (i: Issue) => Date.parse(i.date) < Date.parse('2025-01-01');
  const record: PublishedRecord = { at: '2024-02-06T00:00:00Z', payloadHash: 'h', receipt: {} };
  const ledgerWith = (entries: Array<[Issue, string]>) => {
    const ledger = Ledger.load(path.join(tempDir('np-archive-'), 'ledger.json'));
    for (const [i, channel] of entries) ledger.record(i.id, channel, record);
    return ledger;
  };

  it('first release: everything older than the newest ready issue is archive (drafts and future issues do not count)', () => {
    const isArchive = archiveFacts([jan, feb, mar, draftApr, futureMay], ledgerWith([]), 'en', ready);
    expect(isArchive(jan, 'mail')).toEqual({ newest: 'k-2024-03-05', first: true });
    expect(isArchive(feb, 'mail')?.newest).toBe('k-2024-03-05');
    expect(isArchive(mar, 'mail')).toBeUndefined();
    // One of the same date is not older.
    expect(isArchive(at('2024-03-05', { id: 'twin', key: 'twin' }), 'mail')).toBeUndefined();
  });

  it('after that, the newest issue the channel has sent is the cutoff: newer issues go, older ones never; per channel', () => {
    const isArchive = archiveFacts([jan, feb, mar], ledgerWith([[feb, 'mail']]), 'en', ready);
    expect(isArchive(jan, 'mail')).toEqual({ newest: 'k-2024-02-05', first: false });
    expect(isArchive(mar, 'mail')).toBeUndefined();
    // A channel added later has its own first release.
    expect(isArchive(feb, 'post')).toEqual({ newest: 'k-2024-03-05', first: true });
  });

  it('a translation counts by its original\'s date, and a set the channel has started is the set\'s to decide', () => {
    const original = at('2024-02-05', { translationKey: 'feb' } as Partial<Issue>);
    const lateDe = at('2024-02-20', { language: 'de', translationKey: 'feb', canonicalPath: '/de/2024-02-05/' } as Partial<Issue>);
    const lateIt = at('2024-02-25', { language: 'it', translationKey: 'feb', canonicalPath: '/it/2024-02-05/' } as Partial<Issue>);
    // First release with March the newest: the February set is archive, late translations included.
    const first = archiveFacts([original, lateDe, mar], ledgerWith([]), 'en', ready);
    expect(first(lateDe, 'mail')?.newest).toBe('k-2024-03-05');
    // February's set was sent, then March: a later Italian member is for the set's rules (translations: late).
    const started = archiveFacts([original, lateDe, lateIt, mar], ledgerWith([[original, 'mail'], [mar, 'mail']]), 'en', ready);
    expect(started(lateIt, 'mail')).toBeUndefined();
    // A newest translation dated after its original does not make the original archive.
    const newestSet = archiveFacts([jan, original, lateDe], ledgerWith([]), 'en', ready);
    expect(newestSet(original, 'mail')).toBeUndefined();
    expect(newestSet(jan, 'mail')?.newest).toBe('k-2024-02-05');
  });

  it('plan(): archive before everything but drafts and translations; --force re-sends the newest, not every issue ever sent; one plan line per channel', () => {
    const sent = (_id: string, channel: string) => (channel === 'mail' ? record : undefined);
    const mark = { newest: 'k-2024-03-05', first: false };
    const p = plan({
      candidates: [{ issue: jan, readiness: 'ready', target: false }, { issue: feb, readiness: 'ready', target: false }, { issue: mar, readiness: 'ready', target: true }],
      channels: [site0, mail1], published: sent, force: new Set(['mail']), blocked: new Map([[jan.id, 'NP303 1 error']]),
      renders: () => rendered(), archive: (i) => (i === mar ? undefined : mark),
    });
    expect(p.steps.map((s) => `${s.channel.name}:${s.issue.key}:${s.action === 'publish' ? 'publish' : s.reason.kind}`)).toEqual([
      'site-wide:k-2024-01-05:backlog', 'site-wide:k-2024-02-05:backlog', 'site-wide:k-2024-03-05:publish',
      'mail:k-2024-01-05:backlog', 'mail:k-2024-02-05:backlog', 'mail:k-2024-03-05:publish',
    ]);
    const lines = planLines(p);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^plan site-wide 2 back issues, k-2024-01-05 … k-2024-02-05 skip — archive: older than k-2024-03-05, which this channel has already published; listed in the files/);
    expect(lines[1]).toMatch(/^plan mail\s+2 back issues, .* a release never sends back issues \(to send this one anyway: publish FILE --channel mail\)$/);
    // Without --force, what the channel sent stays "already published".
    const plain = plan({ candidates: [{ issue: feb, readiness: 'ready', target: false }], channels: [mail1], published: sent, force: new Set(), blocked: new Map(), renders: () => rendered(), archive: () => mark });
    expect(plain.steps.map((s) => (s.action === 'skip' ? s.reason.kind : 'publish'))).toEqual(['published']);
    expect(planLines(plain)).toEqual([expect.stringMatching(/^plan mail\s+k-2024-02-05\s+skip — already published 2024-02-06/)]);
    // Many issues already published are one line per channel too; a new one keeps its own.
    const april = at('2024-04-05');
    const year = plan({
      candidates: [jan, feb, mar].map((i) => ({ issue: i, readiness: 'ready' as const, target: false })).concat([{ issue: april, readiness: 'ready', target: true }]),
      channels: [mail1], published: (id) => (id === april.id ? undefined : record), force: new Set(), blocked: new Map(), renders: () => rendered(),
    });
    expect(planLines(year)).toEqual([
      expect.stringMatching(/^plan mail\s+3 issues, k-2024-01-05 … k-2024-03-05 skip — already published 2024-02-06T00:00:00Z \(the newest\)$/),
      expect.stringMatching(/^plan mail\s+k-2024-04-05\s+publish$/),
    ]);
  });
});
