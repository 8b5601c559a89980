import type { IncomingMessage, ServerResponse } from 'node:http';
import { LABELER_RESPONSE_HEADERS, type LabelerAnswer, type LabelerRequest } from '@/lib/http/run-labeler-route';
import { claimNextTask, submitAssignment } from '@/lib/labeler-api/answer-labeler-routes';

/**
 * The labeler API's two hot routes served beside Next.js (issue 23): scripts/serve.ts hands every
 * request to handleLabelerLane first, and to Next.js's own handler when the lane does not take it.
 * The lane runs the same functions as the App Router files it mirrors (lib/labeler-api/answer-labeler-routes.ts)
 * and sends their answers with the same headers, without Next.js's request pipeline around them
 * (NextRequest, routing, Web streams, compression wrapper, header rules: most of the CPU of a task).
 * It takes only what it answers exactly as the App Router would: POST to exactly one of the two
 * paths, each segment plain id characters, no query string; anything else (HEAD, GET, a trailing
 * slash, a query, a percent-encoded segment) goes to Next.js, which answers as without the lane.
 */

type Params = Record<string, string>;

/** The App Router files the lane mirrors (tests/unit/labeler-lane-routes.test.ts checks them), with the function each runs. */
export const LABELER_LANE_ROUTES: { file: string; answer: (request: LabelerRequest, params: Params) => Promise<LabelerAnswer> }[] = [
  {
    file: 'app/api/v1/projects/[projectId]/tasks/next/route.ts',
    answer: (request, params) => claimNextTask({ request, projectId: params.projectId ?? '' }),
  },
  {
    file: 'app/api/v1/projects/[projectId]/assignments/[assignmentId]/submit/route.ts',
    answer: (request, params) => submitAssignment({ request, projectId: params.projectId ?? '', assignmentId: params.assignmentId ?? '' }),
  },
];

