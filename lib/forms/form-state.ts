/** What a server action returns to its form (useActionState): field errors next to inputs, or one message. */
export type FormState = {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string[]>;
  /** Values to show once after success (e.g. an invite link); never secrets of someone else. */
  result?: Record<string, string>;
};

export const EMPTY_FORM_STATE: FormState = {};
