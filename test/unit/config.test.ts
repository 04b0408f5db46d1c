// Configuration is validated at start: every bad variable is named at once.
import { ConfigError, loadConfig } from '../../worker/config';

test('defaults are the embedded ones', () => {
  const c = loadConfig({});
  expect(c.database).toEqual({ url: 'postgres://postgres@127.0.0.1:5432/duban', explicit: false });
  expect(c.temporal.address).toBeUndefined();
  expect(c.clock.speed).toBe(21600);
  expect(c.simulate).toBe(true);
  expect(loadConfig({ DUBAN_SPEED: '1' }).simulate).toBe(false);
});

test('each bad value is named with its problem', () => {
  let error: ConfigError | undefined;
  try {
    loadConfig({
      DATABASE_URL: 'mysql://x',
      HTTP_PORT: '70000',
      DUBAN_SPEED: '-2',
      TEMPORAL_ADDRESS: 'nohost',
      TEMPORAL_TLS: 'maybe',
      LOG_FORMAT: 'yaml',
    });
  } catch (err) {
    error = err as ConfigError;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect(error!.problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^DATABASE_URL: must be a postgres:\/\/ URL/),
      expect.stringMatching(/^HTTP_PORT: must be 1–65535/),
      expect.stringMatching(/^DUBAN_SPEED: must be greater than 0/),
      expect.stringMatching(/^TEMPORAL_ADDRESS: must be host:port/),
      expect.stringMatching(/^TEMPORAL_TLS: must be true or false/),
      expect.stringMatching(/^LOG_FORMAT: must be auto, json or pretty/),
    ]),
  );
});

test('a client certificate needs its key', () => {
  expect(() => loadConfig({ TEMPORAL_TLS_CERT: '/c.pem' })).toThrow(/TEMPORAL_TLS_KEY: required/);
});

test('trusted proxies: addresses and CIDR ranges, none by default, anything else named', () => {
  expect(loadConfig({}).http.trustedProxies).toEqual([]);
  expect(
    loadConfig({ DUBAN_TRUSTED_PROXIES: ' 10.0.0.5, 10.1.0.0/16,::1 ,fd00::/8' }).http.trustedProxies,
  ).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'fd00::/8']);
  for (const bad of ['proxy.internal', '10.0.0.0/33', '10.0.0.1/8/8', '300.1.1.1'])
    expect(() => loadConfig({ DUBAN_TRUSTED_PROXIES: bad })).toThrow(/DUBAN_TRUSTED_PROXIES: must be/);
});

test('task write quotas: defaults, whole numbers of at least 1, the caller quota within the task quota', () => {
  expect(loadConfig({}).http.taskWriteQuota).toEqual({ perCaller: 30, perTask: 120, windowMs: 600_000 });
  expect(
    loadConfig({
      DUBAN_TASK_WRITE_QUOTA_CALLER: '5',
      DUBAN_TASK_WRITE_QUOTA_TASK: '8',
      DUBAN_TASK_WRITE_QUOTA_WINDOW: '60',
    }).http.taskWriteQuota,
  ).toEqual({ perCaller: 5, perTask: 8, windowMs: 60_000 });
  let error: ConfigError | undefined;
  try {
    loadConfig({
      DUBAN_TASK_WRITE_QUOTA_CALLER: '0',
      DUBAN_TASK_WRITE_QUOTA_TASK: 'lots',
      DUBAN_TASK_WRITE_QUOTA_WINDOW: '1.5',
    });
  } catch (err) {
    error = err as ConfigError;
  }
  expect(error?.problems).toEqual([
    'DUBAN_TASK_WRITE_QUOTA_CALLER: must be at least 1',
    'DUBAN_TASK_WRITE_QUOTA_TASK: must be a whole number',
    'DUBAN_TASK_WRITE_QUOTA_WINDOW: must be a whole number',
  ]);
  expect(() =>
    loadConfig({ DUBAN_TASK_WRITE_QUOTA_CALLER: '50', DUBAN_TASK_WRITE_QUOTA_TASK: '40' }),
  ).toThrow(/DUBAN_TASK_WRITE_QUOTA_CALLER: must not exceed DUBAN_TASK_WRITE_QUOTA_TASK \(40\)/);
});

test('the Temporal server duban starts: the dev server by default, the one on Postgres beside DATABASE_URL', () => {
  const dev = loadConfig({});
  expect(dev.temporal.engine).toBe('dev');
  expect(dev.temporal.server).toEqual({
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/temporal',
    historyShards: 4,
    binDir: undefined,
  });
  const pg = loadConfig({
    DUBAN_TEMPORAL_ENGINE: 'postgres',
    DATABASE_URL: 'postgres://duban:s3cret@db.internal:6543/duban',
    TEMPORAL_HISTORY_SHARDS: '512',
  });
  expect(pg.temporal.engine).toBe('postgres');
  expect(pg.temporal.server.databaseUrl).toBe('postgres://duban:s3cret@db.internal:6543/temporal');
  expect(pg.temporal.server.historyShards).toBe(512);
  let error: ConfigError | undefined;
  try {
    loadConfig({
      DUBAN_TEMPORAL_ENGINE: 'sqlite',
      TEMPORAL_HISTORY_SHARDS: '0',
      TEMPORAL_SERVER_DATABASE_URL: 'x',
    });
  } catch (err) {
    error = err as ConfigError;
  }
  expect(error!.problems).toEqual([
    expect.stringMatching(/^DUBAN_TEMPORAL_ENGINE: must be dev or postgres/),
    expect.stringMatching(/^TEMPORAL_SERVER_DATABASE_URL: must be a postgres:\/\/ URL/),
    expect.stringMatching(/^TEMPORAL_HISTORY_SHARDS: must be at least 1/),
  ]);
});
