import postgres from 'postgres';
import { rowsMarker, seedMarker } from '../bench/lib/bench-db.ts';
import { SIZES } from '../bench/lib/options.ts';
const [url, size, kind] = process.argv.slice(2) as [string, 'small', string];
const sql = postgres(url, { max: 1 });
const value = kind === 'rows' ? rowsMarker(SIZES[size]) : seedMarker(SIZES[size]);
await sql`update bench_meta set value = ${value} where key = 'seed'`;
console.log(await sql`select value from bench_meta`);
await sql.end();
