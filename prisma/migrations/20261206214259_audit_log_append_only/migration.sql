-- CreateIndex
CREATE INDEX "audit_events_projectId_id_idx" ON "audit_events"("projectId", "id");

-- CreateIndex
CREATE INDEX "audit_events_actorId_id_idx" ON "audit_events"("actorId", "id");

-- Issue 30: the app never updates or deletes an audit row. The one UPDATE allowed is the one the
-- foreign keys themselves make (ON DELETE SET NULL): deleting a user or a project nulls actorId or
-- projectId and changes nothing else, so the record of what happened outlives who did it.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.id = OLD.id AND NEW.action = OLD.action AND NEW."createdAt" = OLD."createdAt" AND NEW.data = OLD.data
     AND NEW."targetType" IS NOT DISTINCT FROM OLD."targetType" AND NEW."targetId" IS NOT DISTINCT FROM OLD."targetId"
     AND (NEW."actorId" IS NOT DISTINCT FROM OLD."actorId" OR NEW."actorId" IS NULL)
     AND (NEW."projectId" IS NOT DISTINCT FROM OLD."projectId" OR NEW."projectId" IS NULL) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events rows are never % (append-only)', lower(TG_OP) USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
