/**
 * Where the app's CPU goes in a `node --cpu-prof` profile of the production server, by owner:
 *   npx tsx scripts/bench/profile-summary.ts DIR [--json]
 * DIR is what `npm run bench -- assign --profile DIR` wrote: one .cpuprofile (the newest is read)
 * and phases.json (when each HTTP phase ran and its claims and submits), so only the samples of the
 * HTTP phases count and each bucket is divided by that phase's requests. Frames are mapped through
 * the build's source maps (.next/server/**\/*.js.map) to the file they came from. Buckets are shares
 * of the phase's non-idle samples (sample counts, not the gaps between samples: on a loaded machine
 * the sampler is descheduled and a gap is wall time, not CPU) times the app's CPU time the benchmark
 * measured for the phase (phases.json appCpuMs; without it, samples × the median interval).
 *
 * Self time: each sample goes to the owner of its innermost frame; Node's own frames (node:internal,
 * natives such as writev) have no owner and go to the nearest caller that has one (a socket write pg
 * makes is pg's), or to "Node HTTP, net, event loop" when nothing above them has one. GC, JSON and
 * V8's unattributed "(program)" are buckets of their own. Inclusive time: a sample counts once for
 * every owner anywhere on its stack (the buckets overlap). "claim" / "submit": the share of samples
 * whose stack shows code only that route runs; stacks are synchronous, so the rest (Next.js, HTTP,
 * anything after an await) cannot be told apart and is listed as "either".
 */
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
type Phase = { labelers: number; startUs: number; endUs: number; claims: number; submits: number; appCpuMs?: number | null };

export const BUCKETS = [
  'Next.js server and routing',
  'Web Request/Response and streams',
  'session (next-auth/jose)',
  'our code (app/, lib/)',
  'zod',
  'pg (protocol, pool, sockets)',
  'Prisma',
  'next-intl',
  'other packages',
  'JSON',
  'GC',
  'Node HTTP, net, event loop',
  'V8 unattributed (program)',
] as const;
type Bucket = (typeof BUCKETS)[number];

const CLAIM = [
  /app\/api\/v1\/projects\/\[projectId\]\/tasks\/next\//,
  /lib\/tasks\/claim/,
  /get-ranking-task-payload/,
  /lib\/tasks\/slots/,
];
const SUBMIT = [
  /assignments\/\[assignmentId\]\/submit\//,
  /lib\/tasks\/submit/,
  /lib\/tasks\/kinds\/rank/,
  /lib\/judgments\//,
  /read-json-body/,
];

const maps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    try {
      const file = url.startsWith('file://') ? fileURLToPath(url) : url;
      if (file.includes('/.next/') && fs.existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return maps.get(url) ?? null;
}

/** The original source of a frame: its mapped file when the build has a source map, else its URL. */
function sourceOf(frame: CallFrame): string {
  const map = frame.url ? sourceMapOf(frame.url) : null;
  if (map && frame.lineNumber >= 0) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string };
    if (entry.originalSource) return decodeURIComponent(entry.originalSource); // %40panva → @panva
  }
  return frame.url;
}

