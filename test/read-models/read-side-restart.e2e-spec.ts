import type { Worker } from 'node:worker_threads';
import { READ_SIDE } from '../../src/read-side/read-side';
import {
  calendarMissing,
  registerTestUnits,
  startTestApp,
  type TestApp,
} from '../support/test-app';

/**
 * The read-side worker thread dies (here: terminated from outside, as a crash in native code
 * would end it): a query it was answering gets 503, commands go on, and the next query waits for a
 * new worker, which resumes from the read models' checkpoints, so nothing written in between is
 * missing.
 */
describe('the read-side worker dying under a running server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await registerTestUnits(t);
  });
  afterAll(() => t.close());

  const office = () => `Bearer ${t.token('office')}`;
  const raise = async (title: string) =>
    (
      await t.http
        .post('/api/items')
        .set('Authorization', office())
        .send({ kind: 'directive', title })
        .expect(201)
    ).body as { id: string; position: string };

  it('answers 503 for the query in flight, keeps taking commands, and comes back with every item', async () => {
    await raise('Trước sự cố');
    const readSide = t.app.get(READ_SIDE) as unknown as { worker: Promise<Worker> };
    // A query the worker holds: it waits (up to 5 s) for a position the log has not reached.
    const inFlight = t.http
      .get('/api/items')
      .query({ minPosition: '999999' })
      .set('Authorization', office())
      .then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await (await readSide.worker).terminate();

    const answered = await inFlight;
    expect(answered.status).toBe(503);
    expect(answered.body.code).toBe('READ_MODEL.UNAVAILABLE');
    expect(answered.headers['retry-after']).toBe('1');
    const written = await raise('Trong lúc sự cố');

    const after = await t.http
      .get('/api/items')
      .query({ minPosition: written.position })
      .set('Authorization', office())
      .expect(200);
    expect(after.body.items.map((i: { title: string }) => i.title).sort()).toEqual([
      'Trong lúc sự cố',
      'Trước sự cố',
    ]);
    const health = await t.http
      .get('/health')
      .set('Authorization', `Bearer ${t.token('admin')}`)
      .expect(200);
    expect(health.body).toMatchObject({ projector: { state: 'live', lag: 0 } });
    expect(health.body.status).toBe(calendarMissing(health.body) ? 'degraded' : 'ok');
  });
});
