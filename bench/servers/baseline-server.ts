// The hand-written baseline: plain Fastify + pg doing the same work as the generated API for the bench
// object — resolve the bearer session in the tenant's tables, validate with a hand-written ajv schema,
// run the same SQL, shape the same JSON.
import crypto from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { Ajv } from 'ajv';
import { uuidv7 } from 'uuidv7';
import { qualify, quoteIdent } from '../../engine/src/db/index.ts';

const schema = process.env.BENCH_SCHEMA as string; // a validated tenant schema name, e.g. t_bench
if (!/^t_[a-z0-9_]+$/.test(schema)) throw new Error('BENCH_SCHEMA must be a tenant schema');
const table = qualify(schema, 'bench_item');
pg.types.setTypeParser(1700, (v) => v);
pg.types.setTypeParser(1082, (v) => v);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify({ bodyLimit: 1024 * 1024 });

const statuses = ['new', 'open', 'won', 'lost', 'hold'];
const validateCreate = new Ajv({ allErrors: true }).compile({
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: 255 },
    status: { type: 'string', enum: statuses },
    amount: { type: 'number' },
    quantity: { type: 'integer' },
    score: { type: 'number' },
    active: { type: 'boolean' },
    due: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
    email: { type: 'string', maxLength: 254 },
    notes: { type: 'string', maxLength: 32000 },
    region: { type: 'string', maxLength: 255 },
  },
});

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
  status: r.status,
  amount: r.amount === null ? null : Number(r.amount),
  quantity: r.quantity === null ? null : Number(r.quantity),
  score: r.score === null ? null : Number(r.score),
  active: r.active,
  due: r.due,
  email: r.email,
  notes: r.notes,
  region: r.region,
});

async function userOf(authorization: string | undefined): Promise<string | undefined> {
  const token = authorization?.replace(/^Bearer /, '') ?? '';
  const secret = token.split('.')[2] ?? '';
  const hash = crypto.createHash('sha256').update(secret).digest('hex');
  const result = await pool.query(
    `select s.id, s.user_id, s.csrf_hash, u.email, u.is_admin, (select version from ${qualify(schema, '_access_state')}) as access_version from ${qualify(schema, '_sessions')} s join ${qualify(schema, '_users')} u on u.id = s.user_id where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now() and u.active`,
    [hash],
  );
  return result.rows[0]?.user_id;
}

app.get<{ Params: { id: string } }>('/base/bench_item/:id', async (request, reply) => {
  if (!(await userOf(request.headers.authorization))) return reply.status(401).send({ code: 'unauthorized' });
  const result = await pool.query(`select * from ${table} where id = $1 and deleted_at is null`, [request.params.id]);
  if (!result.rows[0]) return reply.status(404).send({ code: 'record_not_found' });
  return shape(result.rows[0]);
});

app.get<{ Querystring: { status: string } }>('/base/bench_item', async (request, reply) => {
  if (!(await userOf(request.headers.authorization))) return reply.status(401).send({ code: 'unauthorized' });
  const result = await pool.query(`select * from ${table} where deleted_at is null and status = $1 order by amount asc, id asc limit 51`, [request.query.status]);
  const items = result.rows.slice(0, 50).map(shape);
  return { items, next_cursor: result.rows.length > 50 ? Buffer.from(JSON.stringify([items[49]?.amount, items[49]?.id])).toString('base64url') : null };
});

// Two indexed fields (status, amount), sorted by amount descending then id (the engine breaks ties by id ascending), 50 rows: the query engine's bench.
app.get<{ Querystring: { status: string; min: string } }>('/base/bench_item/two-fields', async (request, reply) => {
  if (!(await userOf(request.headers.authorization))) return reply.status(401).send({ code: 'unauthorized' });
  const result = await pool.query(`select * from ${table} where deleted_at is null and status = $1 and amount >= $2 order by amount desc, id asc limit 51`, [request.query.status, request.query.min]);
  const items = result.rows.slice(0, 50).map(shape);
  return { items, next_cursor: result.rows.length > 50 ? Buffer.from(JSON.stringify([items[49]?.amount, items[49]?.id])).toString('base64url') : null };
});

app.post('/base/bench_item', async (request, reply) => {
  const user = await userOf(request.headers.authorization);
  if (!user) return reply.status(401).send({ code: 'unauthorized' });
  if (!validateCreate(request.body)) return reply.status(422).send({ code: 'validation_failed', errors: validateCreate.errors });
  const body = request.body as unknown as Row;
  const columns: Row = { id: uuidv7(), created_by: user, updated_by: user, owner_id: user, ...body };
  const names = Object.keys(columns);
  const result = await pool.query(`insert into ${table} (${names.map(quoteIdent).join(', ')}) values (${names.map((_, i) => `$${i + 1}`).join(', ')}) returning *`, Object.values(columns));
  return reply.status(201).send(shape(result.rows[0]));
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');
process.on('SIGTERM', () => process.exit(0)); // a clean exit, so --cpu-prof writes its profile
