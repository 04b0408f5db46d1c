// The printed table: each figure (median of the runs) beside its baseline, the target and pass/miss,
// then the notes that say under which conditions each figure was taken.
import type { BenchResults } from './run-bench';
import { median } from './stats';

export interface Row {
  item: string;
  duban: string;
  baseline: string;
  ratio: string;
  target: string;
  result: 'PASS' | 'MISS' | '';
  runs: string;
}

const ms = (v: number) => (v >= 10 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);
/** RSS is read in MiB; the target is in MB. */
const mib = (v: number) => `${Math.round(v * 1.048576)} MB`;
const x = (v: number) => `${v.toFixed(2)}×`;
const count = (n: number) => n.toLocaleString('en-US');
const verdict = (ok: boolean): Row['result'] => (ok ? 'PASS' : 'MISS');
const med = <T>(runs: T[], f: (r: T) => number) => median(runs.map(f));

export function rows(r: BenchResults): Row[] {
  const out: Row[] = r.errors.map((e) => ({
    item: `${e.item} FAILED: ${e.message.slice(0, 100)}`,
    duban: '',
    baseline: '',
    ratio: '',
    target: '',
    result: 'MISS',
    runs: '',
  }));
  for (const { n, runs } of r.p1) {
    const ratio = med(runs, (x) => x.duban.perSecond / x.baseline.perSecond);
    out.push({
      item: `P1 starts/s, N=${count(n)}`,
      duban: `${med(runs, (x) => x.duban.perSecond).toFixed(1)}/s`,
      baseline: `${med(runs, (x) => x.baseline.perSecond).toFixed(1)}/s`,
      ratio: x(ratio),
      target: '≥ 0.90× baseline',
      result: verdict(ratio >= 0.9),
      runs: String(runs.length),
    });
  }
  if (r.p2) {
    const { runs, population } = r.p2;
    const p99 = med(runs, (x) => x.duban.p99);
    out.push({
      item: `P2 escalation lag p50, ${count(population)} open`,
      duban: ms(med(runs, (x) => x.duban.p50)),
      baseline: ms(med(runs, (x) => x.baseline.p50)),
      ratio: '',
      target: '',
      result: '',
      runs: String(runs.length),
    });
    out.push({
      item: `P2 escalation lag p99, ${count(population)} open`,
      duban: ms(p99),
      baseline: ms(med(runs, (x) => x.baseline.p99)),
      ratio: '',
      target: '≤ 1 s',
      result: verdict(p99 <= 1000),
      runs: String(runs.length),
    });
  }
  if (r.p3) {
    const runs = r.p3;
    const ratio = med(runs, (x) => x.duban.p99 / x.baseline.p99);
    out.push({
      item: 'P3 report round trip p50',
      duban: ms(med(runs, (x) => x.duban.p50)),
      baseline: ms(med(runs, (x) => x.baseline.p50)),
      ratio: x(med(runs, (x) => x.duban.p50 / x.baseline.p50)),
      target: '',
      result: '',
      runs: String(runs.length),
    });
    out.push({
      item: 'P3 report round trip p99',
      duban: ms(med(runs, (x) => x.duban.p99)),
      baseline: ms(med(runs, (x) => x.baseline.p99)),
      ratio: x(ratio),
      target: '≤ 1.50× baseline',
      result: verdict(ratio <= 1.5),
      runs: String(runs.length),
    });
  }
  if (r.p4) {
    const p = r.p4;
    out.push({
      item: `P4 worker RSS, ${count(p.population)} open`,
      duban: mib(p.duban.settled),
      baseline: mib(p.baseline.rss),
      ratio: x(p.duban.settled / p.baseline.rss),
      target: '≤ 500 MB',
      result: verdict(p.duban.settled * 2 ** 20 <= 500e6),
      runs: '1',
    });
  }
  if (r.p5) {
    const cases = r.p5.runs[0]!.map((c) => c.name);
    for (const [i, name] of cases.entries()) {
      const p95 = med(r.p5.runs, (run) => run[i]!.api.p95);
      out.push({
        item: `P5 ${name} p95`,
        duban: ms(p95),
        baseline: ms(med(r.p5.runs, (run) => run[i]!.raw.p95)),
        ratio: '',
        target: '≤ 100 ms',
        result: verdict(p95 <= 100),
        runs: String(r.p5.runs.length),
      });
    }
  }
  if (r.p6) {
    const p = r.p6;
    out.push({
      item: 'P6 replay CPU per history event',
      duban: `${Math.round(p.duban.cpuUsPerEvent)} µs`,
      baseline: `${Math.round(p.baseline.cpuUsPerEvent)} µs`,
      ratio: x(p.duban.cpuUsPerEvent / p.baseline.cpuUsPerEvent),
      target: '',
      result: '',
      runs: String(p.rounds),
    });
  }
  return out;
}

export function renderTable(list: Row[]): string {
  const head: Row = {
    item: 'item',
    duban: 'duban',
    baseline: 'baseline',
    ratio: 'ratio',
    target: 'target',
    result: '' as Row['result'],
    runs: 'runs',
  };
  const all = [{ ...head, result: 'result' as Row['result'] }, ...list];
  const keys = Object.keys(head) as Array<keyof Row>;
  const width = (k: keyof Row) => Math.max(...all.map((r) => [...r[k]].length));
  const pad = (s: string, w: number, right: boolean) =>
    right ? s.padStart(w + s.length - [...s].length) : s.padEnd(w + s.length - [...s].length);
  const line = (r: Row) =>
    keys
      .map((k) => pad(r[k], width(k), k === 'duban' || k === 'baseline' || k === 'ratio'))
      .join('  ')
      .trimEnd();
  const rule = keys.map((k) => '-'.repeat(width(k))).join('  ');
  return [line(all[0]!), rule, ...list.map(line)].join('\n');
}

