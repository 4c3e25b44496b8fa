// Secrets come only from the environment; every line we print goes through
// a redactor built from that environment, so no log or error can leak them.

const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASS|KEY|SMTP_URL|CREDENTIAL|DATABASE_URL)/i;
const MIN_SECRET_LENGTH = 4;

export type Redactor = (text: string) => string;

export function secretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value || !SECRET_NAME.test(name)) continue;
    if (value.length >= MIN_SECRET_LENGTH) values.add(value);
    // The password inside a URL is printed on its own by some libraries.
    const password = urlPassword(value);
    if (password) values.add(password);
    if (password) values.add(encodeURIComponent(password));
  }
  // Longest first so a secret that contains another is masked whole.
  return [...values].sort((a, b) => b.length - a.length);
}

function urlPassword(value: string): string | undefined {
  try {
    const url = new URL(value);
    const password = decodeURIComponent(url.password);
    return password.length >= MIN_SECRET_LENGTH ? password : undefined;
  } catch {
    return undefined;
  }
}

export function createRedactor(env: Readonly<Record<string, string | undefined>>): Redactor {
  const secrets = secretValues(env);
  if (secrets.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out;
  };
}

/** Strings anywhere in a JSON-like value redacted: receipts and error texts before they are stored. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, redact)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[redact(key)] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}
