import {
  EventStoreDBClient,
  jsonEvent,
  START,
  excludeSystemEvents,
  BACKWARDS,
  END,
} from '@eventstore/db-client';
import { startFakeEsdb } from './fake-esdb';

async function main() {
  for (const batchAppend of [true, false]) {
    const fake = await startFakeEsdb({ batchAppend });
    const client = EventStoreDBClient.connectionString(fake.connectionString);
    const r1 = await client.appendToStream(
      'order-1',
      [
        jsonEvent({ type: 'A', data: { v: 'Tiếng Việt' }, metadata: { m: 1 } }),
        jsonEvent({ type: 'B', data: {} }),
      ],
      { expectedRevision: 'no_stream' },
    );
    console.log('append', r1);
    try {
      await client.appendToStream('order-1', jsonEvent({ type: 'C', data: {} }), {
        expectedRevision: 'no_stream',
      });
    } catch (e: any) {
      console.log('WEV', e.constructor.name, e.streamName, e.expectedVersion, e.actualVersion);
    }
    try {
      await client.appendToStream('order-2', jsonEvent({ type: 'C', data: {} }), {
        expectedRevision: 5n,
      });
    } catch (e: any) {
      console.log('WEV', e.constructor.name, e.streamName, e.expectedVersion, e.actualVersion);
    }
    for await (const e of client.readStream('order-1'))
      console.log(
        'stream',
        e.event?.revision,
        e.event?.type,
        e.event?.position,
        e.event?.data,
        e.event?.metadata,
        e.event?.created,
      );
    try {
      for await (const e of client.readStream('nope')) console.log(e);
    } catch (e: any) {
      console.log('notfound', e.constructor.name);
    }
    for await (const e of client.readAll({ fromPosition: START, maxCount: 100 }))
      console.log('all', e.event?.streamId, e.event?.type, e.event?.position);
    for await (const e of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 2 }))
      console.log('back', e.event?.streamId, e.event?.position);
    const sub = client.subscribeToAll({
      fromPosition: START,
      filter: excludeSystemEvents({
        checkpointReached: (_s, p) => {
          console.log('checkpoint', p);
        },
      }),
    });
    sub.on('caughtUp', () => console.log('caughtUp'));
    let n = 0;
    setTimeout(
      () => void client.appendToStream('order-3', jsonEvent({ type: 'Live', data: {} })),
      100,
    );
    for await (const e of sub) {
      console.log('sub', e.event?.streamId, e.event?.type, e.event?.position);
      if (++n === 3) break;
    }
    await client.dispose();
    await fake.stop();
  }
}
main().catch((e) => {
  console.error('FAIL', e);
  process.exit(1);
});
