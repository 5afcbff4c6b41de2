import knexFactory, { type Knex } from 'knex';
import { quoteIdent } from './quote.ts';
import { engineTypes } from './pg-types.ts';

export type { Knex };

export interface KnexOptions {
  poolMax?: number;
  applicationName?: string;
}

/** A knex instance whose identifier quoting is our `quoteIdent`. */
export function createKnex(url: string, options: KnexOptions = {}): Knex {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, types: engineTypes, application_name: options.applicationName ?? 'tessera' } as Knex.PgConnectionConfig,
    pool: { min: 0, max: options.poolMax ?? 10 },
    wrapIdentifier: (value: string) => (value === '*' ? value : quoteIdent(value)),
  });
}