/** The owner of one frame, or null for Node's own frames (they go to their caller). */
function ownerOf(frame: CallFrame, source: string): Bucket | null {
  const name = frame.functionName;
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)') return 'V8 unattributed (program)';
  if (!frame.url && (name === 'parse' || name === 'stringify' || name === 'JSON.parse' || name === 'JSON.stringify')) return 'JSON';
  if (/node_modules\/(next-auth|jose|@panva|oauth|openid-client)\//.test(source)) return 'session (next-auth/jose)';
  if (/node_modules\/zod\//.test(source)) return 'zod';
  if (/node_modules\/(pg|pg-protocol|pg-pool|pg-types|pg-connection-string|postgres-[a-z]+|kysely)\//.test(source))
    return 'pg (protocol, pool, sockets)';
  if (/node_modules\/(@prisma|prisma)\//.test(source)) return 'Prisma';
  if (/node_modules\/(next-intl|use-intl|@formatjs)\//.test(source)) return 'next-intl';
  if (
    /node_modules\/next\/dist\/(compiled\/(@edge-runtime|undici|web-streams)|server\/web\/spec-extension|server\/base-http\/web)/.test(
      source,
    )
  )
    return 'Web Request/Response and streams';
  if (/node:internal\/(webstreams|deps\/undici|blob|abort_controller|event_target)/.test(source)) return 'Web Request/Response and streams';
  if (/node_modules\/(next|react|react-dom|react-server-dom-[a-z]+|@next|styled-jsx)\//.test(source)) return 'Next.js server and routing';
  if (/\.next\/server\//.test(source) || /\[turbopack\]|turbopack:/.test(source)) {
    return /\[project\]\/(app|lib|i18n|instrumentation|proxy|components)/.test(source)
      ? 'our code (app/, lib/)'
      : 'Next.js server and routing';
  }
  if (/\[project\]\/(app|lib|i18n|components)\/|\/(app|lib)\/[^:]*\.tsx?$/.test(source) && !source.includes('node_modules'))
    return 'our code (app/, lib/)';
  if (/node_modules\//.test(source)) return 'other packages';
  return null; // node:internal, node:*, natives without a URL, (root), (idle)
}

export type Summary = {
  phase: Phase | null;
  requests: number;
  sampledMs: number;
  /** Milliseconds of app CPU per request (claims and submits together) by bucket. */
  selfMsPerRequest: Record<string, number>;
  inclusiveMsPerRequest: Record<string, number>;
  /** Self time per request by bucket, of samples whose stack shows claim-only / submit-only code; the rest is "either". */
  byRoute: Record<'claim' | 'submit' | 'either', Record<string, number>>;
  /** The frames with the most self time: ms per request, bucket, function and source line. */
  top: { ms: number; bucket: string; frame: string }[];
};

export function summarise(profile: Profile, phase: Phase | null, topN = 0): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  type Info = { self: Bucket | null; stackOwners: Set<Bucket>; route: 'claim' | 'submit' | 'either' };
  const info = new Map<number, Info>();
  const infoOf = (id: number): Info => {
    const known = info.get(id);
    if (known) return known;
    const node = byId.get(id);
    if (!node) throw new Error(`profile node ${id} is missing`);
    const source = sourceOf(node.callFrame);
    const owner = ownerOf(node.callFrame, source);
    const up = parent.has(id) ? infoOf(parent.get(id) ?? 0) : { self: null, stackOwners: new Set<Bucket>(), route: 'either' as const };
    const stackOwners = new Set(up.stackOwners);
    if (owner) stackOwners.add(owner);
    const route =
      up.route !== 'either'
        ? up.route
        : CLAIM.some((r) => r.test(source))
          ? 'claim'
          : SUBMIT.some((r) => r.test(source))
            ? 'submit'
            : 'either';
    const result: Info = { self: owner ?? up.self, stackOwners, route };
    info.set(id, result);
    return result;
  };
  const self: Record<string, number> = {};
  const inclusive: Record<string, number> = {};
  const byRoute: Summary['byRoute'] = { claim: {}, submit: {}, either: {} };
  const frames: Record<string, { bucket: string; n: number }> = {};
  const intervals: number[] = [];
  let samples = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (phase && (t < phase.startUs || t > phase.endUs)) continue;
    const node = byId.get(profile.samples[i] ?? -1);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    intervals.push(profile.timeDeltas[i + 1] ?? 0);
    const { self: owner, stackOwners, route } = infoOf(node.id);
    const bucket = owner ?? 'Node HTTP, net, event loop';
    samples += 1;
    self[bucket] = (self[bucket] ?? 0) + 1;
    for (const b of new Set([...stackOwners, bucket])) inclusive[b] = (inclusive[b] ?? 0) + 1;
    byRoute[route][bucket] = (byRoute[route][bucket] ?? 0) + 1;
    if (topN > 0) {
      const f = node.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${sourceOf(f)
        .replace(/^.*node_modules\//, '')
        .replace(/^.*\[project\]\//, '')}:${f.lineNumber + 1}`;
      (frames[key] ??= { bucket, n: 0 }).n += 1;
    }
  }
  intervals.sort((a, b) => a - b);
  const sampleMs = phase?.appCpuMs ? phase.appCpuMs / Math.max(samples, 1) : (intervals[Math.floor(intervals.length / 2)] ?? 0) / 1000;
  const requests = phase ? phase.claims + phase.submits : 1;
  const ms = (n: number) => Math.round(((n * sampleMs) / requests) * 1000) / 1000;
  const perRequest = (r: Record<string, number>) => Object.fromEntries(BUCKETS.filter((b) => r[b]).map((b) => [b, ms(r[b] ?? 0)]));
  return {
    phase,
    requests,
    sampledMs: Math.round(samples * sampleMs),
    selfMsPerRequest: perRequest(self),
    inclusiveMsPerRequest: perRequest(inclusive),
    byRoute: { claim: perRequest(byRoute.claim), submit: perRequest(byRoute.submit), either: perRequest(byRoute.either) },
    top: Object.entries(frames)
      .sort((a, b) => b[1].n - a[1].n)
      .slice(0, topN)
      .map(([frame, { bucket, n }]) => ({ ms: ms(n), bucket, frame })),
  };
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, top: { type: 'string', default: '0' } },
  });
  const dir = positionals[0];
  if (!dir) throw new Error('usage: profile-summary.ts DIR (a folder written by npm run bench -- assign --profile DIR)');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!files[0]) throw new Error(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(fs.readFileSync(files[0], 'utf8')) as Profile;
  const phasesFile = path.join(dir, 'phases.json');
  const phases: (Phase | null)[] = fs.existsSync(phasesFile) ? (JSON.parse(fs.readFileSync(phasesFile, 'utf8')) as Phase[]) : [null];
  const summaries = phases.map((p) => summarise(profile, p, Number(values.top)));
  if (values.json) {
    console.log(JSON.stringify({ profile: files[0], summaries }));
    return;
  }
  for (const s of summaries) {
    const title = s.phase
      ? `${s.phase.labelers} labelers: ${s.phase.claims} claims + ${s.phase.submits} submits, ${s.sampledMs} ms of app CPU`
      : `whole profile (no phases.json): ${s.sampledMs} ms sampled, figures in ms`;
    console.log(`\n${title}; ms of app CPU per request`);
    console.log(
      `${'bucket'.padEnd(36)} ${'self'.padStart(7)} ${'incl.'.padStart(7)} ${'claim'.padStart(7)} ${'submit'.padStart(7)} ${'either'.padStart(7)}`,
    );
    const cell = (v: number | undefined) => (v === undefined ? '' : v.toFixed(3)).padStart(7);
    for (const b of BUCKETS) {
      if (s.selfMsPerRequest[b] === undefined && s.inclusiveMsPerRequest[b] === undefined) continue;
      console.log(
        `${b.padEnd(36)} ${cell(s.selfMsPerRequest[b])} ${cell(s.inclusiveMsPerRequest[b])} ${cell(s.byRoute.claim[b])} ${cell(s.byRoute.submit[b])} ${cell(s.byRoute.either[b])}`,
      );
    }
    const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    console.log(
      `${'total'.padEnd(36)} ${cell(total(s.selfMsPerRequest))} ${''.padStart(7)} ${cell(total(s.byRoute.claim))} ${cell(total(s.byRoute.submit))} ${cell(total(s.byRoute.either))}`,
    );
    if (s.top.length) console.log(`\ntop frames by self time (ms per request):`);
    for (const f of s.top) console.log(`${f.ms.toFixed(3).padStart(7)}  ${f.bucket.padEnd(34)} ${f.frame}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
