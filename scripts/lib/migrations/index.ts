/**
 * Prisma Migrate without Prisma's native schema engine, which machines that reach only the npm
 * registry cannot download. deploy needs nothing but `pg`; create and check use the schema
 * engine compiled to WebAssembly.
 */
export { deployMigrations, type DeployOptions } from './deploy';
export { migrationDatabaseUrl } from './database-url';
export { checkMigrations, createMigration, type CheckOptions, type CreateOptions } from './schema-engine';
