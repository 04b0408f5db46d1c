// Credentials in URLs never reach a terminal or a log: the redaction itself with awkward passwords, the
// banner `duban up` prints (from a configuration holding SMTP_URL and DATABASE_URL passwords), log lines.
import { upBanner, type BannerFacts } from '../../client/system/banner';
import { makeClock } from '../../workflows/clock';
import { loadConfig } from '../../worker/config';
import { createLogger } from '../../worker/logger';
import { redactSecrets, redactUrl } from '../../worker/redact';

test.each([
  // [url, what it must become]
  ['smtp://user:password@host', 'smtp://user:***@host'],
  ['smtp://user:p%40ss:w0rd@host:25', 'smtp://user:***@host:25'],
  ['postgres://duban:s3cr:et@db.internal:5432/duban', 'postgres://duban:***@db.internal:5432/duban'],
  ['postgres://duban:pa@ss@db:5432/duban', 'postgres://duban:***@db:5432/duban'],
  ['postgres://duban:%3A%40%2F%25@db/duban', 'postgres://duban:***@db/duban'],
  ['redis://:only-a-password@cache:6379', 'redis://:***@cache:6379'],
  // A '/', '?' or '#' in a password ends the authority for the URL parser: everything up to the last '@'.
  ['postgres://duban:1234/x@db/duban', 'postgres://***@db/duban'],
  ['postgres://duban:pa/ss@db/duban', 'postgres://***@db/duban'],
  ['postgres://duban:p?ss#w@db/duban', 'postgres://***@db/duban'],
  ['smtps://duban:pa ss@smtp.example.org:465', 'smtps://duban:***@smtp.example.org:465'],
  // Credentials in the query string or the fragment.
  [
    'smtps://relay.example.org:465/?password=hunter2&pool=true',
    'smtps://relay.example.org:465/?password=***&pool=true',
  ],
  [
    'postgres://db/duban?sslpassword=zz&application_name=duban',
    'postgres://db/duban?sslpassword=***&application_name=duban',
  ],
  [
    'https://h/x?token=t0k&api_key=k3y&secret=s3c&key=k&page=2',
    'https://h/x?token=***&api_key=***&secret=***&key=***&page=2',
  ],
  ['https://h/cb#access_token=abc&state=1', 'https://h/cb#access_token=***&state=1'],
  // Nothing to hide: unchanged, as written.
  ['postgres://postgres@127.0.0.1:5432/duban', 'postgres://postgres@127.0.0.1:5432/duban'],
  ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ['smtp://127.0.0.1:2525', 'smtp://127.0.0.1:2525'],
])('redactUrl(%s)', (url, expected) => {
  expect(redactUrl(url)).toBe(expected);
});

test('URLs quoted in a message are redacted, the rest of the message kept', () => {
  expect(
    redactSecrets(
      'cannot reach Postgres at postgres://duban:s3:cr@t@db:5432/duban: connect ECONNREFUSED 10.0.0.7:5432',
    ),
  ).toBe('cannot reach Postgres at postgres://duban:***@db:5432/duban: connect ECONNREFUSED 10.0.0.7:5432');
  expect(redactSecrets('no URL here: user:password@host')).toBe('no URL here: user:password@host');
});

test('the `up` banner shows where everything is and no password of SMTP_URL or DATABASE_URL', () => {
  const config = loadConfig({
    SMTP_URL: 'smtp://user:p%40ss:w0rd@host:25',
    DATABASE_URL: 'postgres://duban:s3cr:et@db.internal:5432/duban',
  });
  // What startSystem reports for a configured database and relay (client/system/start-system.ts).
  const facts: BannerFacts = {
    clock: makeClock(Date.parse('2023-01-01T00:00:00+08:00'), Date.now(), 21600),
    databaseUrl: config.database.url,
    mailUrl: config.mail.smtpUrl!,
    temporalAddress: '127.0.0.1:7233',
    temporalUiUrl: 'http://127.0.0.1:8233',
    apiUrl: 'http://127.0.0.1:8080',
    tokens: undefined,
  };
  const banner = upBanner(facts);
  expect(banner).toMatch(/Postgres +postgres:\/\/duban:\*\*\*@db\.internal:5432\/duban$/m);
  expect(banner).toMatch(/Mail \(SMTP\) +smtp:\/\/user:\*\*\*@host:25$/m);
  for (const secret of ['p%40ss', 'p@ss', 'w0rd', 's3cr', ':et@']) expect(banner).not.toContain(secret);
});

test('log lines carry no password, whether the URL is a field, the message, an error or a binding', () => {
  const lines: string[] = [];
  const log = createLogger('test', { destination: { write: (line: string) => void lines.push(line) } });
  log.info({ database: 'postgres://duban:s3cr:et@db/duban' }, 'ready');
  log.warn('relay smtp://user:p%40ss:w0rd@host:25 refused');
  log.error({ err: new Error('cannot reach postgres://duban:s3cr:et@db/duban') }, 'failed');
  log.child({ smtp: 'smtps://duban:hunter2@relay:465' }).info('child');
  expect(lines).toHaveLength(4);
  const out = lines.join('');
  for (const secret of ['s3cr', 'p%40ss', 'w0rd', 'hunter2']) expect(out).not.toContain(secret);
  expect(JSON.parse(lines[0]!)).toMatchObject({ database: 'postgres://duban:***@db/duban', msg: 'ready' });
});

test('a person at a terminal reads log lines, not JSON; redaction holds there too', () => {
  const lines: string[] = [];
  const destination = { write: (line: string) => void lines.push(line) };
  const log = createLogger('worker', { format: 'pretty', destination });
  log.info({ database: 'postgres://duban:s3cr:et@db/duban' }, 'worker ready');
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  expect(() => JSON.parse(line)).toThrow();
  expect(line).toMatch(/INFO.*\(worker\).*worker ready/);
  expect(line).toContain('postgres://duban:***@db/duban');
  expect(line).not.toContain('s3cr');
  // Given a destination, 'auto' is never a terminal: JSON lines.
  const json: string[] = [];
  createLogger('worker', { format: 'auto', destination: { write: (l: string) => void json.push(l) } }).info(
    'x',
  );
  expect(JSON.parse(json[0]!)).toMatchObject({ name: 'worker', msg: 'x' });
});