/** The path pattern of an App Router route file: each [name] one segment of plain id characters (anything else is Next's). */
export function lanePathPattern(file: string): RegExp {
  const segments = file
    .replace(/^app\//, '')
    .replace(/\/route\.ts$/, '')
    .split('/')
    .filter((segment) => !/^\(.*\)$/.test(segment)) // route groups are not in the URL
    .map((segment) => {
      const param = /^\[(\w+)\]$/.exec(segment);
      if (param) return `(?<${param[1]}>[A-Za-z0-9_-]+)`;
      if (!/^[a-z0-9-]+$/.test(segment)) throw new Error(`the lane cannot serve the route segment ${segment} of ${file}`);
      return segment;
    });
  return new RegExp(`^/${segments.join('/')}$`);
}

const ROUTES = LABELER_LANE_ROUTES.map((route) => ({ ...route, pattern: lanePathPattern(route.file) }));

/** The lane route a request goes to, with its path parameters, or null when Next.js is to answer it. */
export function matchLabelerLane(method: string | undefined, url: string | undefined) {
  if (method !== 'POST' || !url) return null;
  for (const route of ROUTES) {
    const match = route.pattern.exec(url);
    if (match) return { route, params: { ...match.groups } };
  }
  return null;
}

/**
 * One of next.config.js's `headers()` rules as the build wrote it (.next/routes-manifest.json):
 * the lane adds the same headers Next.js would add to an API answer.
 */
export type HeaderRule = {
  source: string;
  regex: string;
  headers: { key: string; value: string }[];
  has?: { type: string; key: string; value?: string }[];
  missing?: { type: string; key: string; value?: string }[];
};

type RequestHeaders = IncomingMessage['headers'];

/**
 * The headers `rules` add to a response to a request with these headers, for the lane's paths. Only rules
 * whose conditions are request headers are understood (those next.config.js has); any other kind throws,
 * so the server turns the lane off rather than answer with other headers than Next.js's.
 */
export function headerRulesFor(rules: HeaderRule[]): (headers: RequestHeaders) => Record<string, string> {
  const applying = rules.filter((rule) => ROUTES.some((route) => new RegExp(rule.regex).test(samplePath(route.file))));
  for (const rule of applying) {
    for (const condition of [...(rule.has ?? []), ...(rule.missing ?? [])]) {
      if (condition.type !== 'header') throw new Error(`a headers() rule with a ${condition.type} condition (${rule.source})`);
    }
    if (!ROUTES.every((route) => new RegExp(rule.regex).test(samplePath(route.file)))) {
      throw new Error(`a headers() rule for some of the lane's paths only (${rule.source})`);
    }
    if (rule.headers.some((h) => h.value.includes(':'))) throw new Error(`a headers() rule with parameters (${rule.source})`);
  }
  // As Next.js matches `has` (prepare-destination.ts matchHas): present, or the last value matching ^value$.
  const holds = (condition: { key: string; value?: string }, headers: RequestHeaders) => {
    const value = headers[condition.key.toLowerCase()];
    if (!value) return false;
    if (!condition.value) return true;
    return new RegExp(`^${condition.value}$`).test(Array.isArray(value) ? (value.at(-1) ?? '') : value);
  };
  return (headers) => {
    const out: Record<string, string> = {};
    for (const rule of applying) {
      if (!(rule.has ?? []).every((c) => holds(c, headers)) || (rule.missing ?? []).some((c) => holds(c, headers))) continue;
      // Named as next.config.js names them: Next.js sends them so (the same bytes, though case does not matter to HTTP).
      for (const { key, value } of rule.headers) out[key] = value;
    }
    return out;
  };
}

/**
 * The headers Next.js adds to a route handler's answer, from the build's .next/routes-manifest.json:
 * next.config.js's `headers()` rules (headerRulesFor), then the App Router's `Vary` (rsc.varyHeader).
 */
export function laneHeadersFrom(manifest: { headers?: HeaderRule[]; rsc?: { varyHeader?: string } }) {
  const rules = headerRulesFor(manifest.headers ?? []);
  const vary = manifest.rsc?.varyHeader;
  return (headers: RequestHeaders): Record<string, string> => (vary ? { ...rules(headers), vary } : rules(headers));
}

/** A path the route file serves (its parameters filled in), to match header rules against. */
function samplePath(file: string): string {
  return `/${file
    .replace(/^app\//, '')
    .replace(/\/route\.ts$/, '')
    .split('/')
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => (segment.startsWith('[') ? '00000000-0000-4000-8000-000000000000' : segment))
    .join('/')}`;
}

/** The node:http request as the labeler routes read it. */
function labelerRequest(req: IncomingMessage): LabelerRequest {
  return {
    method: req.method ?? 'POST',
    url: `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`,
    headers: {
      get: (name) => {
        const value = req.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    // Not destroyed when reading stops early (413): the answer still goes out, and node:http drains the rest.
    body: req.iterator({ destroyOnReturn: false }),
  };
}

/**
 * Answers `req` when it is one of the lane's requests (true), else leaves it untouched for Next.js (false).
 * `headersFor` gives next.config.js's headers for the request (headerRulesFor).
 */
export function handleLabelerLane(
  req: IncomingMessage,
  res: ServerResponse,
  headersFor: (headers: RequestHeaders) => Record<string, string>,
): boolean {
  const matched = matchLabelerLane(req.method, req.url);
  if (!matched) return false;
  void matched.route.answer(labelerRequest(req), matched.params).then(
    (answer) => send(res, answer, headersFor(req.headers)),
    // answerLabelerRoute answers every error itself; this is only a failure to send.
    () => {
      if (!res.headersSent)
        send(res, { status: 500, body: { error: 'Something went wrong on our side. Nothing was saved; please try again.' } }, {});
      else res.destroy();
    },
  );
  return true;
}

function send(res: ServerResponse, answer: LabelerAnswer, extra: Record<string, string>) {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...extra,
    ...LABELER_RESPONSE_HEADERS,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
