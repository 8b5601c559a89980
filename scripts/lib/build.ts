import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const INPUTS = [
  'app',
  'components',
  'lib',
  'public',
  'generated',
  'i18n',
  'messages',
  'proxy.ts',
  'instrumentation.ts',
  'instrumentation-client.ts',
  'next.config.js',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
];

/** A fingerprint of everything the production build reads: paths, sizes and modification times. */
function fingerprint(root: string): string {
  const hash = createHash('sha256');
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    } else {
      hash.update(`${path.relative(root, p)}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  for (const input of INPUTS) walk(path.join(root, input));
  return hash.digest('hex');
}

/** Runs `next build` unless the last build was made from the same sources. */
export function buildIfNeeded(options: { root: string; log: (line: string) => void; force?: boolean }): void {
  const { root, log } = options;
  const stamp = path.join(root, '.next', 'preference-lab-build.txt');
  const current = fingerprint(root);
  const previous = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8') : '';
  if (!options.force && previous === current && fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    log('the build is up to date');
    return;
  }
  log('building the app (next build)…');
  execFileSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  // Fingerprint again: `next build` may itself rewrite inputs (tsconfig.json, next-env.d.ts).
  fs.writeFileSync(stamp, fingerprint(root));
}
