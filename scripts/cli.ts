/**
 * Operator commands: `npm run cli -- <command> [options]`. Run with --help for the list.
 * Exit codes: 0 done, 1 the command failed (message says why), 2 bad usage.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError, isAppError } from '../lib/errors';
import { storable } from '../lib/validation/storable';
import { healthCommand } from './cli-health';
import { openLocalDatabase } from './lib/local-database';

const root = path.resolve(import.meta.dirname, '..');

class UsageError extends Error {}

type Command = {
  usage: string;
  summary: string;
  options: Record<string, { type: 'string' | 'boolean'; description: string }>;
  /** Name of the one positional argument the command takes, if any. */
  positional?: string;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number | void>;
};

function need(values: Record<string, string | boolean | undefined>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** Parses with a zod schema and reports the first problem as "--field: reason". */
function parseInput<S extends z.ZodType>(schema: S, input: unknown, flagOf: Record<string, string> = {}): z.output<S> {
  const parsed = storable(schema).safeParse(input);
  if (!parsed.success) {
    const messages = parsed.error.issues.map((i) => `--${flagOf[String(i.path[0])] ?? String(i.path[0] ?? 'input')}: ${i.message}`);
    throw new UsageError(messages.join('\n'));
  }
  return parsed.data;
}

async function findUserId(email: string): Promise<string> {
  const { getDb } = await import('../lib/db');
  const user = await getDb().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) throw new AppError('NOT_FOUND', `No user with email ${email}`);
  return user.id;
}

async function findProjectId(slug: string): Promise<string> {
  const { getDb } = await import('../lib/db');
  const project = await getDb().project.findUnique({ where: { slug: slug.trim().toLowerCase() }, select: { id: true } });
  if (!project) throw new AppError('NOT_FOUND', `No project with slug ${slug}`);
  return project.id;
}

/** The session secret `npm start` generated and stored, if any (scripts/start.ts). */
async function storedSessionSecret(databaseUrl: string): Promise<string | undefined> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ value: string }>(`SELECT value FROM app_settings WHERE key = 'nextauth_secret'`);
    return rows[0]?.value;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** "checking 40,000 of 100,000 rows (40%) · 8,000 rows/s · about 8 s left" for the import's progress on stderr. */
