-- AlterTable
ALTER TABLE "memberships" ADD COLUMN     "excluded" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "adjudications" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "itemId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "ranking" JSONB,
    "invalid" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT NOT NULL DEFAULT '',
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "adjudications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "item_stats" (
    "itemId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "stale" BOOLEAN NOT NULL DEFAULT true,
    "judgments" INTEGER NOT NULL DEFAULT 0,
    "agree" INTEGER NOT NULL DEFAULT 0,
    "compared" INTEGER NOT NULL DEFAULT 0,
    "agreeTies" INTEGER NOT NULL DEFAULT 0,
    "comparedTies" INTEGER NOT NULL DEFAULT 0,
    "agreement" DOUBLE PRECISION,
    "kendallW" DOUBLE PRECISION,
    "likert" DOUBLE PRECISION[] DEFAULT ARRAY[]::DOUBLE PRECISION[],
    "flagValues" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "adjudicated" BOOLEAN NOT NULL DEFAULT false,
    "invalid" BOOLEAN NOT NULL DEFAULT false,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "item_stats_pkey" PRIMARY KEY ("itemId")
);

-- CreateTable
CREATE TABLE "judgment_stats" (
    "judgmentId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "source" "JudgmentSource" NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "userExcluded" BOOLEAN NOT NULL,
    "counted" BOOLEAN NOT NULL,
    "looAgree" INTEGER NOT NULL,
    "looCompared" INTEGER NOT NULL,
    "goldAgree" INTEGER NOT NULL,
    "goldCompared" INTEGER NOT NULL,
    "firstWins" INTEGER NOT NULL,
    "firstLosses" INTEGER NOT NULL,
    "firstNullVariance" DOUBLE PRECISION NOT NULL,
    "longerWins" INTEGER NOT NULL,
    "longerCompared" INTEGER NOT NULL,
    "earlierAgree" INTEGER NOT NULL,
    "earlierCompared" INTEGER NOT NULL,

    CONSTRAINT "judgment_stats_pkey" PRIMARY KEY ("judgmentId")
);

-- CreateTable
CREATE TABLE "item_model_games" (
    "itemId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "modelA" TEXT NOT NULL,
    "modelB" TEXT NOT NULL,
    "games" INTEGER NOT NULL,
    "winsA" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "item_model_games_pkey" PRIMARY KEY ("itemId","modelA","modelB")
);

-- CreateTable
CREATE TABLE "item_flag_stats" (
    "itemId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "flag" TEXT NOT NULL,
    "both" DOUBLE PRECISION NOT NULL,
    "mixed" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "item_flag_stats_pkey" PRIMARY KEY ("itemId","flag")
);

-- CreateIndex
CREATE UNIQUE INDEX "adjudications_itemId_key" ON "adjudications"("itemId");

-- CreateIndex
CREATE INDEX "adjudications_projectId_idx" ON "adjudications"("projectId");

-- CreateIndex
CREATE INDEX "item_stats_projectId_stale_idx" ON "item_stats"("projectId", "stale");

-- CreateIndex
CREATE INDEX "item_stats_projectId_adjudicated_agreement_itemId_idx" ON "item_stats"("projectId", "adjudicated", "agreement", "itemId");

-- CreateIndex
CREATE INDEX "judgment_stats_projectId_userId_userExcluded_idx" ON "judgment_stats"("projectId", "userId", "userExcluded");

-- CreateIndex
CREATE INDEX "item_model_games_projectId_idx" ON "item_model_games"("projectId");

-- CreateIndex
CREATE INDEX "item_flag_stats_projectId_idx" ON "item_flag_stats"("projectId");

-- AddForeignKey
ALTER TABLE "adjudications" ADD CONSTRAINT "adjudications_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "adjudications" ADD CONSTRAINT "adjudications_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "adjudications" ADD CONSTRAINT "adjudications_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_stats" ADD CONSTRAINT "item_stats_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judgment_stats" ADD CONSTRAINT "judgment_stats_judgmentId_fkey" FOREIGN KEY ("judgmentId") REFERENCES "judgments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_model_games" ADD CONSTRAINT "item_model_games_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_flag_stats" ADD CONSTRAINT "item_flag_stats_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: mark an item's dashboard numbers stale whenever its judgments, gold ranking or
-- adjudication change, whoever changes them (submit recomputes at once; import, gold edits and
-- plain SQL leave the flag for the next dashboard read, which recomputes flagged items first).
CREATE FUNCTION item_stats_mark_stale() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE "item_stats" s SET "stale" = true
    WHERE s."itemId" IN (SELECT DISTINCT o."itemId" FROM old_rows o) AND NOT s."stale";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "item_stats" ("itemId", "projectId")
    SELECT i."id", i."projectId" FROM "items" i WHERE i."id" IN (SELECT n."itemId" FROM new_rows n) ORDER BY i."id"
    ON CONFLICT ("itemId") DO UPDATE SET "stale" = true WHERE NOT "item_stats"."stale";
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "judgments_insert_mark_stats_stale" AFTER INSERT ON "judgments"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION item_stats_mark_stale();
CREATE TRIGGER "judgments_update_mark_stats_stale" AFTER UPDATE ON "judgments"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION item_stats_mark_stale();
CREATE TRIGGER "judgments_delete_mark_stats_stale" AFTER DELETE ON "judgments"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION item_stats_mark_stale();

CREATE FUNCTION items_gold_mark_stats_stale() RETURNS trigger AS $$
BEGIN
  UPDATE "item_stats" SET "stale" = true WHERE "itemId" = NEW."id" AND NOT "stale";
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "items_gold_mark_stats_stale" AFTER UPDATE OF "isGold", "goldRanking" ON "items"
  FOR EACH ROW WHEN (OLD."isGold" IS DISTINCT FROM NEW."isGold" OR OLD."goldRanking" IS DISTINCT FROM NEW."goldRanking")
  EXECUTE FUNCTION items_gold_mark_stats_stale();

CREATE FUNCTION adjudications_mark_stats_stale() RETURNS trigger AS $$
BEGIN
  UPDATE "item_stats" SET "stale" = true
  WHERE "itemId" = (CASE WHEN TG_OP = 'DELETE' THEN OLD."itemId" ELSE NEW."itemId" END) AND NOT "stale";
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "adjudications_mark_stats_stale" AFTER INSERT OR UPDATE OR DELETE ON "adjudications"
  FOR EACH ROW EXECUTE FUNCTION adjudications_mark_stats_stale();

-- Existing judgments: every judged item starts stale, so the first dashboard read (or
-- refreshProjectStats) computes it.
INSERT INTO "item_stats" ("itemId", "projectId")
SELECT i."id", i."projectId" FROM "items" i WHERE EXISTS (SELECT 1 FROM "judgments" j WHERE j."itemId" = i."id")
ON CONFLICT DO NOTHING;
