import { loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to the embedded store with demo data and CORS closed', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      eventStore: 'sqlite',
      demo: true,
      corsOrigins: [],
    });
  });

  it('refuses to run in production without a configured secret (demo sign-in would be open)', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_SECRET is required/);
    expect(loadConfig({ NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(32) }).authSecret).toBe(
      'x'.repeat(32),
    );
  });

  it('loads the demo session only outside production unless DEMO says so: the log keeps it forever', () => {
    const secret = { AUTH_SECRET: 'x'.repeat(32) };
    expect(loadConfig({ ...secret, NODE_ENV: 'production' }).demo).toBe(false);
    expect(loadConfig({ ...secret, NODE_ENV: 'production', DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ ...secret, NODE_ENV: 'production', DEMO: '' }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).demo).toBe(true);
    expect(loadConfig({ DEMO: 'false' }).demo).toBe(false);
    expect(loadConfig({ DEMO: 'off' }).demo).toBe(false);
    expect(loadConfig({ DEMO: '1' }).demo).toBe(true);
  });

  it('refuses settings that cannot work', () => {
    expect(() => loadConfig({ EVENT_STORE: 'postgres' })).toThrow(/EVENT_STORE/);
    expect(() => loadConfig({ EVENT_STORE: 'esdb' })).toThrow(/EVENTSTORE_CONNECTION_STRING/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ AUTH_FAILURES_PER_MINUTE: '0' })).toThrow(/AUTH_FAILURES_PER_MINUTE/);
    expect(() => loadConfig({ DEMO: 'maybe' })).toThrow(/DEMO/);
  });
});
