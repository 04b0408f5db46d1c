// The `duban` command line: `npm run -s duban -- <command>`.
import { Command, CommanderError } from 'commander';
import { redactSecrets } from '../../worker/redact';
import { registerBulletinCommands } from './commands/bulletin';
import { registerLedgerCommands } from './commands/ledger';
import { registerMailCommands } from './commands/mail';
import { registerRankingCommand } from './commands/ranking';
import { registerSimulateCommand } from './commands/simulate';
import { registerSystemCommands } from './commands/system';
import { registerTaskActionCommands } from './commands/task-actions';
import { registerTaskCommands } from './commands/tasks';
import { registerTokenCommands } from './commands/tokens';
import { createCliContext } from './context';
import { UsageError } from './output';

async function main(argv: string[]): Promise<number> {
  const ctx = createCliContext();
  const program = new Command('duban')
    .description('督办 — key-task supervision engine')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerSystemCommands(program, ctx);
  registerTaskCommands(program, ctx);
  registerLedgerCommands(program, ctx);
  registerMailCommands(program, ctx);
  registerTaskActionCommands(program, ctx);
  registerTokenCommands(program, ctx);
  registerRankingCommand(program, ctx);
  registerBulletinCommands(program, ctx);
  registerSimulateCommand(program, ctx);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError) {
      process.stderr.write(`duban: ${err.message}\n`);
      program.outputHelp({ error: true });
      return 2;
    }
    // A message may quote DATABASE_URL or SMTP_URL (a driver's error, a bad value): never with its password.
    process.stderr.write(`duban: ${redactSecrets((err as Error).message)}\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