function progressLine(
  p: { phase: 'validate' | 'write'; rows: number; bytes: number; totalRows: number | null; totalBytes: number },
  seconds: number,
): string {
  const n = (x: number) => Math.round(x).toLocaleString('en');
  const share = p.totalRows ? p.rows / p.totalRows : p.totalBytes > 0 && p.phase === 'validate' ? p.bytes / p.totalBytes : null;
  const rate = seconds > 0 ? p.rows / seconds : null;
  const left = share && share > 0 && seconds > 0 ? (seconds * (1 - Math.min(share, 1))) / share : null;
  return [
    `${p.phase === 'validate' ? 'checking' : 'writing'} ${n(p.rows)}${p.totalRows ? ` of ${n(p.totalRows)}` : ''} rows${share !== null ? ` (${Math.floor(share * 100)}%)` : ''}`,
    rate !== null ? `${n(rate)} rows/s` : null,
    left !== null ? `about ${n(left)} s left` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function activeCommand(active: boolean): Command {
  return {
    usage: `user ${active ? 'activate' : 'deactivate'} --email EMAIL`,
    summary: active ? 'Reactivate an account.' : 'Deactivate an account (sessions end at once; labels are kept).',
    options: { email: { type: 'string', description: 'the user' } },
    async run(v) {
      const { setUserActive } = await import('../lib/users/set-user-active');
      await setUserActive({ actorId: null, input: { userId: await findUserId(need(v, 'email')), active } });
      console.log(`${v.email} is ${active ? 'active' : 'deactivated'}`);
    },
  };
}

const PARAM_OPTIONS = {
  temperature: { type: 'string', description: 'sampling temperature (else the connection’s default)' },
  'max-tokens': { type: 'string', description: 'max_tokens (else the connection’s default)' },
  seed: { type: 'string', description: 'seed; sample k is sent seed + k' },
} as const;

/** How a `generate` command waits for its job. */
const FOLLOW_OPTIONS = {
  wait: { type: 'boolean', description: 'follow the job until it ends (the app’s workers run it)' },
  'run-here': { type: 'boolean', description: 'run the job in this process instead (no app running)' },
} as const;

const COMMANDS: Record<string, Command> = {
  'user create': {
    usage: 'user create --email EMAIL --role ADMIN|LEAD|RESEARCHER|LABELER [--name NAME] [--password PASSWORD]',
    summary: 'Create an account (a strong password is generated and printed once when none is given).',
    options: {
      email: { type: 'string', description: 'login email' },
      role: { type: 'string', description: 'ADMIN, LEAD, RESEARCHER or LABELER' },
      name: { type: 'string', description: 'display name (default: the part of the email before @)' },
      password: { type: 'string', description: 'initial password, at least 10 characters' },
    },
    async run(v) {
      const { ZCreateUser } = await import('../lib/users/schemas');
      const { createUser } = await import('../lib/users/create-user');
      const email = need(v, 'email');
      const generated = v.password === undefined ? randomBytes(12).toString('base64url') : undefined;
      const input = parseInput(ZCreateUser, {
        email,
        role: typeof v.role === 'string' ? v.role.toUpperCase() : v.role,
        name: v.name ?? email.split('@')[0],
        password: v.password ?? generated,
      });
      const user = await createUser({ actorId: null, input });
      console.log(`created ${user.email} (${user.role}) id=${user.id}`);
      if (generated) console.log(`password (shown once): ${generated}`);
    },
  },
  'user set-role': {
    usage: 'user set-role --email EMAIL --role ADMIN|LEAD|RESEARCHER|LABELER',
    summary: "Change a user's role (their sessions end).",
    options: { email: { type: 'string', description: 'the user' }, role: { type: 'string', description: 'the new role' } },
    async run(v) {
      const { ZSetUserRole } = await import('../lib/users/schemas');
      const { setUserRole } = await import('../lib/users/set-user-role');
      const role = need(v, 'role').toUpperCase();
      const userId = await findUserId(need(v, 'email'));
      const input = parseInput(ZSetUserRole, { userId, role });
      await setUserRole({ actorId: null, input });
      console.log(`${v.email} is now ${input.role}`);
    },
  },
  'user deactivate': activeCommand(false),
  'user activate': activeCommand(true),
  'password-sign-in enable': {
    usage: 'password-sign-in enable',
    summary: 'Turn password sign-in back on (break-glass when single sign-on fails; an admin turned it off).',
    options: {},
    async run() {
      const { setPasswordSignIn } = await import('../lib/auth/password-sign-in');
      await setPasswordSignIn({ actorId: null, enabled: true });
      console.log('password sign-in is on');
    },
  },
  'project create': {
    usage: 'project create --slug SLUG --name NAME [--overlap N] [--guidelines TEXT]',
    summary: 'Create a project.',
    options: {
      slug: { type: 'string', description: 'lowercase letters, digits and dashes' },
      name: { type: 'string', description: 'display name' },
      overlap: { type: 'string', description: 'labels wanted per item (default 3)' },
      guidelines: { type: 'string', description: 'markdown guidelines' },
    },
    async run(v) {
      const { ZCreateProject } = await import('../lib/projects/schemas');
      const { createProject } = await import('../lib/projects/create-project');
      const input = parseInput(ZCreateProject, {
        slug: need(v, 'slug'),
        name: need(v, 'name'),
        ...(v.overlap !== undefined ? { overlap: v.overlap } : {}),
        ...(v.guidelines !== undefined ? { guidelines: v.guidelines } : {}),
      });
      const project = await createProject({ actorId: null, input });
      console.log(`created project ${project.slug} id=${project.id} overlap=${project.overlap}`);
    },
  },
  'member add': {
    usage: 'member add --project SLUG --email EMAIL',
    summary: 'Add an existing account to a project.',
    options: { project: { type: 'string', description: 'project slug' }, email: { type: 'string', description: 'the user' } },
    async run(v) {
      const { ZAddMember } = await import('../lib/projects/schemas');
      const { addMember } = await import('../lib/projects/add-member');
      const projectId = await findProjectId(need(v, 'project'));
      const input = parseInput(ZAddMember, { projectId, email: need(v, 'email') });
      await addMember({ actorId: null, input });
      console.log(`${input.email} is a member of ${v.project}`);
    },
  },
  import: {
    usage:
      'import --project SLUG [--format auto|native|hh-rlhf|trl|summarize|critiques|perturbations|openai-preference|rankings|oasst|arena|helpsteer] [--with-labels] [--skip-invalid [--rejects FILE]] [--config NAME] FILE|FOLDER',
    summary:
      'Import a JSON Lines or Parquet file, or a Hugging Face dataset folder (or a zip of one), all or nothing (exit 1 and one line per bad row); with --skip-invalid the valid rows are imported and the refused ones written to a rejects file.',
    positional: 'FILE',
    options: {
      project: { type: 'string', description: 'project slug' },
      format: { type: 'string', description: 'row format (default: detected from the first row)' },
      'with-labels': { type: 'boolean', description: "also import the rows' preferences as judgments by pseudonymous imported labelers" },
      'skip-invalid': {
        type: 'boolean',
        description: 'lenient: import the valid rows, leave the refused ones out and list them in the rejects file',
      },
      rejects: {
        type: 'string',
        description: 'where --skip-invalid writes the refused rows as JSON Lines (default: FILE.rejects.jsonl in the current folder)',
      },
      config: { type: 'string', description: "dataset folders: the README.md config to import (default: the card's default)" },
    },
    async run(v, positionals) {
      const fs = await import('node:fs');
      const { ZImportFormat } = await import('../lib/import/schemas');
      const { createImportJob } = await import('../lib/import/create-import-job');
      const { runImportJob } = await import('../lib/import/run-import-job');
      const { readImportRejects } = await import('../lib/import/read-import-rejects');
      const file = positionals[0];
      if (!file) throw new UsageError('FILE is required: the JSON Lines or Parquet file, or the dataset folder, to import');
      if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `No such file or folder: ${file}`);
      const { format, config } = parseInput(z.object({ format: ZImportFormat, config: z.string().trim().min(1).max(200).optional() }), {
        format: v.format ?? 'auto',
        config: v.config,
      });
      const skipInvalid = v['skip-invalid'] === true;
      if (v.rejects !== undefined && !skipInvalid) throw new UsageError('--rejects needs --skip-invalid');
      const projectId = await findProjectId(need(v, 'project'));
      const stat = fs.statSync(file);
      const jobId = await createImportJob({
        projectId,
        actorId: null,
        origin: 'cli',
        fileName: path.basename(path.resolve(file)),
        bytesTotal: stat.isDirectory() ? 0 : stat.size,
        options: { format, withLabels: v['with-labels'] === true, skipInvalid, ...(config ? { config } : {}) },
      });
      const started = { phase: '', at: Date.now() };
      let shown = 0;
      const outcome = await runImportJob({
        jobId,
        path: file,
        onProgress: (p) => {
          if (p.phase !== started.phase) Object.assign(started, { phase: p.phase, at: Date.now() });
          if (Date.now() - shown < 1000 && !p.done) return;
          shown = Date.now();
          process.stderr.write(`${progressLine(p, (Date.now() - started.at) / 1000)}${process.stderr.isTTY ? '\r' : '\n'}`);
        },
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      if ('failed' in outcome) {
        console.error(`error: ${outcome.failed}`);
        return 1;
      }
      if (!outcome.ok) {
        for (const e of outcome.errors) console.error(`${e.file ? `${e.file} ` : ''}line ${e.line}: ${e.path || '(row)'}: ${e.message}`);
        if (outcome.errorCount > outcome.errors.length) console.error(`…and ${outcome.errorCount - outcome.errors.length} more`);
        console.error(
          `error: ${outcome.errorCount} bad row${outcome.errorCount === 1 ? '' : 's'}; nothing was imported${skipInvalid ? ' (the file could not be read as one format)' : ' (--skip-invalid imports the valid rows)'}`,
        );
        return 1;
      }
      const s = outcome.summary;
      console.log(
        `imported ${s.rows} rows (${s.format}): ${s.itemsCreated} items created, ${s.itemsSkipped} skipped as identical, ${s.responsesCreated} responses, ` +
          `${s.critiquesCreated} critiques (${s.critiquesSkipped} already present), ${s.perturbationsCreated} perturbations (${s.perturbationsSkipped} already present), ` +
          `${s.labelsCreated} labels (${s.labelsSkipped} already present)`,
      );
      if (s.rejected) {
        console.log(
          `skipped ${s.rejected.rows} invalid row${s.rejected.rows === 1 ? '' : 's'} (${s.rejected.errors} problem${s.rejected.errors === 1 ? '' : 's'}):`,
        );
        for (const r of s.rejected.byReason) console.log(`  ${String(r.count).padStart(7)}  ${r.field || '(row)'}: ${r.reason}`);
        if (s.rejected.rows > 0) {
          const out = typeof v.rejects === 'string' ? v.rejects : `${path.basename(path.resolve(file))}.rejects.jsonl`;
          const { pipeline } = await import('node:stream/promises');
          const { Readable } = await import('node:stream');
          await pipeline(Readable.from(readImportRejects({ jobId })), fs.createWriteStream(out));
          console.log(`refused rows (line, field, reason): ${out}`);
        }
      }
    },
  },
  health: healthCommand,
  timesheet: (await import('./cli-timesheet')).timesheetCommand,
  export: {
    usage:
      'export --project SLUG --format pairs|pairs-chat|hh|openai-dpo|axolotl-dpo|openrlhf|rankings|raw|sft|perturbations|detect-trials|judge|kto|trl-stepwise|prm800k --out DIR|FILE.zip [--mode per-labeler|consensus] [--ties drop|keep] [--margin none|votes|likert] [--margin-missing skip|zero] [--margin-signed] [--pair-weight ranking|prompt] [--prompt-template hh|none] [--multi-turn render|skip] [--split-by conversation|first_turn|metadata:FIELD] [--min-votes N] [--min-agreement X] [--exclude-gold] [--exclude-flags a,b] [--from DAY] [--to DAY] [--validation-share S] [--file-format jsonl|parquet] [--aspect NAME] [--kto-source ranking|likert] [--kto-desirable-min N] [--kto-undesirable-max N] [--card FILE]',
    summary:
      'Create an export snapshot and write it as a dataset folder (data/<split>-….jsonl or .parquet, README.md, manifest.json), or as the zip the download serves when --out ends in .zip; print its manifest.',
    options: {
      project: { type: 'string', description: 'project slug' },
      format: {
        type: 'string',
        description:
          'pairs, pairs-chat, hh, openai-dpo, axolotl-dpo, openrlhf, rankings, raw, sft, perturbations, detect-trials, judge, kto, trl-stepwise or prm800k',
      },
      out: { type: 'string', description: 'the folder to write (created), or a .zip file' },
      mode: { type: 'string', description: 'per-labeler (default) or consensus' },
      ties: { type: 'string', description: 'drop (default) or keep (pairs and pairs-chat only)' },
      margin: { type: 'string', description: 'none (default: no margin column), votes or likert' },
      'margin-missing': { type: 'string', description: 'a pair without a computable margin: skip (default, counted) or zero' },
      'margin-signed': { type: 'boolean', description: 'keep negative margins (default: 0.0)' },
      'pair-weight': { type: 'string', description: 'weight column sums to 1 per ranking (default) or per prompt' },
      'prompt-template': {
        type: 'string',
        description: 'pairs: hh (default; "\\n\\nHuman: …\\n\\nAssistant:", replies after a space) or none',
      },
      'multi-turn': { type: 'string', description: 'conversations in pairs/hh: render (default) or skip (counted)' },
      'split-by': { type: 'string', description: 'split key: conversation (default), first_turn or metadata:FIELD' },
      'min-votes': { type: 'string', description: 'consensus: fewest votes a pair needs (default 1)' },
      'min-agreement': { type: 'string', description: 'fewest item agreement, 0–1 (default: none)' },
      'exclude-gold': { type: 'boolean', description: 'leave gold items out' },
      'exclude-flags': { type: 'string', description: 'comma-separated flag keys: responses flagged so are left out of pairs' },
      from: { type: 'string', description: 'judgments made on or after this UTC day (YYYY-MM-DD) or instant' },
      to: { type: 'string', description: 'judgments made on or before this UTC day, or before this instant' },
      'validation-share': { type: 'string', description: 'share of prompts in the validation split (default 0.1)' },
      'file-format': { type: 'string', description: 'data files: jsonl (default, JSON Lines) or parquet (typed columns, Snappy)' },
      'include-judge': { type: 'boolean', description: 'pair formats: also the AI judge’s pairs, every row marked "source" (issue 25)' },
      aspect: {
        type: 'string',
        description: 'build the rows from this aspect\'s rankings ("same as overall" resolves to the overall ranking)',
      },
      'kto-source': { type: 'string', description: 'kto: labels from ranking (default: top vs bottom group) or likert (thresholds)' },
      'kto-desirable-min': { type: 'string', description: 'kto from likert: desirable at this score or above (default 5)' },
      'kto-undesirable-max': { type: 'string', description: 'kto from likert: undesirable at this score or below (default 3)' },
      'neutral-as': { type: 'string', description: 'trl-stepwise: a neutral (0) step is labelled true (default) or false' },
      card: { type: 'string', description: 'also write the dataset card (README markdown) to this file' },
    },
    async run(v) {
      const fs = await import('node:fs');
      const { createHash } = await import('node:crypto');
      const { ZExportRequest } = await import('../lib/export/schemas');
      const { createExportSnapshot } = await import('../lib/export/create-export-snapshot');
      const { buildExportSnapshot } = await import('../lib/export/build-export-snapshot');
      const { serveSnapshotDownload } = await import('../lib/export/serve-snapshot-download');
      const { getExportSnapshot } = await import('../lib/export/find-export-snapshots');
      const { deliverDueWebhooks } = await import('../lib/webhooks/deliver-due-webhooks');
      const out = need(v, 'out');
      const flags: Record<string, string> = {
        min_votes: 'min-votes',
        min_agreement: 'min-agreement',
        exclude_gold: 'exclude-gold',
        exclude_flags: 'exclude-flags',
        validation_share: 'validation-share',
        margin_missing: 'margin-missing',
        margin_signed: 'margin-signed',
        pair_weight: 'pair-weight',
        prompt_template: 'prompt-template',
        multi_turn: 'multi-turn',
        split_by: 'split-by',
        file_format: 'file-format',
        include_judge: 'include-judge',
        kto_source: 'kto-source',
        kto_desirable_min: 'kto-desirable-min',
        kto_undesirable_max: 'kto-undesirable-max',
        neutral_as: 'neutral-as',
      };
      const request = parseInput(
        ZExportRequest,
        Object.fromEntries(
          Object.entries({
            format: need(v, 'format'),
            mode: v.mode,
            ties: v.ties,
            margin: v.margin,
            margin_missing: v['margin-missing'],
            margin_signed: v['margin-signed'],
            pair_weight: v['pair-weight'],
            prompt_template: v['prompt-template'],
            multi_turn: v['multi-turn'],
            split_by: v['split-by'],
            min_votes: v['min-votes'],
            min_agreement: v['min-agreement'],
            exclude_gold: v['exclude-gold'],
            exclude_flags: v['exclude-flags'],
            from: v.from,
            to: v.to,
            validation_share: v['validation-share'],
            file_format: v['file-format'],
            include_judge: v['include-judge'],
            aspect: v.aspect,
            kto_source: v['kto-source'],
            kto_desirable_min: v['kto-desirable-min'],
            kto_undesirable_max: v['kto-undesirable-max'],
            neutral_as: v['neutral-as'],
          }).filter(([, value]) => value !== undefined),
        ),
        flags,
      );
      const projectId = await findProjectId(need(v, 'project'));
      const { id } = await createExportSnapshot({ projectId, actorId: null, request });
      process.stderr.write(`snapshot ${id}: building…\n`);
      const manifest = await buildExportSnapshot({ snapshotId: id });
      // What is written is the snapshot's stored bytes, read back as a download serves them, each file checked against its sha256.
      const save = async (target: string, file: string | null, sha256: string) => {
        const url = file ? `http://cli/download?file=${encodeURIComponent(file)}` : 'http://cli/download';
        const response = await serveSnapshotDownload({ request: new Request(url), projectId, snapshotId: id, actorId: null, via: 'cli' });
        if (!response.body) throw new AppError('CONFLICT', `The snapshot gave no bytes for ${file ?? 'the download'}`);
        const hash = createHash('sha256');
        const stream = fs.createWriteStream(target);
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          hash.update(chunk);
          if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
        }
        await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
        if (hash.digest('hex') !== sha256)
          throw new AppError('CONFLICT', `The bytes written to ${target} do not match the snapshot's sha256`);
      };
      if (out.endsWith('.zip')) {
        await save(out, null, manifest.sha256);
      } else {
        // A folder laid out as a Hugging Face dataset: data/<split>-…, README.md, manifest.json.
        fs.mkdirSync(path.join(out, 'data'), { recursive: true });
        for (const file of manifest.files) await save(path.join(out, ...file.path.split('/')), file.path, file.sha256);
      }
      if (typeof v.card === 'string') fs.writeFileSync(v.card, (await getExportSnapshot({ projectId, snapshotId: id }))?.datasetCard ?? '');
      // Queued webhook notifications go out now (or from the app's next sweep).
      await deliverDueWebhooks().catch(() => undefined);
      console.log(`snapshot ${manifest.snapshot_id} (${manifest.format}, schema ${manifest.schema_version}) written to ${out}`);
      for (const file of manifest.files.filter((f) => f.split))
        console.log(`  ${file.path}: ${file.rows} rows, ${file.bytes} bytes, sha256 ${file.sha256}`);
      console.log(
        `rows ${manifest.rows} (train ${manifest.splits.train}, validation ${manifest.splits.validation}) from ${manifest.items} items, ${manifest.judgments} judgments`,
      );
      console.log(`zip ${manifest.file_name}: bytes ${manifest.bytes}  sha256 ${manifest.sha256}`);
      console.log(
        `agreement: pooled ${manifest.agreement.pairwise ?? 'n/a'}, mean per item ${manifest.agreement.mean_item ?? 'n/a'} over ${manifest.agreement.items} items`,
      );
      console.log(`options ${JSON.stringify(manifest.options)}`);
    },
  },
  'audit shown-order-tails': {
    usage: 'audit shown-order-tails [--project SLUG] [--json]',
    summary: 'List judgments whose unrated tail is in the order shown (the signature of issue 17), for a lead to exclude.',
    options: {
      project: { type: 'string', description: 'one project (slug); default: all projects' },
      json: { type: 'boolean', description: 'one JSON object per flagged judgment instead of text' },
    },
    async run(v) {
      const { findShownOrderTails } = await import('../lib/judgments/find-shown-order-tails');
      const projectId = typeof v.project === 'string' ? await findProjectId(v.project) : undefined;
      const { rows, checked } = await findShownOrderTails(projectId ? { projectId } : {});
      for (const r of rows) {
        if (v.json) console.log(JSON.stringify({ ...r, createdAt: r.createdAt.toISOString() }));
        else
          console.log(
            `${r.judgmentId} ${r.projectSlug} item=${r.itemExternalId ?? r.itemId} labeler=${r.labelerEmail} ${r.createdAt.toISOString()} ${r.ranking} (tail ${r.tail.join(', ')}: unrated, in shown order; ${r.rated}/${r.responses} rated)`,
          );
      }
      console.error(`${rows.length} of ${checked} labeled rankings flagged${projectId ? ` in ${v.project}` : ''}.`);
    },
  },
  'token create': {
    usage: 'token create --email EMAIL --scopes import,export,read [--project SLUG] [--name NAME] [--expires-days N]',
    summary: 'Create an API bearer token for a user (printed once, stored hashed).',
    options: {
      email: { type: 'string', description: 'the user the token acts as' },
      scopes: { type: 'string', description: 'comma-separated: import, export, read' },
      project: { type: 'string', description: 'limit the token to one project (slug)' },
      name: { type: 'string', description: 'label shown in token lists (default "cli")' },
      'expires-days': { type: 'string', description: 'expire after N days (default: never)' },
    },
    async run(v) {
      const { ZCreateApiToken } = await import('../lib/tokens/schemas');
      const { createApiToken } = await import('../lib/tokens/create-api-token');
      const scopes = need(v, 'scopes')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const expires = v['expires-days'];
      const input = parseInput(
        ZCreateApiToken,
        {
          userId: await findUserId(need(v, 'email')),
          name: v.name ?? 'cli',
          scopes,
          ...(typeof v.project === 'string' ? { projectId: await findProjectId(v.project) } : {}),
          ...(typeof expires === 'string' ? { expiresInDays: Number(expires) } : {}),
        },
        { expiresInDays: 'expires-days', projectId: 'project' },
      );
      const token = await createApiToken({ actorId: null, input });
      console.log(
        `token ${token.prefix}… scopes=${token.scopes.join(',')}${token.expiresAt ? ` expires=${token.expiresAt.toISOString()}` : ''}`,
      );
      console.log(`secret (shown once): ${token.token}`);
    },
  },
  'job list': {
    usage: 'job list --project SLUG [--json]',
    summary: 'The project’s generation jobs, newest first, with their progress.',
    options: { project: { type: 'string', description: 'project slug' }, json: { type: 'boolean', description: 'one JSON object' } },
    async run(v) {
      const { findGenerationJobs } = await import('../lib/generation/find-generation-jobs');
      const jobs = await findGenerationJobs({ projectId: await findProjectId(need(v, 'project')) });
      if (v.json) return void console.log(JSON.stringify({ jobs }));
      if (jobs.length === 0) console.log('no jobs');
      for (const job of jobs) console.log(jobLine(job));
    },
  },
  'job show': {
    usage: 'job show --project SLUG --job ID [--json] [--wait]',
    summary: 'One job: progress, rate, time left, tokens, errors by reason (--wait: until it ends).',
    options: {
      project: { type: 'string', description: 'project slug' },
      job: { type: 'string', description: 'job id' },
      json: { type: 'boolean', description: 'one JSON object' },
      wait: { type: 'boolean', description: 'print progress every 2 s until the job ends (the app’s workers run it)' },
    },
    async run(v) {
      const projectId = await findProjectId(need(v, 'project'));
      const job = await showJob(projectId, need(v, 'job'), Boolean(v.wait), Boolean(v.json));
      return job.status === 'FAILED' ? 1 : 0;
    },
  },
  'job cancel': jobCommand('cancel'),
  'job resume': jobCommand('resume'),
  'generate responses': {
    usage:
      'generate responses --project SLUG --connection NAME[,NAME…] --samples K [--prompts awaiting|all] [--temperature T] [--max-tokens N] [--seed S] [--wait | --run-here]',
    summary: 'Start a job sampling K responses per prompt from each connection.',
    options: {
      project: { type: 'string', description: 'project slug' },
      connection: { type: 'string', description: 'connection names (or ids), comma-separated' },
      samples: { type: 'string', description: 'responses per prompt from each connection' },
      prompts: { type: 'string', description: 'awaiting (prompt-only items, the default) or all (items with responses get a new copy)' },
      ...PARAM_OPTIONS,
      ...FOLLOW_OPTIONS,
    },
    async run(v) {
      const projectId = await findProjectId(need(v, 'project'));
      const { createResponsesJob } = await import('../lib/generation/create-responses-job');
      const { ZCreateResponsesJob } = await import('../lib/generation/schemas');
      const input = parseInput(
        ZCreateResponsesJob,
        {
          projectId,
          connectionIds: await findConnectionIds(projectId, need(v, 'connection')),
          samples: need(v, 'samples'),
          params: paramsOf(v),
          prompts: { by: v.prompts ?? 'awaiting' },
        },
        { connectionIds: 'connection', prompts: 'prompts', params: 'temperature/--max-tokens/--seed' },
      );
      const { jobId, taskCount } = await createResponsesJob({ actorId: null, input });
      console.log(`job ${jobId}: ${taskCount} requests queued`);
      return followJob(projectId, jobId, v);
    },
  },
  'generate critiques': {
    usage:
      'generate critiques --project SLUG --connection NAME --samples N [--responses all|sources|none] [--perturbations] [--temperature T] [--max-tokens N] [--seed S] [--wait | --run-here]',
    summary: 'Start a job writing N critiques per text with the project’s critique template.',
    options: {
      project: { type: 'string', description: 'project slug' },
      connection: { type: 'string', description: 'connection name (or id)' },
      samples: { type: 'string', description: 'critiques per text' },
      responses: { type: 'string', description: 'all (default), sources (perturb sources) or none' },
      perturbations: { type: 'boolean', description: 'also both texts of every accepted perturbation' },
      ...PARAM_OPTIONS,
      ...FOLLOW_OPTIONS,
    },
    async run(v) {
      const projectId = await findProjectId(need(v, 'project'));
      const { createCritiquesJob } = await import('../lib/generation/create-critiques-job');
      const { ZCreateCritiquesJob } = await import('../lib/generation/schemas');
      const [connectionId] = await findConnectionIds(projectId, need(v, 'connection'));
      const input = parseInput(
        ZCreateCritiquesJob,
        {
          projectId,
          connectionId,
          samples: need(v, 'samples'),
          params: paramsOf(v),
          targets: { responses: v.responses ?? 'all', perturbations: Boolean(v.perturbations) },
        },
        { targets: 'responses', params: 'temperature/--max-tokens/--seed' },
      );
      const { jobId, taskCount } = await createCritiquesJob({ actorId: null, input });
      console.log(`job ${jobId}: ${taskCount} requests queued`);
      return followJob(projectId, jobId, v);
    },
  },
  'generate judge': {
    usage:
      'generate judge --project SLUG --connection NAME [--items labeled|all|sample] [--sample N] [--template V] [--one-order] [--discriminate] [--wait | --run-here]',
    summary: 'Start an AI judge run (labels apart from human ones), or with --discriminate the discriminator and critique checks.',
    options: {
      project: { type: 'string', description: 'project slug' },
      connection: { type: 'string', description: 'connection name (or id)' },
      items: { type: 'string', description: 'labeled (items with human labels, the default), all, or sample' },
      sample: { type: 'string', description: 'with --items sample: how many' },
      template: { type: 'string', description: 'judge template version (default: the latest)' },
      'one-order': { type: 'boolean', description: 'do not ask again with the order reversed' },
      discriminate: {
        type: 'boolean',
        description: 'accepted perturbations: which text is flawed, and does each critique point to the flaw',
      },
      ...PARAM_OPTIONS,
      ...FOLLOW_OPTIONS,
    },
    async run(v) {
      const projectId = await findProjectId(need(v, 'project'));
      const [connectionId] = await findConnectionIds(projectId, need(v, 'connection'));
      if (v.discriminate) {
        const { createDiscriminateJob } = await import('../lib/generation/create-discriminate-job');
        const { ZCreateDiscriminateJob } = await import('../lib/judge/schemas');
        const input = parseInput(
          ZCreateDiscriminateJob,
          { projectId, connectionId, params: paramsOf(v) },
          { params: 'temperature/--max-tokens/--seed' },
        );
        const { jobId, taskCount } = await createDiscriminateJob({ actorId: null, input });
        console.log(`job ${jobId}: ${taskCount} requests queued`);
        return followJob(projectId, jobId, v);
      }
      const { createJudgeJob } = await import('../lib/generation/create-judge-job');
      const { ZCreateJudgeJob } = await import('../lib/judge/schemas');
      const by = v.items ?? 'labeled';
      const input = parseInput(
        ZCreateJudgeJob,
        {
          projectId,
          connectionId,
          templateVersion: v.template === undefined ? undefined : Number(v.template),
          reversed: !v['one-order'],
          params: paramsOf(v),
          items: by === 'sample' ? { by, size: need(v, 'sample') } : { by },
        },
        { items: 'items', templateVersion: 'template', params: 'temperature/--max-tokens/--seed' },
      );
      const { jobId, taskCount } = await createJudgeJob({ actorId: null, input });
      console.log(`job ${jobId}: ${taskCount} requests queued`);
      return followJob(projectId, jobId, v);
    },
  },
  'judge agreement': {
    usage: 'judge agreement --project SLUG [--job ID] [--json]',
    summary: 'Print the AI judge’s agreement with the labelers, beside theirs with each other, and the discriminator–critique gap.',
    options: {
      project: { type: 'string', description: 'project slug' },
      job: { type: 'string', description: 'the judge run (default: the newest with labels)' },
      json: { type: 'boolean', description: 'print the figures as JSON' },
    },
    async run(v) {
      const projectId = await findProjectId(need(v, 'project'));
      const { getJudgeAgreement } = await import('../lib/judge/get-judge-agreement');
      const { getCritiqueGap } = await import('../lib/judge/get-critique-gap');
      const { formatJudgeFigures } = await import('./judge-figures');
      const agreement = await getJudgeAgreement({ projectId, jobId: typeof v.job === 'string' ? v.job : undefined });
      const gap = await getCritiqueGap({ projectId });
      console.log(v.json ? JSON.stringify({ ...agreement, gap: gap.rows }) : formatJudgeFigures({ ...agreement, gap: gap.rows }));
    },
  },
};

function paramsOf(v: Record<string, string | boolean | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [flag, key] of [
    ['temperature', 'temperature'],
    ['max-tokens', 'max_tokens'],
    ['seed', 'seed'],
  ] as const) {
    const value = v[flag];
    if (typeof value === 'string') {
      if (!Number.isFinite(Number(value))) throw new UsageError(`--${flag} must be a number`);
      out[key] = Number(value);
    }
  }
  return out;
}

/** Connection names (or ids) the project may use, to ids; a name that matches none is a usage error. */
async function findConnectionIds(projectId: string, names: string): Promise<string[]> {
  const { findModelConnections } = await import('../lib/models/get-chat-target');
  const usable = await findModelConnections({ projectId });
  return names.split(',').map((name) => {
    const found = usable.find((c) => c.id === name.trim() || c.name === name.trim());
    if (!found)
      throw new UsageError(
        `--connection: no connection "${name.trim()}" in this project (${usable.map((c) => c.name).join(', ') || 'none'})`,
      );
    return found.id;
  });
}

type JobView = Awaited<ReturnType<typeof import('../lib/generation/find-generation-jobs').findGenerationJobs>>[number];

function jobLine(job: JobView): string {
  const rate = job.ratePerSecond === null ? '' : ` ${job.ratePerSecond.toFixed(1)}/s`;
  const eta = job.etaSeconds === null ? '' : ` eta ${job.etaSeconds}s`;
  return (
    `${job.id} ${job.kind.toLowerCase()} ${job.status.toLowerCase()} ${job.done + job.failed}/${job.total} ` +
    `(done ${job.done}, failed ${job.failed}, retrying ${job.retrying})${rate}${eta} tokens ${job.promptTokens}+${job.completionTokens} ` +
    `[${job.connections.map((c) => c.name).join(', ')}]`
  );
}

async function showJob(projectId: string, jobId: string, wait: boolean, json: boolean) {
  const { getGenerationJob } = await import('../lib/generation/get-generation-job');
  for (;;) {
    const job = z.uuid().safeParse(jobId).success ? await getGenerationJob({ projectId, jobId }) : null;
    if (!job) throw new AppError('NOT_FOUND', `No job ${jobId} in this project`);
    const open = job.status === 'QUEUED' || job.status === 'RUNNING';
    if (!json && (!wait || !open)) {
      console.log(jobLine(job));
      for (const r of job.reasons) console.log(`  ${r.kind}: ${r.message} (${r.tasks} requests, ${r.failed} failed for good)`);
    } else if (!json) console.log(jobLine(job));
    if (!wait || !open) {
      if (json) console.log(JSON.stringify({ job }));
      return job;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** After `generate`: nothing more, follow it (--wait), or run it in this process (--run-here). Exit 1 when the job failed. */
async function followJob(projectId: string, jobId: string, v: Record<string, string | boolean | undefined>): Promise<number> {
  if (v['run-here']) {
    const { runQueuedJobs } = await import('../lib/jobs/run-queued-jobs');
    const { generationRunHandler } = await import('../lib/generation/generation-handler');
    await runQueuedJobs({ handlers: [generationRunHandler] });
  } else if (!v.wait) return 0;
  const job = await showJob(projectId, jobId, Boolean(v.wait), false);
  return job.status === 'FAILED' ? 1 : 0;
}

function jobCommand(action: 'cancel' | 'resume'): Command {
  return {
    usage: `job ${action} --project SLUG --job ID`,
    summary:
      action === 'cancel' ? 'Cancel a job: no new request is sent.' : 'Resume a cancelled or ended job (its failed requests are retried).',
    options: { project: { type: 'string', description: 'project slug' }, job: { type: 'string', description: 'job id' } },
    async run(v) {
      const projectId = await findProjectId(need(v, 'project'));
      const jobId = need(v, 'job');
      if (!z.uuid().safeParse(jobId).success) throw new AppError('NOT_FOUND', `No job ${jobId} in this project`);
      const { cancelGenerationJob } = await import('../lib/generation/cancel-generation-job');
      const { resumeGenerationJob } = await import('../lib/generation/resume-generation-job');
      await (action === 'cancel' ? cancelGenerationJob : resumeGenerationJob)({ actorId: null, projectId, jobId });
      await showJob(projectId, jobId, false, false);
    },
  };
}

function helpText(): string {
  const lines = ['Usage: npm run cli -- <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(16)} ${c.summary}`);
  lines.push('', 'Run `npm run cli -- <command> --help` for its options. Uses DATABASE_URL, else the embedded database of `npm start`.');
  return lines.join('\n');
}

function commandHelp(c: Command): string {
  const lines = [`Usage: npm run cli -- ${c.usage}`, '', c.summary, '', 'Options:'];
  for (const [opt, o] of Object.entries(c.options)) lines.push(`  --${opt.padEnd(14)} ${o.description}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const words = argv.filter((a) => !a.startsWith('-')).slice(0, 2);
  // One-word commands (import) take a positional argument after the word.
  const name = COMMANDS[words[0] ?? ''] ? (words[0] ?? '') : words.join(' ');
  const command = COMMANDS[name];
  if (!command) {
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      console.log(helpText());
      return argv.length === 0 ? 2 : 0;
    }
    console.error(`Unknown command "${name || argv.join(' ')}".\n\n${helpText()}`);
    return 2;
  }
  const rest = argv.slice(argv.indexOf(name.split(' ').at(-1) ?? '') + 1);
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(commandHelp(command));
    return 0;
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      strict: true,
      allowPositionals: Boolean(command.positional),
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${commandHelp(command)}`);
    return 2;
  }
  const db = await openLocalDatabase(root);
  process.env.DATABASE_URL = db.databaseUrl;
  // The CLI signs no sessions, but webhook secrets are encrypted with the app's session secret: use the stored one when the environment has none.
  process.env.NEXTAUTH_SECRET ??= (await storedSessionSecret(db.databaseUrl)) ?? randomBytes(32).toString('hex');
  try {
    return (await command.run(values, positionals)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${commandHelp(command)}`);
      return 2;
    }
    if (isAppError(error)) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    const { getDb } = await import('../lib/db');
    await getDb().$disconnect();
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
