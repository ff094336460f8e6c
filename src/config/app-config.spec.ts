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

  it('refuses settings that cannot work', () => {
    expect(() => loadConfig({ EVENT_STORE: 'postgres' })).toThrow(/EVENT_STORE/);
    expect(() => loadConfig({ EVENT_STORE: 'esdb' })).toThrow(/EVENTSTORE_CONNECTION_STRING/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ AUTH_FAILURES_PER_MINUTE: '0' })).toThrow(/AUTH_FAILURES_PER_MINUTE/);
  });
});
