/**
 * Finds a Chromium for the browser tests: CHROMIUM_PATH, else Playwright's own download, else
 * the system's. Where none exists it installs one (Playwright's download, then Debian's
 * package when running as root), else it stops and says what to install.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export type Chromium = { executablePath: string | undefined; source: 'env' | 'playwright' | 'system' };

function playwrightBrowser(): string | undefined {
  const require = createRequire(import.meta.url);
  const { chromium } = require('playwright-core') as { chromium: { executablePath(): string } };
  try {
    const p = chromium.executablePath();
    return fs.existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

function find(): Chromium | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return { executablePath: fromEnv, source: 'env' };
  }
  // Playwright's own build: the launcher knows where it is, so no executablePath is passed.
  if (playwrightBrowser()) return { executablePath: undefined, source: 'playwright' };
  const system = SYSTEM_BROWSERS.find((p) => fs.existsSync(p));
  return system ? { executablePath: system, source: 'system' } : undefined;
}

export function ensureChromium(log: (line: string) => void): Chromium {
  const found = find();
  if (found) return found;

  log('no Chromium found: trying `npx playwright install chromium`…');
  const pw = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit', timeout: 300_000 });
  if (pw.status === 0 && playwrightBrowser()) return { executablePath: undefined, source: 'playwright' };

  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    log("Playwright's download failed: installing Debian's chromium package…");
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const again = find();
    if (again) return again;
  }
  throw new Error(
    'No Chromium for the browser tests. Install one of: `npx playwright install chromium`, ' +
      "Debian/Ubuntu's `chromium` package (apt-get install chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary.",
  );
}

/** Flags for a system Chromium in a sandboxed, offline machine (harmless elsewhere). */
export const SYSTEM_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
