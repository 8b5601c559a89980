/**
 * createMigration / checkMigrations: Prisma's schema engine compiled to WebAssembly
 * (@prisma/schema-engine-wasm), driven through @prisma/adapter-pg. It works in temporary
 * databases it creates (and drops) on the given server; the database in the URL is only used
 * to issue CREATE/DROP DATABASE and is never modified.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  DriverAdapterError,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import * as schemaEngineWasm from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaContainer, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { deployMigrations } from './deploy';
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH, errorMessage, LOCKFILE_CONTENT, LOCKFILE_NAME, readLocalMigrations } from './folder';

const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

export type CreateOptions = {
  /** A server where temporary databases may be created; the database in the URL is not modified. */
  databaseUrl: string;
  name: string;
  schemaPath?: string;
  migrationsDir?: string;
};

/** Writes the next migration; `path` is its migration.sql, or null when the schema has not changed. */
export async function createMigration({
  databaseUrl,
  name,
  schemaPath = DEFAULT_SCHEMA_PATH,
  migrationsDir = DEFAULT_MIGRATIONS_DIR,
}: CreateOptions): Promise<{ path: string | null }> {
  const migrationName = migrationSlug(name);
  if (!migrationName) throw new Error(`Invalid migration name ${JSON.stringify(name)}: use letters, digits and underscores`);
  const schema = await readSchema(schemaPath);
  const migrationsList = await engineMigrationList(migrationsDir);
  const output = await withSchemaEngine(databaseUrl, schema, async (engine, scratchUrl) => {
    // The Wasm engine cannot build the migrations' schema in createMigration itself (it has no
    // shadow database there: "PostgreSQL shadow DB must be provided through an external factory").
    // It reuses what devDiagnostic cached for the migrations applied to its main database, so, as
    // in `prisma migrate dev`, that database must be up to date first.
    await deployMigrations({ databaseUrl: scratchUrl, migrationsDir });
    const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
    if (action.tag === 'reset') throw new Error(`The migrations folder is inconsistent: ${action.reason}`);
    return engine.createMigration({ draft: false, migrationName, migrationsList, schema: { files: [schema] }, filters: NO_FILTERS });
  });
  if (output.migrationScript === null) return { path: null };

  // Same files, in the same order, as `prisma migrate dev --create-only`.
  const directory = path.join(migrationsDir, output.generatedMigrationName);
  await fs.mkdir(migrationsDir, { recursive: true });
  await fs.mkdir(directory);
  const file = path.join(directory, `migration.${output.extension}`);
  await fs.writeFile(file, output.migrationScript, 'utf8');
  await fs.writeFile(path.join(migrationsDir, LOCKFILE_NAME), LOCKFILE_CONTENT, 'utf8');
  return { path: file };
}

export type CheckOptions = {
  /** A server where temporary databases may be created; the database in the URL is not modified. */
  databaseUrl: string;
  schemaPath?: string;
  migrationsDir?: string;
};

/** Whether applying every migration yields exactly the schema; diffSql is what is missing when not. */
export async function checkMigrations({
  databaseUrl,
  schemaPath = DEFAULT_SCHEMA_PATH,
  migrationsDir = DEFAULT_MIGRATIONS_DIR,
}: CheckOptions): Promise<{ inSync: boolean; diffSql: string }> {
  const schema = await readSchema(schemaPath);
  const migrationsList = await engineMigrationList(migrationsDir);
  const result = await withSchemaEngine(databaseUrl, schema, (engine) =>
    engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    }),
  );
  // With exitCode set, the engine answers 2 when the diff is not empty.
  const inSync = result.exitCode === 0;
  return { inSync, diffSql: inSync ? '' : (result.stdout ?? '') };
}

/** Close to the slugify Prisma's CLI applies: camelCase split, lower case, `_` separators, at most 200 characters. */
function migrationSlug(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z\d]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 200);
}

async function readSchema(schemaPath: string): Promise<SchemaContainer> {
  return { path: schemaPath, content: await fs.readFile(schemaPath, 'utf8') };
}

