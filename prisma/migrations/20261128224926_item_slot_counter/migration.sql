-- AlterTable
ALTER TABLE "items" ADD COLUMN     "rankSlotsTaken" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "items_projectId_rankSlotsTaken_priority_createdAt_idx" ON "items"("projectId", "rankSlotsTaken", "priority" DESC, "createdAt");

-- Hand-written: keep items."rankSlotsTaken" equal to the number of RANK assignments holding a
-- slot, whatever changes them (claim, renewal, expiry, late submit, deletion).
CREATE FUNCTION assignments_track_rank_slots() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."slot" IS NOT NULL AND OLD."kind" = 'RANK' THEN
    UPDATE "items" SET "rankSlotsTaken" = "rankSlotsTaken" - 1 WHERE "id" = OLD."itemId";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."slot" IS NOT NULL AND NEW."kind" = 'RANK' THEN
    UPDATE "items" SET "rankSlotsTaken" = "rankSlotsTaken" + 1 WHERE "id" = NEW."itemId";
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "assignments_track_rank_slots" AFTER INSERT OR UPDATE OF "slot", "kind" OR DELETE ON "assignments"
  FOR EACH ROW EXECUTE FUNCTION assignments_track_rank_slots();

UPDATE "items" i SET "rankSlotsTaken" = (SELECT count(*) FROM "assignments" a WHERE a."itemId" = i."id" AND a."kind" = 'RANK' AND a."slot" IS NOT NULL);
