/**
 * One import in a fresh process, so its peak RSS is its own: `tsx scripts/bench/import-child.ts
 * FILE` with DATABASE_URL set (scripts/bench/import.ts runs it for each container). Creates a
 * project, imports FILE through the import job runner (the code path of the page, API and CLI,
 * progress rows included) and prints one JSON line: seconds, this process's CPU seconds, items created, peak RSS and the RSS
 * before the import (modules loaded, the Prisma query compiler started by creating the project,
 * as the CLI's project lookup starts it).
 */
import { randomBytes } from 'node:crypto';

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: import-child.ts FILE');
  const { createProject } = await import('../../lib/projects/create-project');
  const { createImportJob } = await import('../../lib/import/create-import-job');
  const { runImportJob } = await import('../../lib/import/run-import-job');
  const project = await createProject({
    actorId: null,
    input: { name: 'Bench', slug: `bench-${randomBytes(4).toString('hex')}`, guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 },
  });
  const jobId = await createImportJob({
    projectId: project.id,
    actorId: null,
    origin: 'cli',
    fileName: file,
    bytesTotal: 0,
    options: { format: 'auto', withLabels: false, skipInvalid: false },
  });
  // The app process has its job queue running; the import queues the search fill at its commit.
  const { getJobQueue } = await import('../../lib/jobs/job-queue');
  await getJobQueue();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const outcome = await runImportJob({ jobId, path: file });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  if (!outcome.ok) throw new Error(`import refused the file: ${JSON.stringify(outcome).slice(0, 500)}`);
  console.log(
    JSON.stringify({
      seconds,
      cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
      items: outcome.summary.itemsCreated,
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      rssBeforeMb: Math.round(rssBefore / 1024 / 1024),
      maxRssMbProcess: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
  const { getDb, getPgPool } = await import('../../lib/db');
  await getDb().$disconnect();
  await getPgPool().end();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
