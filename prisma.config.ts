import { defineConfig } from 'prisma/config';

// Prisma 7 reads the connection URL from here, not from the schema, and does not load .env.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/preference_lab' },
});
