// A jest reporter: before jest's summary, the ten slowest test files with their wall times, so a slow machine
// shows where its time went, and one plain line `jest: N passed, N failed[, N skipped]`, also written to
// DUBAN_TEST_SUMMARY_FILE when set (.ci/run prints it last, the line CI reads).
const { writeFileSync } = require('node:fs');
const path = require('node:path');

class SlowestFilesReporter {
  constructor(globalConfig, options = {}) {
    this.rootDir = globalConfig.rootDir;
    this.count = options.count ?? 10;
  }

  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((r) => ({
        file: path.relative(this.rootDir, r.testFilePath),
        ms: r.perfStats.end - r.perfStats.start,
      }))
      .filter((f) => Number.isFinite(f.ms))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, this.count);
    const lines = [`\nslowest ${files.length} test files:`];
    for (const f of files) lines.push(`  ${(f.ms / 1000).toFixed(1).padStart(7)} s  ${f.file}`);
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `jest: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    lines.push(line);
    process.stderr.write(`${lines.join('\n')}\n`);
    if (process.env.DUBAN_TEST_SUMMARY_FILE) writeFileSync(process.env.DUBAN_TEST_SUMMARY_FILE, `${line}\n`);
  }
}

module.exports = SlowestFilesReporter;
