// Recorded histories of every scenario (test/replay/histories, recorded with DUBAN_RECORD_HISTORIES=1) must
// replay with the current workflow code: a change that would break running workflows fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeHistory, HISTORIES_DIR, replayFailures } from '../support/replay';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

test('there are recorded histories for the scenarios', () => {
  expect(files.length).toBeGreaterThanOrEqual(10);
});

test('every recorded history replays with the current workflow code', async () => {
  const histories = files.map((f) => decodeHistory(readFileSync(path.join(HISTORIES_DIR, f), 'utf8')));
  expect(await replayFailures(histories)).toEqual([]);
});
