-- CreateTable
CREATE TABLE "dashboard_fold_counts" (
    "projectId" UUID NOT NULL,
    "folds" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "dashboard_fold_counts_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "dashboard_figure_cache" (
    "projectId" UUID NOT NULL,
    "widget" TEXT NOT NULL,
    "key" TEXT NOT NULL DEFAULT '',
    "stateKey" TEXT NOT NULL DEFAULT '',
    "value" JSONB,
    "computedAt" TIMESTAMP(3),
    "computeMs" INTEGER,
    "askedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dashboard_figure_cache_pkey" PRIMARY KEY ("projectId","widget","key")
);
