-- CreateTable
CREATE TABLE "judgment_aspects" (
    "judgmentId" UUID NOT NULL,
    "aspect" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "sameAsOverall" BOOLEAN NOT NULL,
    "ranking" JSONB,

    CONSTRAINT "judgment_aspects_pkey" PRIMARY KEY ("judgmentId","aspect")
);

-- AddForeignKey
ALTER TABLE "judgment_aspects" ADD CONSTRAINT "judgment_aspects_judgmentId_fkey" FOREIGN KEY ("judgmentId") REFERENCES "judgments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (the schema cannot say it): an answer is either "same as overall" (no ranking) or an own ranking.
ALTER TABLE "judgment_aspects" ADD CONSTRAINT "judgment_aspects_same_xor_ranking" CHECK ("sameAsOverall" = ("ranking" IS NULL));
