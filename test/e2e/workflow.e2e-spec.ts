import { registerTestUnits, startTestApp } from '../support/test-app';
import { describeWorkflow } from './workflow.suite';

describeWorkflow('SQLite', { env: () => ({}) });

describe('Idempotency keys survive a restart', () => {
  it('a retry after the server restarts returns the first answer and appends nothing', async () => {
    let t = await startTestApp();
    await registerTestUnits(t);
    const office = t.token('office');
    const send = () =>
      t.http
        .post('/api/items')
        .set('Authorization', `Bearer ${office}`)
        .set('Idempotency-Key', 'k-restart')
        .send({ kind: 'directive', title: 'Sau khởi động lại' });
    const first = (await send().expect(201)).body;
    const { dataDir } = t;
    await t.close({ removeData: false });
    t = await startTestApp({ dataDir });
    const head = await t.store.headPosition();
    expect((await send().expect(201)).body).toEqual(first);
    expect(await t.store.headPosition()).toBe(head);
    await t.close();
  });
});
