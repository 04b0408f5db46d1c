// `duban simulate`: the simulated departments and office, a separate process talking to the public API.
import type { Command } from 'commander';
import { z } from 'zod';
import { createLogger } from '../../../worker/logger';
import { apiClient } from '../../simulator/api-client';
import { runSimulator } from '../../simulator/run-simulator';
import type { CliContext } from '../context';
import { UsageError } from '../output';

const tokensSchema = z.object({
  office: z.string().min(1),
  departments: z.record(z.string(), z.string().min(1)),
});

export function registerSimulateCommand(program: Command, ctx: CliContext): void {
  program
    .command('simulate')
    .description('simulate departments and the office through the API (tokens in DUBAN_SIM_TOKENS as JSON)')
    .option('--api <url>', 'the API base URL', process.env.DUBAN_API_URL)
    .option(
      '--seed <seed>',
      'the seed: the same seed, the same behaviour',
      process.env.DUBAN_SIM_SEED ?? '2023',
    )
    .option('--interval <ms>', 'real milliseconds between rounds', '1000')
    .action(async (opts: { api?: string; seed: string; interval: string }) => {
      if (!opts.api) throw new UsageError('--api <url> (or DUBAN_API_URL) is required');
      const tokens = tokensSchema.safeParse(JSON.parse(process.env.DUBAN_SIM_TOKENS ?? 'null'));
      if (!tokens.success)
        throw new UsageError('DUBAN_SIM_TOKENS must be {"office": "...", "departments": {"code": "..."}}');
      const intervalMs = Number(opts.interval);
      if (!Number.isInteger(intervalMs) || intervalMs < 50)
        throw new UsageError('--interval must be a whole number ≥ 50');
      const log = createLogger('simulator', { level: ctx.config().logLevel, format: ctx.config().logFormat });
      const abort = new AbortController();
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort.abort());
      await runSimulator({
        api: apiClient(opts.api),
        seed: opts.seed,
        clock: await ctx.clock(),
        tokens: tokens.data,
        intervalMs,
        log: (message, fields) => log.info(fields ?? {}, message),
        signal: abort.signal,
      });
    });
}
