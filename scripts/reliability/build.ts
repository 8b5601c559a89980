/** `next build` when the sources changed since the last build; run by run.ts with stdout sent to stderr, keeping stdout for the report. */
import path from 'node:path';
import { buildIfNeeded } from '../lib/build';

buildIfNeeded({ root: path.resolve(import.meta.dirname, '../..'), log: (line) => console.error(`[reliability] ${line}`) });
