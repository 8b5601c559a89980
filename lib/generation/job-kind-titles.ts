/** How the Jobs pages name each kind of generation job (issue 25 added the judge's two). */
export const JOB_KIND_TITLES: Record<string, { list: string; title: string; per: string; template: string }> = {
  RESPONSES: { list: 'Responses', title: 'Generating responses', per: 'prompt and connection', template: 'critique template' },
  CRITIQUES: { list: 'Critiques', title: 'Generating critiques', per: 'text', template: 'critique template' },
  JUDGE: { list: 'AI judge', title: 'AI judge run', per: 'item (orders asked)', template: 'judge template' },
  DISCRIMINATE: { list: 'Discriminator', title: 'Discriminator and critique checks', per: 'perturbation (trials)', template: 'template' },
};
