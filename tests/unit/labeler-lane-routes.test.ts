import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABELER_LANE_ROUTES, laneHeadersFrom, matchLabelerLane, type HeaderRule } from '@/lib/labeler-api/handle-labeler-lane';

// Issue 23 (lane): scripts/serve.ts answers two paths beside Next.js. They must be exactly the App Router
// files whose logic it shares, so no other route (a new one included) is ever answered by the lane instead.

const root = path.resolve(import.meta.dirname, '../..');
const ID = '3f1c2a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c';

function routeFiles(dir = path.join(root, 'app')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [path.relative(root, full).split(path.sep).join('/')] : [];
  });
}

/** A URL the route file serves: dynamic segments filled with an id, route groups left out. */
function urlOf(file: string): string {
  const segments = file
    .replace(/^app\//, '')
    .replace(/\/route\.ts$/, '')
    .split('/');
  return `/${segments
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => (s.startsWith('[') ? ID : s))
    .join('/')}`;
}

describe('the labeler lane (lib/labeler-api/handle-labeler-lane.ts)', () => {
  it('serves exactly the App Router files that run the shared labeler routes, each with its POST', () => {
    const files = routeFiles();
    const lane = LABELER_LANE_ROUTES.map((r) => r.file).sort();
    expect(lane).toEqual([
      'app/api/v1/projects/[projectId]/assignments/[assignmentId]/submit/route.ts',
      'app/api/v1/projects/[projectId]/tasks/next/route.ts',
    ]);
    // The route files calling the shared functions are the lane's files, and they export POST only.
    const sharing = files
      .filter((f) => fs.readFileSync(path.join(root, f), 'utf8').includes('@/lib/labeler-api/answer-labeler-routes'))
      .sort();
    expect(sharing).toEqual(lane);
    for (const file of lane) {
      const source = fs.readFileSync(path.join(root, file), 'utf8');
      expect(source.match(/export (async )?function (\w+)/g)).toEqual(['export async function POST']);
    }
  });

  it('takes no other route file’s URL, and each of its own only for its own file', () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const matched = matchLabelerLane('POST', urlOf(file));
      expect(matched?.route.file ?? null, file).toBe(LABELER_LANE_ROUTES.some((r) => r.file === file) ? file : null);
    }
  });

  it('leaves to Next.js anything but a plain POST to the exact path', () => {
    const claim = `/api/v1/projects/${ID}/tasks/next`;
    expect(matchLabelerLane('POST', claim)?.params).toEqual({ projectId: ID });
    expect(matchLabelerLane('POST', `/api/v1/projects/${ID}/assignments/${ID}/submit`)?.params).toEqual({
      projectId: ID,
      assignmentId: ID,
    });
    for (const [method, url] of [
      ['GET', claim],
      ['HEAD', claim],
      ['PUT', claim],
      ['POST', `${claim}/`],
      ['POST', `${claim}?x=1`],
      ['POST', `/api/v1/projects/${ID.replace(/-/g, '%2D')}/tasks/next`],
      ['POST', `//api/v1/projects/${ID}/tasks/next`],
      ['POST', `/api/v1/projects/${ID}/tasks/next/extra`],
      ['POST', `/api/v1/projects/${ID}/assignments//submit`],
    ] as const) {
      expect(matchLabelerLane(method, url), `${method} ${url}`).toBeNull();
    }
  });

  it('adds next.config.js’s headers as Next.js would (has on a request header), and refuses rules it cannot apply alike', () => {
    const rules: HeaderRule[] = [
      { source: '/:path*', regex: '^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))?(?:/)?$', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] },
      {
        source: '/:path*',
        regex: '^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))?(?:/)?$',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https(,.*)?' }],
        headers: [{ key: 'Strict-Transport-Security', value: 'max-age=31536000' }],
      },
      { source: '/other', regex: '^/other$', headers: [{ key: 'X-Other', value: '1' }] },
    ];
    const headersFor = laneHeadersFrom({ headers: rules, rsc: { varyHeader: 'rsc' } });
    expect(headersFor({})).toEqual({ 'X-Frame-Options': 'DENY', vary: 'rsc' });
    expect(headersFor({ 'x-forwarded-proto': 'https, http' })).toEqual({
      'X-Frame-Options': 'DENY',
      'Strict-Transport-Security': 'max-age=31536000',
      vary: 'rsc',
    });
    expect(headersFor({ 'x-forwarded-proto': 'http' })).toEqual({ 'X-Frame-Options': 'DENY', vary: 'rsc' });
    const cookieRule = { ...rules[1]!, has: [{ type: 'cookie', key: 'x' }] };
    expect(() => laneHeadersFrom({ headers: [cookieRule] })).toThrow(/cookie condition/);
    const submitOnly: HeaderRule = { source: '/api/:p*/submit', regex: '^/api/.*/submit$', headers: [{ key: 'X-Y', value: '1' }] };
    expect(() => laneHeadersFrom({ headers: [submitOnly] })).toThrow(/some of the lane's paths only/);
  });
});
