// The generated API under test: a real engine instance on DATABASE_URL, listening on PORT.
import { buildApp, createEngine } from '../../engine/src/http/index.ts';
import { loadConfig, silentLogger } from '../../engine/src/kernel/index.ts';

const config = loadConfig();
const databaseUrl = process.env.DATABASE_URL as string;
const engine = await createEngine({ config, databaseUrl, logger: silentLogger });
const app = await buildApp(engine);
await app.listen({ port: config.port, host: '127.0.0.1' });
console.log('ready');
process.on('SIGTERM', () => process.exit(0)); // a clean exit, so --cpu-prof writes its profile
