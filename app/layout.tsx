import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { HydrationMarker } from '@/components/ui/hydration-marker';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Preference Lab', template: '%s · Preference Lab' },
  description: 'Human preference data for RLHF: rankings, demonstrations and critique-assisted evaluation.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        {children}
        <HydrationMarker />
      </body>
    </html>
  );
}
