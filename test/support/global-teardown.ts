// Drops the template database and stops what global-setup started.
import pg from 'pg';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.DUBAN_TEST_TEMPLATE_URL;
  if (url) {
    const admin = new URL(url);
    const name = admin.pathname.slice(1);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    await client.end();
  }
  const stops = (globalThis as { __dubanStops?: Array<() => Promise<void>> }).__dubanStops ?? [];
  for (const stop of stops.reverse()) await stop();
}
