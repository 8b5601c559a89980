/**
 * V8 settings of the production server (`next start`), in NODE_OPTIONS so `next`'s own launcher
 * passes them on. A server allocates per request (Web Request/Response objects, streams, pg rows,
 * JSON) and most of it dies young: with V8's default 16 MB semi-space the young generation is
 * scavenged often enough to be 5–6 % of the app's CPU under the labeler API's load; 64 MB cut that
 * to 2–3 % (docs/decisions.md, "Issue 23 (http)"), for up to ~100 MB more memory when fully used.
 */
export const SERVER_NODE_OPTIONS = '--max-semi-space-size=64';

/** NODE_OPTIONS with the server's settings added to what the environment already sets (those win: they come last). */
export function serverNodeOptions(current: string | undefined = process.env.NODE_OPTIONS): string {
  return [SERVER_NODE_OPTIONS, current?.trim()].filter(Boolean).join(' ');
}
