import type { FastifyRequest } from 'fastify';
import type { RecordContext } from '../records/index.ts';
import type { Engine } from './engine.ts';
import { actorOf, credentialOf } from './auth.ts';

/** What a record operation is given for this request: the database, the tenant's compiled model, the actor and their reusable access. */
export async function recordContextOf(engine: Engine, request: FastifyRequest): Promise<RecordContext> {
  const actor = actorOf(request);
  const accessReuse = { cache: engine.accessCache, version: credentialOf(request).accessVersion };
  return { knex: engine.knex, model: await engine.models.get(actor.tenant.slug), actor, accessReuse };
}
