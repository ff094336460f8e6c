import type { Server } from '@grpc/grpc-js';
import type { IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
import type { IServerFeaturesServer } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { handleAppend, handleBatchAppend, type AppendContext } from './append-handlers';
import { FakeLog } from './fake-log';
import { grpc, serverFeatures, serverFeaturesGrpc, streamsGrpc } from './grpc-modules';
import { NodeFaults, type NotHandledReason, type Served } from './node-faults';
import { handleRead, serviceError } from './read-handler';

export type { NotHandledReason } from './node-faults';

export interface FakeEsdbOptions {
  /**
   * List `Streams.BatchAppend` in `GetSupportedMethods` (true, like every server since 21.10):
   * the client then appends over one shared bidirectional stream. False makes the client fall
   * back to one `Streams.Append` call per append, as with older servers.
   */
  batchAppend?: boolean;
  /**
   * Interleave system records with the test's events (true): a few `$`-streams at start, and
   * `$>` links into `$ce-<category>` after each write, as the `$by_category` projection does.
   */
  systemEvents?: boolean;
  /**
   * Another node's log, for a node of the same cluster: two fakes on one log are a leader and
   * a follower that is never behind (see `followLeader`).
   */
  log?: FakeLog;
}

/** A running fake. `stop()` also serves as teardown; the log survives `stop()`/`restart()`. */
export interface FakeEsdb {
  /** Single node, insecure: the client talks to it directly, without gossip. */
  readonly connectionString: string;
  readonly port: number;
  readonly log: FakeLog;
  /** Calls this node answered itself (not refused), by method. */
  readonly served: Served;
  /** Delays every `Streams` call (appends and reads) by `ms` before the server handles it. */
  setDelay(ms: number): void;
  /** Drops every connection and stops listening, like a crashed node. Idempotent. */
  stop(): Promise<void>;
  /** Listens again on the same port, with the same log. */
  restart(): Promise<void>;
  /**
   * The node comes back on an empty database (a volume reset, or a restore of another
   * cluster's backup): every connection drops, and it listens again on a fresh log.
   */
  resetLog(): Promise<void>;
  /** Answers the next appends as a node that cannot take them (one reason per append). */
  refuseAppends(...reasons: NotHandledReason[]): void;
  /** Fails the next `Streams.Read` calls with these gRPC codes (one per read). */
  failReads(...codes: number[]): void;
  /**
   * Makes this node a follower of `leader` (the client's connection does not notice): calls that
   * require the leader get `NotLeader` with its endpoint. `undefined`: leader again.
   */
  followLeader(leader: FakeEsdb | undefined): void;
  /** Refuses `$all` reads and subscriptions with AccessDenied, as to a user outside its ACL. */
  denyAll(denied: boolean): void;
  /** Holds every write until the returned function is called; the calls stay in flight. */
  holdWrites(): () => void;
  /**
   * The append calls in flight now (batch streams and unary appends), as a function that fails
   * those still in flight with UNAVAILABLE when called: an old connection dying after the client
   * moved on to a new one. Their held writes still happen on release (the outcome is unknown to
   * the client, as with a real node).
   */
  callsInFlight(): () => void;
}

/**
 * Starts an in-process gRPC server on 127.0.0.1 (random port) that speaks the part of
 * EventStoreDB's protocol `EsdbEventStore` uses: `ServerFeatures.GetSupportedMethods`,
 * `Streams.Append`, `Streams.BatchAppend` and `Streams.Read` (stream and `$all` reads,
 * filtered `$all` subscriptions with checkpoints). For tests only: events live in memory.
 */
export async function startFakeEsdb(options: FakeEsdbOptions = {}): Promise<FakeEsdb> {
  const systemEvents = options.systemEvents ?? true;
  const newLog = (): FakeLog => {
    const log = new FakeLog();
    if (systemEvents) addSystemActivity(log);
    return log;
  };
  const node = new FakeNode(options.log ?? newLog(), options.batchAppend ?? true);
  const port = await node.listen(0);
  const faults = node.faults;
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    get log() {
      return node.log;
    },
    served: faults.served,
    setDelay: (ms) => node.setDelay(ms),
    stop: () => node.stop(),
    restart: async () => {
      await node.listen(port);
    },
    resetLog: async () => {
      await node.stop();
      node.log = newLog();
      await node.listen(port);
    },
    refuseAppends: (...reasons) => faults.refusals.push(...reasons),
    failReads: (...codes) => faults.readFailures.push(...codes),
    followLeader: (leader) => {
      faults.leader = leader && { host: '127.0.0.1', port: leader.port };
    },
    denyAll: (denied) => {
      faults.denyAll = denied;
    },
    holdWrites: () => faults.holdWrites(),
    callsInFlight: () => node.callsInFlight(),
  };
}

