import type { Metadata } from '@grpc/grpc-js';
import { anyPb, emptyPb, grpc, status } from './grpc-modules';

/**
 * What a real cluster answers while it cannot take a write, and how (KurrentDB
 * `RpcExceptions.TryHandleNotHandled` for the unary calls, `Streams.BatchAppend.cs` for the batch
 * stream; the same from 22.10 to 25.x):
 * - `not-ready`: a node still starting or between roles. Unary: UNAVAILABLE "Server Is Not
 *   Ready"; BatchAppend: `Status { code 0, message "Server Is Not Ready", details Any(Empty) }`.
 * - `too-busy`: the node's queues are full. Unary: UNAVAILABLE "Server Is Too Busy"; BatchAppend:
 *   the same empty status, "Server Is Busy".
 * - `no-leader-info`: during an election (a follower that knows no leader yet). Unary: UNKNOWN
 *   "No leader info available in response"; BatchAppend: the empty status with that message.
 * Client 6.2.1 turns the empty statuses and UNKNOWN into an `UnknownError`.
 */
export type NotHandledReason = 'not-ready' | 'too-busy' | 'no-leader-info';

const UNARY: Record<NotHandledReason, { code: number; message: string }> = {
  'not-ready': { code: grpc.status.UNAVAILABLE, message: 'Server Is Not Ready' },
  'too-busy': { code: grpc.status.UNAVAILABLE, message: 'Server Is Too Busy' },
  'no-leader-info': { code: grpc.status.UNKNOWN, message: 'No leader info available in response' },
};

const BATCH_MESSAGE: Record<NotHandledReason, string> = {
  'not-ready': 'Server Is Not Ready',
  'too-busy': 'Server Is Busy',
  'no-leader-info': 'No leader info available in response',
};

/** Calls a node served (answered itself rather than refused), by method. */
export interface Served {
  read: number;
  append: number;
  batchAppend: number;
}

/**
 * The faults a test has set on one node, consulted by every handler. A node is a leader until
 * `leader` is set: then it is a follower that knows where the leader is, and every call sent
 * with `requires-leader: true` gets `NotLeader` naming it (`RpcExceptions.LeaderInfo`: NOT_FOUND,
 * `exception: not-leader`, `leader-endpoint-host`, `leader-endpoint-port`), as a node does
 * after an election that the client's connection did not notice.
 */
export class NodeFaults {
  leader: { host: string; port: number } | undefined;
  /** Answers of the next appends, one each, in order. */
  readonly refusals: NotHandledReason[] = [];
  /** gRPC codes the next `Streams.Read` calls fail with, one each. */
  readonly readFailures: number[] = [];
  /** Refuse `$all` reads and subscriptions as to a user outside `$all`'s ACL. */
  denyAll = false;
  readonly served: Served = { read: 0, append: 0, batchAppend: 0 };
  private held: (() => void)[] | undefined;

  /** True when a call that asked for the leader must be refused by this node. */
  refusesLeaderCall(metadata: Metadata): boolean {
    return this.leader !== undefined && metadata.get('requires-leader')[0] === 'true';
  }

  notLeader(): Error {
    const leader = this.leader!;
    const metadata = new grpc.Metadata();
    metadata.set('exception', 'not-leader');
    metadata.set('leader-endpoint-host', leader.host);
    metadata.set('leader-endpoint-port', String(leader.port));
    return errorOf(grpc.status.NOT_FOUND, 'Leader info available', metadata);
  }

  /** The unary error for a refusal (`Streams.Append`). */
  unaryRefusal(reason: NotHandledReason): Error {
    const { code, message } = UNARY[reason];
    return errorOf(code, message);
  }

  /** The batch stream's answer for a refusal: an OK-coded status with an empty detail. */
  batchRefusal(reason: NotHandledReason): InstanceType<typeof status.Status> {
    const details = new anyPb.Any();
    details.pack(new emptyPb.Empty().serializeBinary(), 'google.protobuf.Empty');
    return new status.Status().setMessage(BATCH_MESSAGE[reason]).setDetails(details);
  }

  accessDenied(): Error {
    const metadata = new grpc.Metadata();
    metadata.set('exception', 'access-denied');
    return errorOf(grpc.status.PERMISSION_DENIED, 'Access Denied', metadata);
  }

  /** Holds every write from now until the returned function is called (then runs them). */
  holdWrites(): () => void {
    const held: (() => void)[] = (this.held ??= []);
    return () => {
      if (this.held === held) this.held = undefined;
      for (const write of held.splice(0)) write();
    };
  }

  /** Runs `write` now, or queues it while writes are held. */
  write(write: () => void): void {
    if (this.held) this.held.push(write);
    else write();
  }
}

export function errorOf(code: number, details: string, metadata = new grpc.Metadata()): Error {
  return Object.assign(new Error(details), { code, details, metadata });
}
