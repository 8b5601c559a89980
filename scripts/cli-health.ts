// `npm run cli -- health --project SLUG [--format pairs] [--json]` (issue 28): the live project's
// dataset health, recomputed now (and stored as the dashboard's figure), as a table or JSON.
import { AppError } from '../lib/errors';

export const healthCommand = {
  usage: 'health --project SLUG [--format pairs|pairs-chat|hh|openai-dpo|axolotl-dpo|openrlhf] [--json]',
  summary: 'Dataset health of the labels now: length, position and learned baselines beside labeler agreement.',
  options: {
    project: { type: 'string', description: 'project slug' },
    format: { type: 'string', description: 'the pair format whose rows are measured, with default options (default pairs)' },
    json: { type: 'boolean', description: 'print the report as one JSON object (the manifest’s `health`)' },
  },
  async run(values: Record<string, string | boolean | undefined>): Promise<number> {
    const slug = values.project;
    if (typeof slug !== 'string' || slug.trim() === '') {
      console.error('--project is required');
      return 2;
    }
    const { getDb } = await import('../lib/db');
    const project = await getDb().project.findUnique({ where: { slug: slug.trim().toLowerCase() }, select: { id: true, name: true } });
    if (!project) throw new AppError('NOT_FOUND', `No project with slug ${slug}`);
    const { refreshProjectHealth } = await import('../lib/export/project-health');
    const { renderHealthMarkdown } = await import('../lib/health/render-health');
    const format = typeof values.format === 'string' ? values.format : undefined;
    const { report, format: used } = await refreshProjectHealth({ projectId: project.id, ...(format ? { format } : {}) });
    if (values.json) console.log(JSON.stringify({ project: slug, format: used, health: report }, null, 2));
    else console.log(renderHealthMarkdown(report!, { heading: `# Dataset health of ${project.name} (${used} rows, now)` }));
    return 0;
  },
} as const;
