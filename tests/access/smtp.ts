import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  to: string[];
  from: string;
  raw: string;
}

export interface TestSmtp {
  /** smtp://127.0.0.1:<port>, for TESSERA_SMTP_URL. */
  url: string;
  mails: CapturedMail[];
  /** The first mail to `to` after the `after`th mail; fails after timeoutMs. */
  waitForMail(to: string, options?: { after?: number; timeoutMs?: number }): Promise<CapturedMail>;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (an ephemeral port) that keeps every message it receives. */
export async function startSmtpServer(): Promise<TestSmtp> {
  const mails: CapturedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  const address = await new Promise<AddressInfo>((resolve) => {
    const listening = server.listen(0, '127.0.0.1', () => resolve(listening.address() as AddressInfo));
  });
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    mails,
    async waitForMail(to, { after = 0, timeoutMs = 10_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = mails.slice(after).find((m) => m.to.includes(to.toLowerCase()));
        if (mail) return mail;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms (got ${mails.length})`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The reset token in a mail's text. */
export function resetTokenIn(mail: CapturedMail): string {
  const match = /tsr\.[a-z][a-z0-9-]{1,39}\.[A-Za-z0-9_-]{20,100}/.exec(mail.raw);
  if (!match) throw new Error(`no reset token in the mail:\n${mail.raw}`);
  return match[0];
}
