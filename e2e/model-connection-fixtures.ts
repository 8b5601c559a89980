import { expect, type Page } from '@playwright/test';
import { db } from './fixtures';

/** The add form's fields as a lead types them (empty or absent: not set). */
export type ModelConnectionFields = {
  name: string;
  baseUrl: string;
  model: string;
  apiKey?: string;
  temperature?: number | string;
  top_p?: number | string;
  max_tokens?: number | string;
  seed?: number | string;
  /** One per line. */
  stop?: string;
  maxConcurrency?: number | string;
  requestsPerMinute?: number | string;
  timeoutSeconds?: number | string;
};

const LABELS: [keyof ModelConnectionFields, string][] = [
  ['name', 'Name'],
  ['baseUrl', 'Base URL'],
  ['model', 'Model'],
  ['apiKey', 'API key'],
  ['temperature', 'Temperature'],
  ['top_p', 'Top p'],
  ['max_tokens', 'Max tokens'],
  ['seed', 'Seed'],
  ['stop', 'Stop sequences'],
  ['maxConcurrency', 'Max concurrency'],
  ['requestsPerMinute', 'Requests per minute'],
  ['timeoutSeconds', 'Timeout (seconds)'],
];

/** Fills the "New model connection" form of the page open in `page` (nothing is sent). */
export async function fillModelConnectionForm(page: Page, fields: Partial<ModelConnectionFields>) {
  const form = page.getByRole('form', { name: 'New model connection' });
  for (const [key, label] of LABELS) {
    const value = fields[key];
    if (value !== undefined) await form.getByLabel(label, { exact: true }).fill(String(value));
  }
  return form;
}

/**
 * Adds a model connection through the screen, as a lead (or an admin) does: the project's
 * "Model connections" page (`projectId`), or the admin's shared list without it. The page must be
 * signed in as someone allowed there. Returns the new connection's id (for a generation job).
 */
export async function addModelConnection(page: Page, options: ModelConnectionFields & { projectId?: string }): Promise<{ id: string }> {
  const { projectId, ...fields } = options;
  await page.goto(projectId ? `/projects/${projectId}/settings/models` : '/admin/model-connections');
  await expect(page.locator('html[data-hydrated]')).toBeAttached();
  const form = await fillModelConnectionForm(page, fields);
  await form.getByRole('button', { name: 'Add connection' }).click();
  await expect(form.getByRole('status').filter({ hasText: /^Added/ })).toHaveText(`Added “${fields.name.trim()}”.`);
  await expect(page.getByRole('listitem', { name: fields.name.trim(), exact: true })).toBeVisible();
  return db().modelConnection.findFirstOrThrow({
    where: { projectId: projectId ?? null, name: fields.name.trim(), archivedAt: null },
    select: { id: true },
  });
}
