import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/auth/options';

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per call (cached) so that `next build` needs no secret.
function handler(req: Request, context: Context) {
  return NextAuth(req as never, context as never, getAuthOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
