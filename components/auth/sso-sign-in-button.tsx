'use client';

import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** Starts the single sign-on (next-auth posts to /api/auth/signin/<provider> and follows the identity provider's redirect). */
export function SsoSignInButton({ providerId, name }: { providerId: string; name: string }) {
  const t = useTranslations('Login');
  const [pending, setPending] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn(providerId, { callbackUrl: '/' });
      }}
    >
      {pending ? t('ssoRedirecting') : t('ssoContinue', { name })}
    </Button>
  );
}
