import { sqlLiteral } from '@/lib/db';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is an id (a UUID): only such values go into SQL sent with the simple protocol. */
export function isId(value: string): boolean {
  return UUID.test(value);
}

/**
 * An id written into SQL sent with the simple protocol (several statements in one round trip, no
 * parameters; withTransaction's `opening`): checked to be a UUID, then quoted by pg.
 */
export function lit(value: string): string {
  if (!isId(value)) throw new Error(`not an id: ${value}`);
  return sqlLiteral(value);
}