class FakeNode {
  readonly faults = new NodeFaults();
  private server: Server | undefined;
  private delay = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly calls = new Set<(error: Error) => void>();
  private readonly context: AppendContext;

  constructor(
    public log: FakeLog,
    private readonly batchAppend: boolean,
  ) {
    this.context = {
      log: () => this.log,
      faults: this.faults,
      inFlight: (fail) => {
        this.calls.add(fail);
        return () => this.calls.delete(fail);
      },
      delayMs: () => this.delay,
      schedule: (callback, ms) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          callback();
        }, ms);
        this.timers.add(timer);
      },
    };
  }

  setDelay(ms: number): void {
    this.delay = ms;
  }

  callsInFlight(): () => void {
    const calls = [...this.calls];
    return () => {
      for (const fail of calls) {
        if (!this.calls.delete(fail)) continue;
        fail(serviceError(grpc.status.UNAVAILABLE, 'Connection to the old node was lost'));
      }
    };
  }

  async listen(port: number): Promise<number> {
    if (this.server) throw new Error('The fake EventStoreDB is already listening');
    const server = new grpc.Server();
    server.addService(streamsGrpc.StreamsService, this.streamsService());
    server.addService(serverFeaturesGrpc.ServerFeaturesService, this.featuresService());
    const bound = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, p) =>
        error ? reject(error) : resolve(p),
      ),
    );
    this.server = server;
    return bound;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    // forceShutdown cancels every call and closes every connection at once: clients see what
    // they see when a node dies (UNAVAILABLE), not a graceful GOAWAY after calls finish.
    this.server?.forceShutdown();
    this.server = undefined;
  }

  private streamsService(): IStreamsServer {
    const unimplemented = (_call: unknown, callback: (error: Error) => void): void =>
      callback(serviceError(grpc.status.UNIMPLEMENTED, 'Not implemented by the fake'));
    return {
      read: (call) => {
        if (this.delay === 0) return handleRead(this.log, call, this.faults);
        this.context.schedule(() => {
          if (!call.cancelled) handleRead(this.log, call, this.faults);
        }, this.delay);
      },
      append: (call, callback) => handleAppend(this.context, call, callback),
      batchAppend: (call) => {
        if (this.batchAppend) handleBatchAppend(this.context, call);
        else call.emit('error', serviceError(grpc.status.UNIMPLEMENTED, 'BatchAppend is off'));
      },
      delete: unimplemented,
      tombstone: unimplemented,
    };
  }

  /** What the client asks first on every new channel, to choose between Append and BatchAppend. */
  private featuresService(): IServerFeaturesServer {
    const method = (
      service: string,
      name: string,
    ): InstanceType<typeof serverFeatures.SupportedMethod> =>
      new serverFeatures.SupportedMethod().setServiceName(service).setMethodName(name);
    const streams = 'event_store.client.streams.streams';
    const methods = [
      method(streams, 'read'),
      method(streams, 'append'),
      ...(this.batchAppend ? [method(streams, 'batchappend')] : []),
      method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
    ];
    return {
      getSupportedMethods: (_call, callback) =>
        callback(
          null,
          new serverFeatures.SupportedMethods()
            .setMethodsList(methods)
            .setEventStoreServerVersion('24.10.0-fake'),
        ),
    };
  }
}

/**
 * System records as a fresh node with projections has them: some at start, and a `$>` link in
 * `$ce-<category>` for each event, written a moment after the event (projections run behind
 * the writer). The `$`-stream with a non-`$` event type is synthetic: it exercises the adapter's
 * stream-name rule, which the server-side event-type filter does not cover.
 */
function addSystemActivity(log: FakeLog): void {
  log.writeSystem('$settings', '$settings', { $userStreamAcl: { $r: '$all' } });
  log.writeSystem('$$$scavenges', '$metadata', { $maxAge: 2_592_000 });
  log.writeSystem('$projections-$system', 'ProjectionCheckpoint', { position: 0 });
  log.onWrite((records) => {
    const links = records.filter((record) => !record.streamId.startsWith('$'));
    if (links.length === 0) return;
    queueMicrotask(() => {
      for (const record of links) {
        const category = record.streamId.split('-')[0];
        log.writeSystem(`$ce-${category}`, '$>', `${record.revision}@${record.streamId}`);
      }
    });
  });
}
