-- CreateTable
CREATE TABLE "my_quality_snapshots" (
    "membershipId" UUID NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "looAsOf" TIMESTAMP(3),
    "looAgree" INTEGER NOT NULL DEFAULT 0,
    "looCompared" INTEGER NOT NULL DEFAULT 0,
    "looJudgments" INTEGER NOT NULL DEFAULT 0,
    "goldAsOf" TIMESTAMP(3),
    "goldAgree" INTEGER NOT NULL DEFAULT 0,
    "goldCompared" INTEGER NOT NULL DEFAULT 0,
    "goldJudgments" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "my_quality_snapshots_pkey" PRIMARY KEY ("membershipId")
);

-- AddForeignKey
ALTER TABLE "my_quality_snapshots" ADD CONSTRAINT "my_quality_snapshots_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "memberships"("id") ON DELETE CASCADE ON UPDATE CASCADE;
