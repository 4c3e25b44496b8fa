// A translation set as one email payload: the original's message plus one per
// ready translation, so each reader gets exactly one message per set. When the
// ledger shows the set went out already, this render is for a translation
// merged later: it goes to nobody (default) or, with `translations: late`, to
// its own readers who have not received the set (the journal is per set).
import type { ChannelContext } from '../../src/channel.js';
import type { Issue } from '../../src/model.js';
import { isRealPublish } from '../../src/translations/ledger.js';
import { setLookup } from '../../src/translations/sets.js';
import type { EmailPayload } from './compile.js';
import type { EmailOptions } from './options.js';

export interface SetRender {
  readonly payload: EmailPayload;
  /** Present when the set was sent before: what this run does with the members merged since. */
  readonly late?: { readonly languages: readonly string[]; readonly sentAt: string; readonly sendsThem: boolean };
}

export async function renderSet(issue: Issue, ctx: ChannelContext<EmailOptions>, renderOne: (member: Issue) => Promise<EmailPayload>): Promise<SetRender> {
  const set = setLookup(ctx.archive.some((i) => i.id === issue.id) ? ctx.archive : [...ctx.archive, issue], ctx.config.site.language)(issue);
  const base = await renderOne(issue);
  const translations: EmailPayload[] = [];
  for (const member of set.members) if (member.id !== issue.id) translations.push(await renderOne(member));
  const sent = set.members.map((m) => ctx.ledger.published(m.id)).filter((r) => r !== undefined && isRealPublish(r));
  if (sent.length === 0) return { payload: translations.length > 0 ? { ...base, translations } : base };
  const fresh = set.members.filter((m) => !ctx.ledger.published(m.id));
  const languages = fresh.map((m) => m.language);
  const sendsThem = ctx.options.translations === 'late';
  const sentAt = sent.map((r) => r!.at).sort()[0];
  return {
    payload: { ...base, translations, audience: sendsThem ? languages : [] },
    late: { languages, sentAt, sendsThem },
  };
}
