import { parse, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { withTimeout } from './plugin.js';

const args = { document: parse('{ __typename }') } as unknown as ExecutionArgs;

describe('withTimeout', () => {
  it('answers TIMEOUT when execution outlasts the limit, without waiting for it', async () => {
    const slow = () => new Promise<ExecutionResult>((r) => setTimeout(() => r({ data: { late: true } }), 2_000));
    const t0 = Date.now();
    const result = await withTimeout(slow, 50)(args);
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(result.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
    expect(result.data).toBeUndefined();
  });

  it('passes a result that arrives in time through unchanged', async () => {
    const fast = async () => ({ data: { ok: true } });
    expect(await withTimeout(fast, 1_000)(args)).toEqual({ data: { ok: true } });
  });
});
