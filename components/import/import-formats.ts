import { IMPORT_FORMATS, type ImportFormat } from '@/lib/import/types';

const FORMAT_TEXT: Record<ImportFormat, { label: string; help: string }> = {
  native: {
    label: 'Native',
    help: 'One item per row: a prompt or messages, the responses to compare (id, model and metadata optional), an optional gold ranking and optional routing requirements (requires: language, proficiency, expertise).',
  },
  'hh-rlhf': {
    label: 'HH-RLHF pairs',
    help: 'Anthropic HH-RLHF rows as published: a chosen and a rejected transcript; their shared beginning up to an "Assistant:" turn becomes the conversation, each remainder (verbatim, possibly empty or several turns) a response.',
  },
  trl: {
    label: 'TRL preference rows',
    help: 'A prompt with a chosen and a rejected completion, as TRL reward and DPO trainers read them: standard, conversational, implicit prompt or UltraFeedback binarized. score_chosen/score_rejected become imported scores; margin 0 is a tie.',
  },
  summarize: {
    label: 'Summarize from feedback',
    help: 'OpenAI summarize-from-feedback comparisons: a post and two summaries; rows about the same post become one item.',
  },
  critiques: {
    label: 'Critiques',
    help: 'Model-written critiques attached by id to responses already in this project, or (with perturbation_id) to a flawed variant of one.',
  },
  'openai-preference': {
    label: 'OpenAI preference rows',
    help: 'OpenAI preference fine-tuning rows (input.messages, preferred_output, non_preferred_output), as the openai-dpo export writes them.',
  },
  rankings: {
    label: 'Rankings (our export)',
    help: 'Rows of the rankings export: the item, its responses and every judgment, which become imported labels.',
  },
  oasst: {
    label: 'Open Assistant',
    help: 'oasst1/oasst2 message rows (message_id, parent_id, role prompter/assistant, rank) or message trees: each prompter message with two or more ranked replies becomes an item, its ranks an imported label.',
  },
  arena: {
    label: 'Chatbot Arena battles',
    help: 'One item per battle (model_a, model_b, conversation_a/b); the winner becomes an imported label, "tie (bothbad)" an all-unacceptable one.',
  },
  helpsteer: {
    label: 'HelpSteer2 ratings',
    help: 'One row per response with helpfulness, correctness, coherence, complexity and verbosity (0–4); rows of one prompt become one item, the attributes imported scores.',
  },
  prm800k: {
    label: 'PRM800K step labels',
    help: 'OpenAI PRM800K rows: question.problem and label.steps[] (each with its completions rated -1/0/+1 and chosen_completion), label.finish_reason. One item per solution; the ratings become imported step labels.',
  },
  'trl-stepwise': {
    label: 'TRL stepwise supervision',
    help: 'TRL stepwise rows: a prompt, completions (the steps) and labels (true/false per step, optional). One item per row; labels become imported step labels (true +1, false -1).',
  },

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
    info: {
      id: 't3_abc123',
      title: 'Should I take the new job?',
      post: 'I have been offered a job in another city…',
      subreddit: 'careers',
    },
    summaries: [
      { text: 'Offered a job elsewhere; unsure whether to move.', policy: 'sup2' },
      { text: 'Job question.', policy: 'ref' },
    ],
    choice: 0,
    worker: 'w17',
  },
  'openai-preference': {
    input: { messages: [{ role: 'user', content: 'What is the capital of France?' }] },
    preferred_output: [{ role: 'assistant', content: 'Paris.' }],
    non_preferred_output: [{ role: 'assistant', content: 'Lyon.' }],
  },
  rankings: {
    item_id: 'q1',
    messages: [{ role: 'user', content: 'Explain recursion to a ten-year-old.' }],
    responses: [
      { id: 'q1-a', text: 'Recursion is when something is defined using a smaller copy of itself…', model: 'model-a' },
      { id: 'q1-b', text: 'Imagine a set of nesting dolls…', model: 'model-b' },
    ],
    judgments: [{ labeler: 'labeler-3f9a', ranking: [['q1-b'], ['q1-a']], all_unacceptable: false }],
  },
  oasst: {
    message_tree_id: 'm1',
    prompt: {
      message_id: 'm1',
      role: 'prompter',
      text: 'What is a monopsony?',
      lang: 'en',
      replies: [
        {
          message_id: 'm2',
          role: 'assistant',
          text: 'A market with a single buyer, such as one employer in a town.',
          rank: 0,
          replies: [],
        },
        { message_id: 'm3', role: 'assistant', text: 'One buyer.', rank: 1, replies: [] },
      ],
    },
  },
  arena: {
    question_id: 'b1',
    model_a: 'model-a',
    model_b: 'model-b',
    winner: 'model_a',
    judge: 'arena_user_1',
    conversation_a: [
      { role: 'user', content: 'Name a prime number.' },
      { role: 'assistant', content: '7' },
    ],
    conversation_b: [
      { role: 'user', content: 'Name a prime number.' },
      { role: 'assistant', content: '9' },
    ],
  },
  helpsteer: {
    prompt: 'c#',
    response: 'C# is an object-oriented language from Microsoft.',
    helpfulness: 3,
    correctness: 4,
    coherence: 4,
    complexity: 2,
    verbosity: 1,
  },
  prm800k: {
    labeler: '340d89bc-f5b7-45e9-b272-909ba68ee363',
    question: { problem: 'What is 2 + 3 * 4?', ground_truth_answer: '14' },
    label: {
      steps: [
        { completions: [{ text: '3 * 4 = 12.', rating: 1, flagged: null }], human_completion: null, chosen_completion: 0 },
        { completions: [{ text: '2 + 12 = 15.', rating: -1, flagged: null }], human_completion: null, chosen_completion: null },
      ],
      total_time: 41000,
      finish_reason: 'found_error',
    },
  },
  'trl-stepwise': {
    prompt: 'Which number is larger, 9.8 or 9.11?',
    completions: [
      'The fractional part of 9.8 is 0.8.',
      'The fractional part of 9.11 is 0.11.',
      '0.11 is larger than 0.8, so 9.11 is larger.',
    ],
    labels: [true, true, false],
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
    flaw: {
      description: 'Says the biggest doll is the base case; it is the smallest.',
      category: 'accuracy',
      severity: 3,
      missable_because: 'The analogy still reads naturally.',
    },
    status: 'accepted',
    critiques: {
      original: ['Clear analogy.'],
      flawed: [{ text: 'The base case is the smallest doll, not the biggest.', model: 'critic-1' }],
    },
  },
};
