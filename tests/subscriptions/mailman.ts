// A real Mailman 3 (Debian's `mailman3`) for one test: its own var folder,
// REST API and LMTP on free 127.0.0.1 ports, outgoing mail to a local SMTP
// sink, run in the foreground as the `list` user and stopped by process group.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './helpers.js';

const MASTER = '/usr/lib/mailman3/bin/master';

export function mailmanMissing(): string | undefined {
  if (!existsSync(MASTER)) return `no Mailman 3 at ${MASTER} (apt-get install mailman3)`;
  if (spawnSync('id', ['-u', 'list']).status !== 0) return 'no `list` user to run Mailman as';
  return undefined;
}

export interface TempMailman {
  readonly lmtpPort: number;
  rest<T = unknown>(method: string, resource: string, body?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startMailman(smtpPort: number): Promise<TempMailman> {
  const dir = mkdtempSync(path.join(tmpdir(), 'np-mailman-'));
  const id = Number(spawnSync('id', ['-u', 'list'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'list'], { encoding: 'utf8' }).stdout.trim());
  chownSync(dir, id, gid);
  const restPort = await freePort();
  const lmtpPort = await freePort();
  const password = 'rest-admin-test-password';
  const cfg = path.join(dir, 'mailman.cfg');
  writeFileSync(cfg, `[mailman]
site_owner: owner@example.org
layout: here

[paths.here]
var_dir: ${dir}/var
bin_dir: /usr/lib/mailman3/bin

[database]
class: mailman.database.sqlite.SQLiteDatabase
url: sqlite:///$DATA_DIR/mailman.db

[webservice]
hostname: 127.0.0.1
port: ${restPort}
admin_user: restadmin
admin_pass: ${password}

[mta]
incoming: mailman.mta.null.NullMTA
outgoing: mailman.mta.deliver.deliver
smtp_host: 127.0.0.1
smtp_port: ${smtpPort}
lmtp_host: 127.0.0.1
lmtp_port: ${lmtpPort}

# Runners this test never uses: fewer Python processes start faster on a busy machine.
[runner.archive]
start: no
[runner.nntp]
start: no
[runner.digest]
start: no
[runner.command]
start: no
[runner.task]
start: no
`);
  chownSync(cfg, id, gid);
  const child: ChildProcess = spawn('runuser', ['-u', 'list', '--', MASTER, '-C', cfg], { cwd: dir, detached: true, stdio: 'ignore' });
  const auth = `Basic ${Buffer.from(`restadmin:${password}`).toString('base64')}`;
  const base = `http://127.0.0.1:${restPort}/3.1`;
  async function rest<T>(method: string, resource: string, body?: Record<string, unknown>): Promise<T> {
    const response = await fetch(`${base}${resource}`, {
      method,
      headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (response.status >= 400) throw new Error(`Mailman REST ${method} ${resource}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  // Measured: about 20 s on an idle 2-core machine, minutes under heavy load.
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Mailman's master exited with code ${child.exitCode}`);
    try {
      await rest('GET', '/system/versions');
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
        throw new Error(`Mailman did not start within 300 s: ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return {
    lmtpPort,
    rest,
    async stop() {
      // The runners are the master's children in its process group.
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch { /* already gone */ }
        await new Promise((r) => setTimeout(r, 2000));
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch { /* already gone */ }
      }
      // NP_KEEP_MAILMAN=1 keeps var/logs for a look after a failure.
      if (process.env.NP_KEEP_MAILMAN) console.info(`Mailman folder kept: ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}
