// The hand-written baseline of bench/search.ts: plain Fastify + pg answering a full-text search of the
// bench customers — resolve the bearer session in the tenant's tables, run the same search SQL as the
// engine (the same search column and index), shape the same JSON.
import crypto from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { qualify } from '../../engine/src/db/index.ts';

const schema = process.env.BENCH_SCHEMA as string;
if (!/^t_[a-z0-9_]+$/.test(schema)) throw new Error('BENCH_SCHEMA must be a tenant schema');
const table = qualify(schema, 'bench_customer');
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify();

type Row = Record<string, unknown>;
const shape = (r: Row) => ({
  id: r.id,
  created_at: (r.created_at as Date).toISOString(),
  created_by: r.created_by,
  updated_at: (r.updated_at as Date).toISOString(),
  updated_by: r.updated_by,
  owner_id: r.owner_id,
  version: r.version,
  name: r.name,
  name_en: r.name_en,
  phone: r.phone,
  email: r.email,
  city: r.city,
  amount: r.amount === null ? null : Number(r.amount),
});

async function userOf(authorization: string | undefined): Promise<string | undefined> {
  const secret = (authorization?.replace(/^Bearer /, '') ?? '').split('.')[2] ?? '';
  const hash = crypto.createHash('sha256').update(secret).digest('hex');
  const result = await pool.query(
    `select s.user_id from ${qualify(schema, '_sessions')} s join ${qualify(schema, '_users')} u on u.id = s.user_id where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now() and u.active`,
    [hash],
  );
  return result.rows[0]?.user_id;
}

app.get<{ Querystring: { q: string } }>('/base/search', async (request, reply) => {
  if (!(await userOf(request.headers.authorization))) return reply.status(401).send({ code: 'unauthorized' });
  const q = String(request.query.q ?? '').trim();
  if (q === '' || q.length > 200) return reply.status(400).send({ code: 'invalid_parameter' });
  const result = await pool.query(
    `select * from ${table} where deleted_at is null and _search @@ tessera.search_query($1) order by id asc limit 51`,
    [q],
  );
  const items = result.rows.slice(0, 50).map(shape);
  return { items, next_cursor: result.rows.length > 50 ? Buffer.from(JSON.stringify([items[49]?.id])).toString('base64url') : null };
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');