/** The folder as Prisma's CLI hands it to the engine. */
async function engineMigrationList(migrationsDir: string): Promise<MigrationList> {
  const lockfile = await fs.readFile(path.join(migrationsDir, LOCKFILE_NAME), 'utf8').catch(() => null);
  const migrations = await readLocalMigrations(migrationsDir);
  return {
    baseDir: migrationsDir,
    // Without a lock file the engine cannot tell the provider of a migrations folder; ours is always PostgreSQL.
    lockfile: { path: LOCKFILE_NAME, content: lockfile ?? LOCKFILE_CONTENT },
    shadowDbInitScript: '',
    migrationDirectories: migrations.map(({ name, sql }) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: sql === null ? { tag: 'error', value: `${name}/migration.sql is missing` } : { tag: 'ok', value: sql },
      },
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Running the Wasm schema engine

type EngineModule = typeof schemaEngineWasm;
let loadedEngine: Promise<EngineModule> | undefined;
let lastPanic = '';

/** The package's entry point imports the .wasm file as an ES module, which only bundlers do; instantiate it ourselves. */
function loadSchemaEngine(): Promise<EngineModule> {
  loadedEngine ??= (async () => {
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
      set_message: (message: string) => (lastPanic = message),
    };
    const require = createRequire(import.meta.url);
    const glue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await fs.readFile(path.join(path.dirname(glue), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': { ...schemaEngineWasm } });
    schemaEngineWasm.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return schemaEngineWasm;
  })();
  return loadedEngine;
}

/** Runs the engine with a fresh, empty main database (its URL is passed on) and drops every database it made. */
async function withSchemaEngine<T>(
  serverUrl: string,
  schema: SchemaContainer,
  run: (engine: SchemaEngine, scratchUrl: string) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadSchemaEngine();
  const databases = new ScratchDatabases(serverUrl);
  try {
    const scratchUrl = await databases.create('scratch');
    const factory = bindMigrationAwareSqlAdapterFactory(databases.adapterFactory(scratchUrl));
    const engine = await explainEngineErrors(factory.errorRegistry, () =>
      SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, () => {}, factory),
    );
    try {
      return await explainEngineErrors(factory.errorRegistry, () => run(engine, scratchUrl));
    } finally {
      engine.free();
    }
  } finally {
    await databases.dropAll();
  }
}

/** The engine reports JavaScript-side failures as "External error id#N"; put the real error back. */
async function explainEngineErrors<T>(registry: ErrorRegistry, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      throw new Error(`The schema engine crashed: ${lastPanic || error.message}`, { cause: error });
    }
    const id = /External error id#(\d+)/.exec(errorMessage(error))?.[1];
    const external = id === undefined ? undefined : registry.consumeError(Number(id));
    if (external) throw new Error(`${errorMessage(error).split('\n')[0]}: ${errorMessage(external.error)}`, { cause: external.error });
    // Engine errors end with a Rust span trace ("   0: schema_engine_wasm::…") that only names engine internals.
    if (error instanceof Error) error.message = error.message.replace(/\n\s+0: [\s\S]*$/, '');
    throw error;
  }
}

/**
 * The engine's databases: a scratch "main" database and its shadow databases, all created here
 * with unique names. adapter-pg's own connectToShadowDb is not used: given a connection string
 * it connects the "shadow" pool to the main database.
 */
class ScratchDatabases {
  private readonly created: string[] = [];
  private readonly adapters: SqlDriverAdapter[] = [];
  private admin: pg.Client | undefined;

  constructor(private readonly serverUrl: string) {}

  adapterFactory(mainUrl: string): SqlMigrationAwareDriverAdapterFactory {
    const connectTo = async (url: string) => {
      const adapter = engineAdapter(await new PrismaPg({ connectionString: url, Client: CharTaggingClient }).connect());
      this.adapters.push(adapter);
      return adapter;
    };
    return {
      provider: 'postgres',
      adapterName: '@prisma/adapter-pg',
      connect: () => connectTo(mainUrl),
      connectToShadowDb: async () => connectTo(await this.create('shadow')),
    };
  }

