// The bench harness at toy sizes: every item runs end to end and the table renders. No timed assertions:
// figures belong to `npm run bench`, not to the test suite.
import { parseOptions } from './options';
import { notes, renderComparison, renderTable, rows } from './report';
import { runBench } from './run-bench';

const toy = () => ({
  ...parseOptions([]),
  sizes: [20],
  runs: 1,
  largeRuns: 1,
  concurrency: 10,
  population: 20,
  probes: 4,
  gapMs: 100,
  reports: 4,
  p5Tasks: 300,
  p5Reports: 1500,
  p5Requests: 3,
  replayRounds: 1,
  replayHistories: 4,
  settleMs: 500,
});

test('every item runs at toy sizes and prints a row beside its baseline', async () => {
  const options = toy();
  const results = await runBench(options, () => undefined, 'dev');
  const table = rows(results);
  expect(table.map((r) => r.item.slice(0, 2))).toEqual(
    expect.arrayContaining(['P1', 'P2', 'P3', 'P4', 'P5', 'P6']),
  );
  for (const r of table) {
    expect(r.duban).toMatch(/\d/);
    expect(r.baseline).toMatch(/\d/);
  }
  expect(results.duplicateEmails).toBe(0);
  expect(renderTable(table)).toContain('P1 starts/s, N=20');
  expect(notes(results).join('\n')).toContain('maxCachedWorkflows');
});

test('P1–P3 run against the Temporal server on Postgres and line up beside the dev server', async () => {
  const options = { ...toy(), only: new Set(['P1', 'P2', 'P3'] as const) };
  const server = await runBench(options, () => undefined, 'server');
  expect(server.errors).toEqual([]);
  const table = rows(server);
  expect(table.map((r) => r.item.slice(0, 2))).toEqual(['P1', 'P2', 'P2', 'P3', 'P3']);
  for (const r of table) expect(r.duban).toMatch(/\d/);
  expect(server.duplicateEmails).toBe(0);
  // The side-by-side table lines up the same items measured on each server.
  const dev = table.map((r) => ({ ...r, duban: `dev ${r.duban}` }));
  const side = renderComparison([
    ['dev', dev],
    ['server', table],
  ]);
  expect(side).toMatch(/P1 starts\/s, N=20 +dev [\d.]+\/s .* {2}[\d.]+\/s \(baseline/);
});
