import { type EngineConfig, type Logger } from '../kernel/index.ts';
import { createKnex, createNotifier, findTenant, type Knex, type Notifier } from '../db/index.ts';
import { createModelCache, loadMetadata, type ModelCache } from '../metadata/index.ts';
import { createBuiltinRegistry, type FieldTypeRegistry } from '../field-types/index.ts';
import { createBuiltinOperators, type OperatorRegistry } from '../logic/index.ts';
import { METADATA_CHANNEL } from '../schema/index.ts';
import { compileModel, type CompiledModel } from '../contracts/index.ts';
import { createAccessCache, createCredentialResolver, createSmtpMailer, type AccessCache, type CredentialResolver, type Mailer } from '../access/index.ts';
import { AppError } from '../kernel/index.ts';

/** Everything a running engine instance holds, passed explicitly to the HTTP layer and the CLI. */
export interface Engine {
  config: EngineConfig;
  logger: Logger;
  knex: Knex;
  registry: FieldTypeRegistry;
  /** The rule operators (JSON-logic allowlist) every rule of this engine compiles against. */
  operators: OperatorRegistry;
  models: ModelCache<CompiledModel>;
  /** Session tokens and API keys → actors. */
  credentials: CredentialResolver;
  /** Users' computed access per object, reused while their tenant's access version stands. */
  accessCache: AccessCache;
  /** Outgoing mail, when TESSERA_SMTP_URL is set. */
  mailer: Mailer | undefined;
  notifier: Notifier;
  close(): Promise<void>;
}

/**
 * Wires one engine instance to a database: the knex pool, the field-type registry, the compiled
 * model cache and the LISTEN connection that drops cached models when any instance changes metadata.
 */
export async function createEngine(options: { config: EngineConfig; databaseUrl: string; logger: Logger; registry?: FieldTypeRegistry }): Promise<Engine> {
  const knex = createKnex(options.databaseUrl);
  const registry = options.registry ?? createBuiltinRegistry();
  const operators = createBuiltinOperators();
  const models = createModelCache<CompiledModel>(async (slug) => {
    const tenant = await findTenant(knex, slug);
    if (!tenant) throw new AppError('tenant_not_found');
    return compileModel(tenant, await loadMetadata(knex, tenant.schema), registry, operators);
  });
  const notifier = createNotifier(options.databaseUrl, options.logger);
  await notifier.subscribe(
    METADATA_CHANNEL,
    (payload) => {
      const separator = payload.lastIndexOf(':');
      const version = Number(payload.slice(separator + 1));
      if (separator > 0 && Number.isFinite(version)) models.invalidate(payload.slice(0, separator), version);
    },
    () => models.clear(),
  );
  const mailer = options.config.smtpUrl ? createSmtpMailer(options.config.smtpUrl, options.config.mailFrom) : undefined;
  return {
    config: options.config,
    logger: options.logger,
    knex,
    registry,
    operators,
    models,
    credentials: createCredentialResolver(knex),
    accessCache: createAccessCache(),
    mailer,
    notifier,
    async close() {
      mailer?.close();
      await notifier.close();
      await knex.destroy();
    },
  };
}
