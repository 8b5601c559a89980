import { z } from 'zod';

// Runs in the browser before the app's modules. zod 4 compiles object parsers with `new Function`
// unless told not to, and merely probing for that is reported as a Content-Security-Policy
// violation (script-src has no 'unsafe-eval'): use its interpreter, which parses identically.
z.config({ jitless: true });
