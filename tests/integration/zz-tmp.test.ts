import { it, expect } from 'vitest';
import { testDatabaseUrl } from '../helpers/database-per-file';
it('same', () => { expect(testDatabaseUrl).toBe(process.env.DATABASE_URL); });
