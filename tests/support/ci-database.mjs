// Creates or drops a database on a PostgreSQL server: node ci-database.mjs create|drop <server-url> <name>
import pg from 'pg';

const [action, url, name] = process.argv.slice(2);
if (!['create', 'drop'].includes(action) || !url || !/^[a-z][a-z0-9_]{0,62}$/.test(name ?? '')) {
  console.error('usage: ci-database.mjs create|drop <server-url> <database name>');
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
const ident = `"${name}"`; // name is restricted to [a-z0-9_] above
if (action === 'create') await client.query(`create database ${ident}`);
else await client.query(`drop database if exists ${ident} with (force)`);
await client.end();
console.log(`${action === 'create' ? 'created' : 'dropped'} database ${name}`);
