-- AlterTable
ALTER TABLE "webhook_deliveries" ADD COLUMN     "eventId" UUID,
ADD COLUMN     "eventWebhookId" UUID,
ALTER COLUMN "webhookId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "event_webhooks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projectId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "events" TEXT[],
    "secretEncrypted" TEXT NOT NULL,
    "secretPrefix" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "event_webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_event_keys" (
    "projectId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_event_keys_pkey" PRIMARY KEY ("projectId","key")
);

-- CreateIndex
CREATE INDEX "event_webhooks_projectId_idx" ON "event_webhooks"("projectId");

-- CreateIndex
CREATE INDEX "webhook_deliveries_eventWebhookId_createdAt_idx" ON "webhook_deliveries"("eventWebhookId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_eventWebhookId_fkey" FOREIGN KEY ("eventWebhookId") REFERENCES "event_webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_webhooks" ADD CONSTRAINT "event_webhooks_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_webhooks" ADD CONSTRAINT "event_webhooks_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_event_keys" ADD CONSTRAINT "webhook_event_keys_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Exactly one endpoint per delivery: the trainer webhook's (snapshot.ready) or an event webhook's.
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_one_endpoint"
  CHECK (("webhookId" IS NULL) <> ("eventWebhookId" IS NULL));

-- Event webhooks (issue 30, lib/webhooks/events.ts): one delivery per subscribed endpoint, all with
-- one event id, in the caller's transaction (an event whose action rolls back is never sent).
-- Times as UTC wall-clock time, as Prisma writes them. Returns the event id (null: no subscriber).
CREATE FUNCTION webhook_emit(p_project uuid, p_event text, p_payload jsonb) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
  v_event uuid := gen_random_uuid();
  v_now timestamp := now() AT TIME ZONE 'UTC';
  v_count int;
BEGIN
  INSERT INTO webhook_deliveries ("eventWebhookId", "projectId", event, "eventId", payload, "nextAttemptAt", "createdAt")
  SELECT e.id, p_project, p_event, v_event,
         jsonb_build_object('event', p_event, 'event_id', v_event, 'occurred_at', to_char(v_now, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                            'project_id', p_project) || p_payload,
         v_now, v_now
    FROM event_webhooks e
   WHERE e."projectId" = p_project AND p_event = ANY (e.events);
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN CASE WHEN v_count > 0 THEN v_event END;
END $$;

-- judgment.submitted for each labeled judgment (imported ones are not events), then item.complete for
-- each item whose labeled judgments reached the project's overlap (once per item: webhook_event_keys).
-- The rank submit holds the item's row lock, so two last submits of one item see each other.
-- Costs one index probe of event_webhooks per statement when the project has no subscriber.
CREATE FUNCTION judgments_webhook_events() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT n.id, n."itemId", n."userId", n.ranking, n."allUnacceptable", n."promptFlags", n."durationMs", n."createdAt",
           i."projectId", i."externalId", p.overlap,
           bool_or('item.complete' = ANY (e.events)) AS wants_complete,
           bool_or('judgment.submitted' = ANY (e.events)) AS wants_judgment
      FROM new_rows n
      JOIN items i ON i.id = n."itemId"
      JOIN projects p ON p.id = i."projectId"
      JOIN event_webhooks e ON e."projectId" = i."projectId"
     WHERE n.source = 'LABELED'
     GROUP BY n.id, n."itemId", n."userId", n.ranking, n."allUnacceptable", n."promptFlags", n."durationMs", n."createdAt",
              i."projectId", i."externalId", p.overlap
  LOOP
    IF r.wants_judgment THEN
      PERFORM webhook_emit(r."projectId", 'judgment.submitted', jsonb_build_object(
        'judgment_id', r.id, 'item_id', r."itemId", 'item_external_id', r."externalId",
        'labeler_user_id', r."userId", 'ranking', r.ranking, 'all_unacceptable', r."allUnacceptable",
        'prompt_flags', to_jsonb(r."promptFlags"), 'duration_ms', r."durationMs",
        'submitted_at', to_char(r."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'ratings', coalesce((SELECT jsonb_agg(jsonb_build_object('response_id', rr."responseId", 'likert', rr.likert, 'flags', to_jsonb(rr.flags))
                                                ORDER BY rr."responseId")
                               FROM response_ratings rr WHERE rr."judgmentId" = r.id), '[]'::jsonb)));
    END IF;
    IF r.wants_complete
       AND (SELECT count(*) FROM judgments j WHERE j."itemId" = r."itemId" AND j.source = 'LABELED') >= r.overlap THEN
      INSERT INTO webhook_event_keys ("projectId", key, "createdAt")
      VALUES (r."projectId", 'item.complete:' || r."itemId", now() AT TIME ZONE 'UTC')
      ON CONFLICT DO NOTHING;
      IF FOUND THEN
        PERFORM webhook_emit(r."projectId", 'item.complete', jsonb_build_object(
          'item_id', r."itemId", 'item_external_id', r."externalId", 'judgments', r.overlap));
      END IF;
    END IF;
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER judgments_webhook_events AFTER INSERT ON judgments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION judgments_webhook_events();

-- job.finished: a generation job (responses, critiques, judge runs) or an import reaching an end state.
CREATE FUNCTION generation_jobs_webhook_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(NEW."projectId", 'job.finished', jsonb_build_object(
    'job_id', NEW.id, 'job_type', 'generation', 'job_kind', NEW.kind::text, 'status', NEW.status::text,
    'tasks', NEW."taskCount", 'done', NEW."doneCount", 'failed', NEW."failedCount"));
  RETURN NULL;
END $$;

CREATE TRIGGER generation_jobs_webhook_events AFTER UPDATE OF status ON generation_jobs
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status::text IN ('FINISHED', 'FAILED', 'CANCELLED'))
  EXECUTE FUNCTION generation_jobs_webhook_events();

CREATE FUNCTION import_jobs_webhook_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_emit(NEW."projectId", 'job.finished', jsonb_build_object(
    'job_id', NEW.id, 'job_type', 'import', 'job_kind', 'IMPORT', 'status', NEW.status::text,
    'tasks', NEW."rowsTotal", 'done', NEW."rowsWritten", 'failed', NEW."rowsRejected"));
  RETURN NULL;
END $$;

CREATE TRIGGER import_jobs_webhook_events AFTER UPDATE OF status ON import_jobs
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status::text IN ('DONE', 'REFUSED', 'FAILED'))
  EXECUTE FUNCTION import_jobs_webhook_events();
