import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const SECRET = 'x'.repeat(32);

function errorFor(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has defaults for everything on an empty environment (embedded database)', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      nodeEnv: 'development',
      host: '0.0.0.0',
      port: 4000,
      databaseUrl: null,
      redisUrl: null,
      jwtSecret: null,
      jwtTtlSeconds: 28800,
      logLevel: 'info',
      seedDemo: true,
      trustProxy: false,
      ombudsmanUnit: 'CALENDAR_DAYS',
      shutdownGraceSeconds: 0,
    });
    expect(c.dataDir).toMatch(/\/data$/);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '8080',
      DATABASE_URL: 'postgresql://u@db:5432/t',
      DATA_DIR: '/srv/tuntas',
      REDIS_URL: 'redis://r:6379',
      JWT_SECRET: SECRET,
      JWT_TTL_SECONDS: '60',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      LOGIN_MAX_FAILURES: '3',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '9',
      LOGIN_LOCK_SECONDS: '30',
      TRUST_PROXY: 'yes',
      REGISTER_NUMBER_FORMAT: '{code}-{seq}',
      FOLLOW_UP_WORKING_DAYS: '7',
      AUTO_CLOSE_WORKING_DAYS: '4',
      OMBUDSMAN_LENGTH: '30',
      OMBUDSMAN_UNIT: 'WORKING_DAYS',
      DEADLINE_WARNING_WORKING_DAYS: '2',
      SWEEP_INTERVAL_SECONDS: '5',
      SHUTDOWN_GRACE_SECONDS: '10',
    });
    expect(c).toMatchObject({
      nodeEnv: 'production',
      host: '127.0.0.1',
      port: 8080,
      databaseUrl: 'postgresql://u@db:5432/t',
      dataDir: '/srv/tuntas',
      redisUrl: 'redis://r:6379',
      jwtSecret: SECRET,
      jwtTtlSeconds: 60,
      logLevel: 'warn',
      // Never demo data in production, whatever SEED_DEMO says.
      seedDemo: false,
      loginMaxFailures: 3,
      loginMaxFailuresPerAddress: 9,
      loginLockSeconds: 30,
      trustProxy: 1,
      registerNumberFormat: '{code}-{seq}',
      followUpWorkingDays: 7,
      autoCloseWorkingDays: 4,
      ombudsmanLength: 30,
      ombudsmanUnit: 'WORKING_DAYS',
      deadlineWarningWorkingDays: 2,
      sweepIntervalSeconds: 5,
      shutdownGraceSeconds: 10,
    });
  });

  it('accepts PORT=0 (any free port)', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });

  const bad: [string, string][] = [
    ['NODE_ENV', 'staging'],
    ['PORT', 'abc'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://db/x'],
    ['REDIS_URL', 'http://r:6379'],
    ['JWT_SECRET', 'short'],
    ['JWT_TTL_SECONDS', 'soon'],
    ['LOG_LEVEL', 'loud'],
    ['SEED_DEMO', 'maybe'],
    ['TRUST_PROXY', 'proxy.example'],
    ['TRUST_PROXY', '10.0.0.0/99'],
    ['CORS_ORIGINS', 'not an origin'],
    ['CORS_ORIGINS', 'https://portal.example/path'],
    ['QUERY_MAX_DEPTH', '0'],
    ['EXECUTION_TIMEOUT_MS', 'soon'],
    ['SHUTDOWN_GRACE_SECONDS', '-5'],
    ['LOGIN_MAX_FAILURES', 'five'],
    ['LOGIN_MAX_FAILURES_PER_ADDRESS', '1e3x'],
    ['REGISTER_NUMBER_FORMAT', 'LAPOR/{code}'],
    ['OMBUDSMAN_UNIT', 'WEEKS'],
    // Zero or negative lengths of time would disable a lock, a deadline or the sweeper.
    ...(
      [
        'JWT_TTL_SECONDS',
        'LOGIN_LOCK_SECONDS',
        'FOLLOW_UP_WORKING_DAYS',
        'AUTO_CLOSE_WORKING_DAYS',
        'OMBUDSMAN_LENGTH',
        'DEADLINE_WARNING_WORKING_DAYS',
        'SWEEP_INTERVAL_SECONDS',
        'LOGIN_MAX_FAILURES',
      ] as const
    ).flatMap((name): [string, string][] => [
      [name, '0'],
      [name, '-3'],
    ]),
  ];

  it.each(bad)('%s=%s is refused with a one-line message naming the variable', (name, value) => {
    const err = errorFor({ [name]: value, ...(name === 'DATABASE_URL' ? { JWT_SECRET: SECRET } : {}) });
    expect(err.message.startsWith(name)).toBe(true);
    expect(err.message).toMatch(/expected/);
    expect(err.message).not.toContain('\n');
  });

  it('TRUST_PROXY takes a number of proxies in front, or their addresses (true: one proxy)', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.7']);
    expect(loadConfig({}).trustProxy).toBe(false);
  });

  it('production: no public introspection, no field suggestions, no CORS origin unless configured', () => {
    const prod = loadConfig({ NODE_ENV: 'production' }).security;
    expect(prod).toMatchObject({ publicIntrospection: false, fieldSuggestions: false, corsOrigins: [] });
    const dev = loadConfig({ CORS_ORIGINS: 'https://portal.example.go.id,http://localhost:5173' }).security;
    expect(dev).toMatchObject({ publicIntrospection: true, corsOrigins: ['https://portal.example.go.id', 'http://localhost:5173'] });
  });

  it('requires JWT_SECRET with DATABASE_URL (instances must share it)', () => {
    const err = errorFor({ DATABASE_URL: 'postgresql://u@db:5432/t' });
    expect(err.message).toMatch(/^JWT_SECRET is required when DATABASE_URL is set/);
  });
});
