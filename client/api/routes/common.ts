// Schema pieces every route shares.
import type { z } from 'zod';
import { errorSchema } from '../errors';

/** The responses of a route: its 200 body, and the error body of 4xx and 5xx answers. */
export const responses = <S extends z.ZodType>(ok: S) => ({
  200: ok,
  '4xx': errorSchema,
  '5xx': errorSchema,
});
