import type { Metadata } from 'next';
import Link from 'next/link';
import { TaxonomyEditor } from '@/components/taxonomy/taxonomy-editor';
import { Card } from '@/components/ui/card';
import { requireProjectMember } from '@/lib/auth/session';
import { findTaxonomyVersions } from '@/lib/taxonomy/find-taxonomy-versions';
import { getCurrentTaxonomy } from '@/lib/taxonomy/get-current-taxonomy';
import { updateTaxonomyAction } from './actions';

export const metadata: Metadata = { title: 'Flag taxonomy' };

// Rendered on the server in UTC, so the browser's clock and zone cannot disagree with it.
const when = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export default async function TaxonomyPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requireProjectMember(projectId, ['LEAD']);
  const [taxonomy, versions] = await Promise.all([
    getCurrentTaxonomy({ projectId: project.id }),
    findTaxonomyVersions({ projectId: project.id }),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}`} className="text-sm text-indigo-700 hover:underline">
          ← {project.name}
        </Link>
        <h1 className="text-2xl font-semibold">Flag taxonomy</h1>
        <p className="text-sm text-slate-600">
          Current version <strong className="text-slate-900">{taxonomy.version}</strong> · {taxonomy.responseFlags.length} response flags ·{' '}
          {taxonomy.promptFlags.length} prompt flags
        </p>
        <p className="mt-2 max-w-3xl text-sm text-slate-600">
          Saving makes a new version. Labels already given keep the version they were made under; tasks handed out from now on use the new
          version. A renamed flag keeps its key, so labels given under the old name keep their meaning; a new flag gets a key made from its
          label.
        </p>
        <Link href={`/projects/${project.id}/taxonomy/translations`} className="mt-2 inline-block text-sm text-indigo-700 hover:underline">
          Translations: flags, skip reasons and guidelines per language
        </Link>
      </div>
      <Card title={`Edit version ${taxonomy.version}`}>
        <TaxonomyEditor projectId={project.id} taxonomy={taxonomy} action={updateTaxonomyAction} />
      </Card>
      <Card title="Versions">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-2 pr-3">Version</th>
              <th className="py-2 pr-3">Saved</th>
              <th className="py-2 pr-3">By</th>
              <th className="py-2 pr-3">Response flags</th>
              <th className="py-2">Prompt flags</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} className="border-t border-slate-100">
                <td className="py-2 pr-3 tabular-nums">
                  {v.version}
                  {v.version === taxonomy.version ? (
                    <span className="ml-2 rounded bg-emerald-50 px-1.5 py-0.5 text-xs font-medium text-emerald-800">current</span>
                  ) : null}
                </td>
                <td className="py-2 pr-3">{v.isDefault ? 'Built-in default' : v.createdAt ? when(v.createdAt) : '—'}</td>
                <td className="py-2 pr-3">{v.createdBy ?? '—'}</td>
                <td className="py-2 pr-3 tabular-nums">{v.responseFlagCount}</td>
                <td className="py-2 tabular-nums">{v.promptFlagCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
