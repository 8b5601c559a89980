import { IMPORT_FORMATS, type ImportFormat } from '@/lib/import/types';

const FORMAT_TEXT: Record<ImportFormat, { label: string; help: string }> = {
  native: { label: 'Native', help: 'One item per row: a prompt or messages, the responses to compare (id, model and metadata optional), an optional gold ranking and optional routing requirements (requires: language, proficiency, expertise).' },
  'hh-rlhf': { label: 'HH-RLHF pairs', help: 'Anthropic HH-RLHF rows: a chosen and a rejected transcript; their shared beginning becomes the conversation.' },
  trl: { label: 'TRL preference rows', help: 'A prompt with a chosen and a rejected completion, as TRL reward and DPO trainers read them.' },
  summarize: { label: 'Summarize from feedback', help: 'OpenAI summarize-from-feedback comparisons: a post and two summaries; rows about the same post become one item.' },
  critiques: { label: 'Critiques', help: 'Model-written critiques attached by id to responses already in this project, or (with perturbation_id) to a flawed variant of one.' },
  perturbations: {
    label: 'Perturbations',
    help: 'Flawed variants of responses already in this project, with the flaw (description, category, severity) and optional critiques of both texts. The changed span is computed from the difference.',
  },
};

/** What the format select offers, with one line of help each (shown under the select). */
export const FORMAT_CHOICES: { value: ImportFormat | 'auto'; label: string; help: string }[] = [
  { value: 'auto', label: 'Auto-detect', help: 'Recognised from the first row of the file.' },
  ...IMPORT_FORMATS.map((value) => ({ value, ...FORMAT_TEXT[value] })),
];

/** One example row per format, for the help on the import page (rendered as text, never as HTML). */
export const FORMAT_EXAMPLES: Record<ImportFormat, unknown> = {
  native: {
    id: 'q1',
    prompt: 'Explain recursion to a ten-year-old.',
    responses: [
      { id: 'q1-a', model: 'model-a', text: 'Recursion is when something is defined using a smaller copy of itself…' },
      { id: 'q1-b', model: 'model-b', text: 'Imagine a set of nesting dolls…' },
    ],
    metadata: { source: 'pilot' },
  },
  'hh-rlhf': {
    chosen: '\n\nHuman: What is the capital of France?\n\nAssistant: The capital of France is Paris.',
    rejected: '\n\nHuman: What is the capital of France?\n\nAssistant: I am not sure.',
  },
  trl: {
    prompt: 'Write a haiku about rain.',
    chosen: 'Soft rain on the roof / the garden drinks in silence / puddles hold the sky',
    rejected: 'Rain is wet and falls down.',
  },
  summarize: {
    info: { id: 't3_abc123', title: 'Should I take the new job?', post: 'I have been offered a job in another city…', subreddit: 'careers' },
    summaries: [
      { text: 'Offered a job elsewhere; unsure whether to move.', policy: 'sup2' },
      { text: 'Job question.', policy: 'ref' },
    ],
    choice: 0,
    worker: 'w17',
  },
  critiques: {
    response_id: 'q1-b',
    critiques: ['The analogy never says what the smallest doll (the base case) stands for.'],
    model: 'critic-1',
  },
  perturbations: {
    id: 'q1-b-flaw1',
    response_id: 'q1-b',
    flawed: 'Imagine a set of nesting dolls… and the biggest doll is the base case…',
    flaw: { description: 'Says the biggest doll is the base case; it is the smallest.', category: 'accuracy', severity: 3, missable_because: 'The analogy still reads naturally.' },
    status: 'accepted',
    critiques: { original: ['Clear analogy.'], flawed: [{ text: 'The base case is the smallest doll, not the biggest.', model: 'critic-1' }] },
  },
};
