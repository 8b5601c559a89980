-- Hand-written (issue 24): a connection's name is how leads pick it in forms, so live names are
-- unique within a project and among the shared connections (case-insensitively). Archived ones keep
-- their names for provenance and may repeat. Prisma's schema cannot say an expression or a partial
-- index, as with the item search index.
CREATE UNIQUE INDEX "model_connections_live_name_key" ON "model_connections" (
  coalesce("projectId", '00000000-0000-0000-0000-000000000000'::uuid),
  lower("name")
) WHERE "archivedAt" IS NULL;
