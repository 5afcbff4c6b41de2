import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface CapturedMail {
  to: string[];
  from: string;
  raw: string;
}

export interface TestSmtp {
  /** smtp://127.0.0.1:<port>, for TESSERA_SMTP_URL. */
  url: string;
  /** Every message the server process has reported so far, in order. */
  mails: CapturedMail[];
  /** The first mail to `to` after the `after`th mail; fails after timeoutMs. */
  waitForMail(to: string, options?: { after?: number; timeoutMs?: number }): Promise<CapturedMail>;
  close(): Promise<void>;
}

const SCRIPT = path.resolve(import.meta.dirname, '../support/smtp-server.mjs');

/**
 * A real SMTP server (the `smtp-server` package) in a child process of its own, on 127.0.0.1 and an
 * ephemeral port: the engine mails across a real socket to another process, as it would in production.
 * The child reports its port and each message it receives as JSON lines on stdout.
 */
export async function startSmtpServer(timeoutMs = 15_000): Promise<TestSmtp> {
  const child = spawn(process.execPath, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  const mails: CapturedMail[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the SMTP server process did not start in ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`the SMTP server process exited (${code}) before listening\n${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as { listening?: number; mail?: CapturedMail };
      if (message.mail) mails.push(message.mail);
      if (message.listening !== undefined) {
        clearTimeout(timer);
        resolve(message.listening);
      }
    });
  });

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitForMail(to, { after = 0, timeoutMs: wait = 10_000 } = {}) {
      const deadline = Date.now() + wait;
      for (;;) {
        const mail = mails.slice(after).find((m) => m.to.includes(to.toLowerCase()));
        if (mail) return mail;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${wait} ms (got ${mails.length})`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Closing its stdin stops it; if it lingers, it is killed.
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The reset token in a mail's text. */
export function resetTokenIn(mail: CapturedMail): string {
  const match = /tsr\.[a-z][a-z0-9-]{1,39}\.[A-Za-z0-9_-]{20,100}/.exec(mail.raw);
  if (!match) throw new Error(`no reset token in the mail:\n${mail.raw}`);
  return match[0];
}
