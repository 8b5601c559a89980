import { z } from 'zod';

export const ZSetPasswordSignIn = z.object({
  enabled: z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true'),
});
export type TSetPasswordSignIn = z.infer<typeof ZSetPasswordSignIn>;
