import { testEvent } from '../../src/event-store/event-store.test-kit';
import { startTestApp, type TestApp } from '../support/test-app';

const EVENTS = 30_000;

/**
 * Issue 15: verify walks the whole log in a worker thread, one walk at a time, and says how fresh
 * its answer is; the server keeps answering while it walks.
 */
describe('verify off the thread that answers HTTP (issue 15)', () => {
  let t: TestApp;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp();
    auditor = t.token('auditor');
    // A log long enough that walking it on the event loop would hold requests behind it.
    for (let stream = 0; stream < EVENTS / 1_000; stream++) {
      await t.store.appendToStream(
        `bulk-${stream}`,
        Array.from({ length: 1_000 }, () => testEvent('Bulk', { note: 'x'.repeat(200) })),
        { expectedRevision: 'no-stream' },
      );
    }
  }, 60_000);
  afterAll(() => t.close());

  const verify = () =>
    t.http.get('/api/audit/verify').set('Authorization', `Bearer ${auditor}`).expect(200);

  it('answers /health while a verify walks the log', async () => {
    const finished: string[] = [];
    const walking = verify().then((res) => {
      finished.push('verify');
      return res;
    });
    for (let i = 0; i < 3; i++) {
      await t.http.get('/health').expect(200);
      finished.push('health');
    }
    const report = (await walking).body;
    expect(finished).toEqual(['health', 'health', 'health', 'verify']);
    expect(report.events).toBeGreaterThanOrEqual(EVENTS);
  });

  it('runs one walk at a time: a caller asking meanwhile joins it', async () => {
    const [first, second] = await Promise.all([verify(), verify()]);
    expect(second.body.startedAt).toBe(first.body.startedAt);
    expect(second.body).toEqual(first.body);
    const later = (await verify()).body;
    expect(Date.parse(later.startedAt)).toBeGreaterThanOrEqual(Date.parse(first.body.finishedAt));
  });

  it('says how fresh it is: events appended after the walk began are not judged', async () => {
    const report = (await verify()).body;
    expect(Date.parse(report.startedAt)).toBeLessThanOrEqual(Date.parse(report.finishedAt));
    await t.store.appendToStream('bulk-after', [testEvent('Bulk')], {
      expectedRevision: 'no-stream',
    });
    const next = (await verify()).body;
    expect(next.events).toBe(report.events + 1);
  });
});