  async create(kind: string): Promise<string> {
    if (!this.admin) {
      this.admin = new pg.Client({ connectionString: this.serverUrl });
      await this.admin.connect();
    }
    const name = `prisma_migrate_${kind}_${randomUUID().replaceAll('-', '')}`;
    await this.admin.query(`CREATE DATABASE "${name}"`).catch((error: unknown) => {
      throw new Error(`Could not create a temporary database (the user needs the CREATEDB privilege): ${errorMessage(error)}`, {
        cause: error,
      });
    });
    this.created.push(name);
    return urlForDatabase(this.serverUrl, name);
  }

  /** Always runs, even when the engine failed; FORCE also ends connections the engine left open. */
  async dropAll(): Promise<void> {
    await Promise.allSettled(this.adapters.map((adapter) => adapter.dispose()));
    try {
      for (const name of this.created) await this.admin?.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await this.admin?.end();
    }
  }
}

function urlForDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

// PostgreSQL's internal one-byte "char" type (pg_constraint.contype, pg_class.relkind, …), which
// the schema describer reads and adapter-pg refuses to decode.
const CHAR_OID = 18;
const TEXT_OID = 25;
const CHAR_COLUMN_TAG = '\u0000char';

/** Lets adapter-pg read "char" columns as text, tagging their names for engineAdapter. */
class CharTaggingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // Runs before the query handles the row description.
    this.connection.prependListener('rowDescription', (message: { fields: { name: string; dataTypeID: number }[] }) => {
      for (const field of message.fields) {
        if (field.dataTypeID !== CHAR_OID) continue;
        field.dataTypeID = TEXT_OID;
        field.name += CHAR_COLUMN_TAG;
      }
    });
  }
}

/** The engine needs "char" columns typed Character: as Text it panics ("… as char failed"). */
function reportCharColumns(result: SqlResultSet): SqlResultSet {
  const columnTypes = [...result.columnTypes];
  const columnNames = result.columnNames.map((name, index) => {
    if (!name.endsWith(CHAR_COLUMN_TAG)) return name;
    columnTypes[index] = ColumnTypeEnum.Character;
    return name.slice(0, -CHAR_COLUMN_TAG.length);
  });
  return { ...result, columnNames, columnTypes };
}

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

function engineAdapter(adapter: PgAdapter): SqlDriverAdapter {
  let disposed: Promise<void> | undefined;
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: async (query) => reportCharColumns(await adapter.queryRaw(query)),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => runScript(adapter.underlyingDriver(), script),
    startTransaction: async (isolationLevel) => engineTransaction(await adapter.startTransaction(isolationLevel)),
    getConnectionInfo: () => adapter.getConnectionInfo(),
    // Called by the engine and again by ScratchDatabases.dropAll; a pg pool may only end once.
    dispose: () => (disposed ??= adapter.dispose()),
  };
}

function engineTransaction(transaction: Transaction): Transaction {
  return {
    provider: transaction.provider,
    adapterName: transaction.adapterName,
    options: transaction.options,
    queryRaw: async (query) => reportCharColumns(await transaction.queryRaw(query)),
    executeRaw: (query) => transaction.executeRaw(query),
    commit: () => transaction.commit(),
    rollback: () => transaction.rollback(),
    createSavepoint: (name) => transaction.createSavepoint?.(name) ?? Promise.resolve(),
    rollbackToSavepoint: (name) => transaction.rollbackToSavepoint?.(name) ?? Promise.resolve(),
    releaseSavepoint: (name) => transaction.releaseSavepoint?.(name) ?? Promise.resolve(),
  };
}

/**
 * adapter-pg's executeScript splits the script at every ";" (breaking string literals and
 * function bodies) and spreads the pieces over pooled connections. Send it whole instead, like
 * Prisma's native engine, which is how migrations are applied to the shadow database.
 */
async function runScript(pool: pg.Pool, script: string): Promise<void> {
  try {
    await pool.query(script);
  } catch (error) {
    if (!(error instanceof pg.DatabaseError)) throw error;
    throw new DriverAdapterError({
      kind: 'postgres',
      code: error.code ?? 'unknown',
      severity: error.severity ?? 'ERROR',
      message: error.message,
      detail: error.detail,
      column: error.column,
      hint: error.hint,
    });
  }
}
