/*
  Warnings:

  - A unique constraint covering the columns `[itemId,kind,slot]` on the table `assignments` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "assignments" ADD COLUMN     "slot" INTEGER;

-- CreateIndex
CREATE INDEX "assignments_projectId_status_leaseExpiresAt_idx" ON "assignments"("projectId", "status", "leaseExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "assignments_itemId_kind_slot_key" ON "assignments"("itemId", "kind", "slot");

-- Hand-written: a slot must lie inside the project's overlap. Prisma cannot express this
-- cross-table rule, so a trigger enforces it; with the unique (item, kind, slot) index above,
-- no item can ever hold more live or submitted assignments than its project's overlap.
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_slot_non_negative" CHECK ("slot" IS NULL OR "slot" >= 0);

CREATE FUNCTION assignments_slot_within_overlap() RETURNS trigger AS $$
BEGIN
  IF NEW."slot" IS NOT NULL AND NEW."slot" >= (SELECT "overlap" FROM "projects" WHERE "id" = NEW."projectId") THEN
    RAISE EXCEPTION 'assignment slot % is outside the overlap of project %', NEW."slot", NEW."projectId" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "assignments_slot_within_overlap" BEFORE INSERT OR UPDATE OF "slot" ON "assignments"
  FOR EACH ROW EXECUTE FUNCTION assignments_slot_within_overlap();
