import pg from 'pg';
import type { Logger } from '../kernel/index.ts';
import { quoteIdent } from './quote.ts';
import type { Knex } from './knex.ts';

export interface Notifier {
  /** Calls `onMessage` for each NOTIFY on `channel`; `onReset` when the connection was lost and messages may have been missed. */
  subscribe(channel: string, onMessage: (payload: string) => void, onReset: () => void): Promise<void>;
  close(): Promise<void>;
}

/** Sends a NOTIFY inside `trx`: PostgreSQL delivers it only if and when the transaction commits. */
export async function notify(trx: Knex | Knex.Transaction, channel: string, payload: string): Promise<void> {
  await trx.raw('select pg_notify(?, ?)', [channel, payload]);
}

/** A dedicated LISTEN connection that reconnects by itself. */
export function createNotifier(url: string, logger: Logger): Notifier {
  const subscriptions = new Map<string, { onMessage: (payload: string) => void; onReset: () => void }>();
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let started = false;

  const reconnectSoon = () => {
    if (closed || !started || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect(true).catch((err: unknown) => {
        logger.warn({ err }, 'metadata LISTEN reconnect failed; retrying');
        reconnectSoon();
      });
    }, 500);
  };

  const connect = async (reconnecting: boolean): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: 'tessera-listen' });
    next.on('notification', (msg) => {
      const sub = subscriptions.get(msg.channel);
      if (sub) sub.onMessage(msg.payload ?? '');
    });
    const lost = (err?: Error) => {
      if (closed || client !== next) return;
      logger.warn({ err }, 'metadata LISTEN connection lost; reconnecting');
      client = undefined;
      for (const sub of subscriptions.values()) sub.onReset();
      reconnectSoon();
    };
    next.on('error', lost);
    next.on('end', () => lost());
    client = next;
    try {
      await next.connect();
      for (const channel of subscriptions.keys()) await next.query(`listen ${quoteIdent(channel)}`);
    } catch (err) {
      if (client === next) client = undefined;
      await next.end().catch(() => {});
      throw err;
    }
    if (closed) {
      // close() ran while this connection was being opened.
      await next.end().catch(() => {});
      return;
    }
    started = true;
    // NOTIFYs sent while nothing listened are lost: drop whatever was cached in the meantime too.
    if (reconnecting) for (const sub of subscriptions.values()) sub.onReset();
  };

  return {
    async subscribe(channel, onMessage, onReset) {
      subscriptions.set(channel, { onMessage, onReset });
      if (!client) await connect(false);
      else await client.query(`listen ${quoteIdent(channel)}`);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = undefined;
      if (current) await current.end().catch(() => {});
    },
  };
}
