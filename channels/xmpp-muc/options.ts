import type { Config } from '../../src/config.js';
import type { Env } from '../../src/channel.js';
import { PublishError } from '../../src/errors.js';
import { isRecord, parseHashtags, parseTemplateDir, unknownKeys, type Problems } from '../announcement/options.js';

export interface XmppMucOptions {
  /** Bare JID of the room, e.g. commteam@muc.xmpp.org. */
  readonly room: string;
  readonly nick: string;
  readonly hashtags: readonly string[];
  readonly language?: string;
  readonly templateDir?: string;
}

const KNOWN = ['room', 'nick', 'hashtags', 'language', 'template'];
const PREFIX = 'channels.xmpp-muc';

export function parseXmppMucOptions(raw: unknown, _env: Env, config: Config): XmppMucOptions {
  const problems: Problems = [];
  if (!isRecord(raw)) throw new PublishError('NP204', 'xmpp-muc options must be a mapping with room (and nick)', [`${PREFIX}: got ${raw === null || raw === undefined ? 'nothing' : typeof raw}`]);
  unknownKeys(raw, KNOWN, PREFIX, problems);
  const room = raw['room'];
  if (typeof room !== 'string' || !/^[^"&'/:<>@\s]+@[^/@\s]+$/u.test(room.trim())) problems.push(`${PREFIX}.room: must be the room's bare JID, e.g. commteam@muc.xmpp.org`);
  const nick = raw['nick'] ?? 'XMPP Newsletter';
  // A nick is the resource of the occupant JID: any text without control characters, at most 1023 bytes.
  if (typeof nick !== 'string' || nick.trim() === '' || /\p{Cc}/u.test(nick) || Buffer.byteLength(nick) > 1023) problems.push(`${PREFIX}.nick: must be a non-empty nickname without control characters`);
  const hashtags = parseHashtags(raw['hashtags'], PREFIX, problems);
  const language = raw['language'];
  if (language !== undefined && (typeof language !== 'string' || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language))) problems.push(`${PREFIX}.language: must be a language code such as en or de`);
  const templateDir = parseTemplateDir(raw['template'], config, PREFIX, problems);
  if (problems.length > 0) throw new PublishError('NP204', `xmpp-muc options have ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
  return {
    room: String(room).trim(),
    nick: String(nick).trim(),
    hashtags,
    ...(typeof language === 'string' ? { language } : {}),
    ...(templateDir ? { templateDir } : {}),
  };
}
