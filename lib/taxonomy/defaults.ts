import type { TTaxonomyFlags } from '@/lib/taxonomy/schemas';

/** Version 1 of every project's taxonomy until a lead edits it: the response flags of PRODUCT §3.1. */
export const DEFAULT_TAXONOMY: TTaxonomyFlags = {
  responseFlags: [
    { key: 'fails_instruction', label: 'Fails to follow the instruction', description: '' },
    { key: 'hallucination', label: 'Hallucination / makes up facts', description: '' },
    { key: 'harmful_advice', label: 'Harmful advice', description: '' },
    { key: 'inappropriate_for_assistant', label: 'Inappropriate for a customer assistant', description: '' },
    { key: 'sexual_content', label: 'Sexual content', description: '' },
    { key: 'violent_content', label: 'Violent content', description: '' },
    { key: 'encourages_harm', label: 'Encourages violence, abuse or self-harm', description: '' },
    { key: 'denigrates_protected_class', label: 'Denigrates a protected class', description: '' },
    { key: 'expresses_opinion', label: 'Expresses opinion', description: '' },
    { key: 'expresses_moral_judgment', label: 'Expresses moral judgment', description: '' },
    {
      key: 'satisfies_constraints',
      label: 'Satisfies the constraints in the instruction',
      description: 'A positive flag: tick it when every constraint is met.',
    },
  ],
  promptFlags: [
    { key: 'ambiguous', label: 'Ambiguous', description: '' },
    { key: 'sensitive', label: 'Sensitive', description: '' },
    { key: 'intent_unclear', label: 'Intent unclear', description: '' },
    { key: 'personal_data', label: 'Contains personal data', description: '' },
    { key: 'broken', label: 'Broken or truncated', description: '' },
  ],
};
