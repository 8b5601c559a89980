/** What the profile stores, who sees it and how it is used (issue 10), in plain words. */
export function ProfileStatement({ minGroupSize }: { minGroupSize: number }) {
  return (
    <div className="flex flex-col gap-2 text-sm text-slate-700">
      <p>
        <strong>Everything here is optional</strong> and in your own words. We store exactly what you enter: languages with how well you
        know them, a region, areas of expertise, and answers to questions the leads of your projects ask.
      </p>
      <ul className="list-disc space-y-1 pl-5">
        <li>
          <strong>Who sees it:</strong> you, the leads of the projects you belong to (a project&apos;s own questions only in that project),
          and administrators. Other labelers never do.
        </li>
        <li>
          <strong>Routing:</strong> some tasks need a language or an expertise; they are offered only to people whose profile lists it.
        </li>
        <li>
          <strong>Group statistics:</strong> leads can compare how groups (for example, speakers of one language) rank answers. A group is
          shown only when at least {minGroupSize} labelers (or the project&apos;s own minimum) belong to it, so small groups never point at
          one person.
        </li>
        <li>
          <strong>Exports:</strong> a project may opt in to adding labelers&apos; group attributes to its datasets. They go out with a
          pseudonym, never your name or email, and only for groups that meet the minimum size.
        </li>
      </ul>
      <p>
        &ldquo;Clear my profile&rdquo; deletes all of it at once. We record that you cleared it, not what it said. Datasets already exported
        are not changed.
      </p>
    </div>
  );
}
