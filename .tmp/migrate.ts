import { openDatabase } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { Metrics } from '../src/metrics.js';
const url = process.argv[2]!;
const database = await openDatabase({ kind: 'postgres', url }, new Metrics());
await runMigrations(database, url);
await database.close();
console.log('migrated', url);
