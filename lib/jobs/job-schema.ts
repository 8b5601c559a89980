/** The PostgreSQL schema pg-boss keeps its queues in; pg-boss creates and migrates it itself on start (issue 23, decisions.md). */
export const JOB_SCHEMA = 'pgboss';
