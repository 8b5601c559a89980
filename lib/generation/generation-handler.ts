import { generationRunJob } from '@/lib/generation/generation-run-job';
import { runGenerationJob } from '@/lib/generation/run-generation-job';
import { handleJob } from '@/lib/jobs/define-job';

/** The worker side of generation-run (listed in app-jobs.ts). */
export const generationRunHandler = handleJob(generationRunJob, (data) => runGenerationJob(data));