/** One line per item measured on every engine: duban's figure and its baseline's, engine by engine. */
export function renderComparison(tables: Array<[string, Row[]]>): string {
  const items = tables[0]![1].map((r) => r.item).filter((item) => !item.includes('FAILED'));
  const shared = items.filter((item) => tables.every(([, rs]) => rs.some((r) => r.item === item)));
  const header = ['item', ...tables.map(([label]) => label)];
  const body = shared.map((item) => [
    item,
    ...tables.map(([, rs]) => {
      const r = rs.find((row) => row.item === item)!;
      return `${r.duban} (baseline ${r.baseline}${r.ratio ? `, ${r.ratio}` : ''})`;
    }),
  ]);
  const all = [header, ...body];
  const width = header.map((_, i) => Math.max(...all.map((row) => [...row[i]!].length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(width[i]! + cell.length - [...cell].length))
      .join('  ')
      .trimEnd();
  return [line(header), width.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** What each figure means and what it ran under, from the runs themselves. */
export function notes(r: BenchResults): string[] {
  const out: string[] = [];
  for (const { n, runs } of r.p1) {
    out.push(
      `P1 N=${count(n)}: per run duban/baseline starts/s ${runs
        .map((x) => `${x.duban.perSecond.toFixed(1)}/${x.baseline.perSecond.toFixed(1)}`)
        .join(
          ', ',
        )}; all first tasks done after ${runs.map((x) => `${x.duban.settledS.toFixed(0)} s`).join(', ')} ` +
        `(baseline ${runs.map((x) => `${x.baseline.settledS.toFixed(0)} s`).join(', ')}); ` +
        `one start took ${ms(med(runs, (x) => x.duban.startP50Ms))} (baseline ${ms(med(runs, (x) => x.baseline.startP50Ms))}) median ` +
        `with ${runs[0]!.concurrency} in flight.`,
      `   cores busy while duban started (last run): ${runs.at(-1)!.duban.cpu}`,
      `   cores busy while the baseline started (last run): ${runs.at(-1)!.baseline.cpu}`,
    );
  }
  if (r.p2) {
    const last = r.p2.runs.at(-1)!;
    out.push(
      `P2: ${last.samples} level-1 reminders per run (due ${Math.round(last.leadMs / 1000)} s after each probe's start), ` +
        `${last.perSecond.toFixed(1)}/s per arm, arms interleaved; max lag per run ${r.p2.runs
          .map((x) => `${Math.round(x.duban.max)}/${Math.round(x.baseline.max)} ms`)
          .join(', ')} (duban/baseline).`,
      `   cores busy (last run): ${last.cpu}`,
    );
  }
  if (r.p3) {
    out.push(
      `P3: ${r.p3[0]!.samples} reports per run after 10 warm-up, one at a time, each interleaved with a raw Update; ` +
        `per run p99 duban/baseline ${r.p3.map((x) => `${ms(x.duban.p99)}/${ms(x.baseline.p99)}`).join(', ')}.`,
      `   where a report's time goes (median ms, server timestamps, last run): ${r.p3
        .at(-1)!
        .phases.duban.map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join('; ')}`,
      `   and a raw Update's: ${r.p3
        .at(-1)!
        .phases.baseline.map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join('; ')}`,
    );
  }
  if (r.p4) {
    const p = r.p4;
    out.push(
      `P4: RSS read ${Math.round(p.settleMs / 1000)} s after the worker went idle. Task worker (worker/main.ts, fresh process) ${mib(p.duban.settled)} once all ${count(p.population)} had run` +
        (p.duban.afterP2 !== undefined ? `, ${mib(p.duban.afterP2)} after P2` : '') +
        `, peak ${mib(p.duban.peak)} (sampled every second, during the start burst); baseline worker with ${count(p.population)} idle workflows ${mib(p.baseline.rss)} ` +
        `(peak ${mib(p.baseline.peak)}). maxCachedWorkflows ${p.maxCachedWorkflows} in both (TEMPORAL_MAX_CACHED_WORKFLOWS), ` +
        `so ${count(Math.max(0, p.population - p.maxCachedWorkflows))} of the open workflows are not cached and replay when woken.`,
    );
  }
  if (r.p5) {
    const s = r.p5.seeded;
    out.push(
      `P5: ${count(s.tasks)} tasks, ${count(s.reports)} reports, ${count(s.events)} events seeded in ${s.seconds.toFixed(0)} s; ` +
        `baseline = the same SQL through pg without HTTP/auth/JSON; filter values vary per request.`,
    );
  }
  if (r.p6) {
    const p = r.p6;
    out.push(
      `P6: ${p.duban.histories} recorded histories (${count(p.duban.events)} events) against ${p.baseline.histories} idle-workflow histories ` +
        `of the same lengths (${count(p.baseline.events)} events: ping Updates), replayed ${p.rounds} times each after a warm-up round; ` +
        `wall time per history ${ms(p.duban.wallMsPerHistory)} (baseline ${ms(p.baseline.wallMsPerHistory)}); bundling the workflow code took ${ms(p.bundleMs)}.`,
    );
  }
  out.push(`emails delivered twice for one key: ${r.duplicateEmails}`);
  return out;
}
