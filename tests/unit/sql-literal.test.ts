import { escapeLiteral } from 'pg';
import { describe, expect, it } from 'vitest';
import { sqlLiteral } from '@/lib/db';

describe('sqlLiteral', () => {
  it("writes every string as pg's escapeLiteral does", () => {
    const samples = ['', 'plain', "it's", "''", '\\', "a\\'b", "E'x'", '{"a":"b\\"c\'d"}', '😀 \u0000 \n\t', "x'); DROP TABLE users; --"];
    for (const s of samples) expect(sqlLiteral(s)).toBe(escapeLiteral(s));
  });
});
