'use client';

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '4rem 1rem', maxWidth: '36rem', margin: '0 auto' }}>
        <h1>Something went wrong</h1>
        <p>Preference Lab could not show this page. {error.digest ? `Reference: ${error.digest}.` : ''}</p>
      </body>
    </html>
  );
}
