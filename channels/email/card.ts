// The email's review card (kind `message`), made from the files render wrote:
// the HTML part with the sample unsubscribe link, the text part, and the
// headers of the sample .eml as a mail client displays them.
import type { MessageCard } from '../../src/card.js';
import type { Artifact } from '../../src/channel.js';
import { parseEmlHeaders } from './eml-headers.js';

/** Gmail clips messages above about 102 KB and hides the rest, unsubscribe link included. */
export const GMAIL_CLIP = 102 * 1024;

function text(artifact: Artifact | undefined): string | undefined {
  if (!artifact) return undefined;
  return typeof artifact.content === 'string' ? artifact.content : new TextDecoder().decode(artifact.content);
}

export function emailCard(issueKey: string, files: readonly Artifact[]): MessageCard {
  const part = (suffix: string): string | undefined => text(files.find((f) => f.path.endsWith(suffix)));
  const html = part('.html') ?? '';
  const eml = part('.eml');
  const plain = part('.txt');
  return {
    kind: 'message',
    issue: issueKey,
    label: 'Email',
    html,
    ...(plain === undefined ? {} : { text: plain }),
    headers: eml === undefined ? [] : parseEmlHeaders(eml),
    bytes: Buffer.byteLength(html, 'utf8'),
    budget: { bytes: GMAIL_CLIP, why: 'Gmail clips at ~102 KB' },
  };
}
