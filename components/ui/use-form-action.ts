'use client';

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from 'react';
import { EMPTY_FORM_STATE, type FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/**
 * useActionState for forms that keep what the person typed when the server refuses it
 * (React resets a form after every action by default), and clear it after a success.
 * Without JavaScript the plain `action` still posts the form.
 */
export function useFormAction(action: Action) {
  const [state, formAction, pending] = useActionState(action, EMPTY_FORM_STATE);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) formRef.current?.reset();
  }, [state]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  return { state, pending, formProps: { ref: formRef, action: formAction, onSubmit } };
}
