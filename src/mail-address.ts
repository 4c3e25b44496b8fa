// Recipient address checks. Conservative on purpose: an address we cannot
// put in an SMTP envelope without extensions (SMTPUTF8, quoted local parts,
// IP literals) is reported and skipped rather than half-sent.
import { domainToASCII } from 'node:url';

export type AddressCheck =
  | { readonly ok: true; readonly address: string; readonly key: string }
  | { readonly ok: false; readonly reason: string };

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function checkAddress(raw: string): AddressCheck {
  let value = raw.trim();
  if (/^mailto:/i.test(value)) value = value.slice(7);
  if (value.startsWith('<') && value.endsWith('>')) value = value.slice(1, -1).trim();
  if (value === '') return { ok: false, reason: 'empty address' };
  if (/[\s\r\n<>(),;:"\\[\]]/.test(value)) return { ok: false, reason: 'address contains spaces or reserved characters' };
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return { ok: false, reason: 'address needs one local part, "@" and a domain' };
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.includes('@')) return { ok: false, reason: 'address has more than one "@"' };
  if (/[^\x00-\x7f]/.test(local)) return { ok: false, reason: 'non-ASCII local part needs SMTPUTF8 (not supported)' };
  if (local.length > 64 || !LOCAL.test(local)) return { ok: false, reason: 'malformed local part' };
  const ascii = domainToASCII(domain.toLowerCase());
  if (ascii === '') return { ok: false, reason: 'malformed domain' };
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || !/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(labels[labels.length - 1])) {
    return { ok: false, reason: 'malformed domain' };
  }
  const address = `${local}@${ascii}`;
  if (address.length > 254) return { ok: false, reason: 'address longer than 254 characters' };
  // Local parts are case-sensitive in theory, never in practice: treating
  // Bob@x and bob@x as one subscriber is what prevents a double send.
  return { ok: true, address, key: `${local.toLowerCase()}@${ascii}` };
}
