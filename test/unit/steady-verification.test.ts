// The pieces that keep verdicts independent of pace: bounded named waits, the chaos year's pace choice, and the
// reading of the dev server's log that tells infrastructure from engine.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { infrastructureFindings } from '../chaos/infrastructure';
import { BASE_MS_PER_DAY, choosePace, MAX_MS_PER_DAY, REFERENCE_ROUND_TRIPS_PER_S } from '../chaos/pace';
import { verdictOf } from '../chaos/report';
import { DAY_MS } from '../../workflows/clock';
import { waitUntil, WaitTimeout } from '../support/wait';

test('a wait that times out names its condition and the last state seen', async () => {
  let n = 0;
  const err = await waitUntil(
    'n to reach 1000',
    async () => ++n,
    (x) => x >= 1000,
    {
      timeoutMs: 200,
      everyMs: 20,
    },
  ).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WaitTimeout);
  expect((err as Error).message).toMatch(/waiting for n to reach 1000; last seen: \d+$/);
  expect(
    await waitUntil(
      'n to pass 3',
      async () => ++n,
      (x) => x > n - 1,
    ),
  ).toBe(n);
});

test('the pace slows with the slower probe, stays whole-millisecond, and is capped', () => {
  const quiet = choosePace(REFERENCE_ROUND_TRIPS_PER_S * 2, 0.1, '');
  expect(quiet.slowdown).toBe(1);
  expect(quiet.msPerDay).toBe(BASE_MS_PER_DAY);
  const slow = choosePace(REFERENCE_ROUND_TRIPS_PER_S / 2, 0.1, '');
  expect(slow.slowdown).toBeCloseTo(2);
  expect(Number.isInteger(slow.speed)).toBe(true);
  expect(Math.abs(slow.msPerDay - 2 * BASE_MS_PER_DAY)).toBeLessThan(5);
  expect(choosePace(0.01, 100, '').msPerDay).toBeLessThanOrEqual(MAX_MS_PER_DAY + 1);
  expect(choosePace(1000, 0.1, '750')).toMatchObject({ speed: DAY_MS / 750, source: 'CHAOS_MS_PER_DAY' });
});

test('store failures in the dev server log make a failed run an infrastructure failure', () => {
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'infra-')), 'temporal-server.log');
  writeFileSync(
    log,
    [
      'time=x level=WARN msg="network dial error"',
      'time=x level=ERROR msg="Update workflow execution operation failed." shard-id=1',
      'time=x level=ERROR msg="UpdateShard failed. Failed to start transaction. Error: interrupted (9)"',
    ].join('\n'),
  );
  const found = infrastructureFindings(log);
  expect(found.storeErrors).toHaveLength(1);
  expect(found.otherErrors).toBe(1);
  const failed = [{ label: 'x', actual: 1, expected: 0, ok: false }];
  expect(verdictOf(failed, [], found.storeErrors.length > 0)).toBe('INFRASTRUCTURE FAILURE');
  expect(verdictOf(failed, [], false)).toBe('ENGINE FAILURE');
  expect(verdictOf([], [], true)).toBe('PASS');
});
