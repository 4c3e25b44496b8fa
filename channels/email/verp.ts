// VERP (variable envelope return path): the envelope sender of each message
// names its recipient, newsletter+reader=example.net@example.org, so a bounce
// that arrives without a usable report (RFC 3464) still says who bounced.
// `publish bounces` (src/subscriptions/bounces.ts) reads it back.
export function verpAddress(sender: string, recipient: string): string {
  const at = sender.lastIndexOf('@');
  return `${sender.slice(0, at)}+${recipient.replace('@', '=')}${sender.slice(at)}`;
}
