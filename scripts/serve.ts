/**
 * The production server `npm start` runs (instead of `next start`), and the one the e2e tests and the HTTP
 * benchmarks start: Next.js's own request handler (the custom server Next.js documents: next({ dev: false, dir }),
 * app.getRequestHandler(), app.prepare()) behind a node:http server that first offers each request to the
 * labeler API's lane (lib/labeler-api/handle-labeler-lane.ts): the claim and the submit, answered by the same
 * functions as their App Router files, without Next.js's route-handler pipeline (issue 23). Everything else,
 * and everything with PREFLAB_LABELER_LANE=off, is Next.js's, untouched.
 *
 *   node --import tsx scripts/serve.ts [-p PORT] [-H HOSTNAME]   (else $PORT, default 3000; $HOSTNAME, default all interfaces)
 *
 * Prints Next.js's start lines; on SIGTERM/SIGINT stops taking connections, finishes open requests, closes
 * Next.js and exits as `next start` does (143/130). instrumentation.ts runs once, in app.prepare(), before it listens.
 */
import { createServer } from 'node:http';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const startedAt = Date.now();

function flag(names: string[]): string | undefined {
  const i = process.argv.findIndex((arg) => names.includes(arg));
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(flag(['-p', '--port']) ?? process.env.PORT ?? 3000);
const hostname = flag(['-H', '--hostname']) ?? process.env.HOSTNAME ?? undefined;
const laneSetting = (process.env.PREFLAB_LABELER_LANE ?? 'on').trim().toLowerCase();
if (laneSetting !== 'on' && laneSetting !== 'off') {
  console.error(`PREFLAB_LABELER_LANE must be on or off (it is ${JSON.stringify(process.env.PREFLAB_LABELER_LANE)})`);
  process.exit(1);
}
// Next.js reads it too (`next start` sets it); the lane's modules read it through lib/env.
(process.env as Record<string, string>).NODE_ENV = 'production';

/**
 * `server-only` throws when imported outside a React Server Components build, and the lane's modules
 * (lib/http/run-labeler-route.ts, lib/auth/require-labeler-access.ts) import it: here, and only for
 * this one package, its loaded module is its empty export (what the react-server condition resolves
 * it to in Next.js's build), put in the CommonJS cache before any of them is imported. The guard still
 * keeps those modules out of client bundles, which is all it is for.
 */
function loadServerOnlyAsServer() {
  const file = require.resolve('server-only', { paths: [root] });
  const stub = new Module(file);
  stub.filename = file;
  stub.loaded = true;
  stub.exports = {};
  require.cache[file] = stub;
}

async function main() {
  const { default: next } = await import('next');
  const log = require('next/dist/build/output/log.js') as { event: (m: string) => void; error: (m: string) => void };
  const appInfo = require('next/dist/server/lib/app-info-log.js') as {
    logStartInfo: (o: { networkUrl: string | null; appUrl: string | null; envInfo?: string[]; logBundler: boolean }) => void;
  };

  const app = next({ dev: false, dir: root, hostname, port });
  const handle = app.getRequestHandler();

  let lane: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean) | null = null;
  if (laneSetting === 'on') {
    loadServerOnlyAsServer();
    const { handleLabelerLane, laneHeadersFrom } = await import('../lib/labeler-api/handle-labeler-lane');
    const manifest = JSON.parse(fs.readFileSync(path.join(root, '.next', 'routes-manifest.json'), 'utf8')) as Parameters<
      typeof laneHeadersFrom
    >[0];
    try {
      const rules = laneHeadersFrom(manifest);
      // For e2e/labeler-lane.spec.ts only: a header saying the lane answered (its parity test strips it before comparing).
      const headersFor =
        process.env.PREFLAB_LABELER_LANE_MARK === '1'
          ? (h: Parameters<typeof rules>[0]) => ({ ...rules(h), 'x-labeler-lane': '1' })
          : rules;
      lane = (req, res) => handleLabelerLane(req, res, headersFor);
    } catch (error) {
      // A header rule the lane cannot apply as Next.js would: Next.js serves everything.
      log.error(`the labeler lane is off: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const server = createServer((req, res) => {
    if (lane?.(req, res)) return;
    void handle(req, res);
  });
  // Prepared before listening: Next.js's handler refuses requests until then (instrumentation.ts runs here, once).
  await app.prepare();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve());
  });

  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shown = !hostname || hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
  appInfo.logStartInfo({
    appUrl: `http://${shown.includes(':') ? `[${shown}]` : shown}:${actualPort}`,
    networkUrl: hostname ? `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${actualPort}` : null,
    logBundler: false,
  });
  log.event(`Ready in ${Date.now() - startedAt}ms${lane ? '' : ' (labeler lane off)'}`);

  let stopping = false;
  const stop = (signal: 'SIGTERM' | 'SIGINT') => {
    if (stopping) return;
    stopping = true;
    // As `next start`: no new connections, open requests finish, then Next.js closes and the process exits.
    server.close(() => {
      void app
        .close()
        .catch((error: unknown) => console.error(error))
        .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
