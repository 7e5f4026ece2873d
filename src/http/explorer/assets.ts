// The explorer's files, all from packages npm ci installed (GraphiQL and the React it runs on): nothing is fetched
// from a CDN. Read and compressed on first use, then kept: a server nobody opens the explorer on never holds them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bootScript } from './page.js';

const require = createRequire(import.meta.url);

interface AssetSource {
  type: string;
  read(): Buffer;
}

/** A file of an installed package, found through its package.json (React's `exports` hide its UMD builds). */
const fromPackage = (name: string, file: string, type: string): AssetSource => ({
  type, read: () => readFileSync(join(dirname(require.resolve(`${name}/package.json`)), file)),
});

const SOURCES: Record<string, AssetSource> = {
  'react.js': fromPackage('react', 'umd/react.production.min.js', 'text/javascript; charset=utf-8'),
  'react-dom.js': fromPackage('react-dom', 'umd/react-dom.production.min.js', 'text/javascript; charset=utf-8'),
  'graphiql.js': fromPackage('graphiql', 'graphiql.min.js', 'text/javascript; charset=utf-8'),
  'graphiql.css': fromPackage('graphiql', 'graphiql.min.css', 'text/css; charset=utf-8'),
  'explorer.js': { type: 'text/javascript; charset=utf-8', read: () => Buffer.from(bootScript()) },
};

export interface Asset {
  type: string;
  body: Buffer;
  gzipped: Buffer;
}

const loaded = new Map<string, Asset>();

/** The named asset, or null when there is none of that name. */
export function explorerAsset(name: string): Asset | null {
  const source = SOURCES[name];
  if (!source) return null;
  let asset = loaded.get(name);
  if (!asset) {
    const body = source.read();
    asset = { type: source.type, body, gzipped: gzipSync(body, { level: 6 }) };
    loaded.set(name, asset);
  }
  return asset;
}
