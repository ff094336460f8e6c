import {
  ErrorType,
  isCommandError,
  NotLeaderError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  ConcurrencyError,
  ExpectedRevision,
  StoreAccessDeniedError,
  StoreUnavailableError,
} from '../event-store.port';

/** gRPC status codes (from the gRPC spec; the client does not re-export `@grpc/grpc-js`). */
const GRPC_CANCELLED = 1;
const GRPC_UNKNOWN = 2;
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_ABORTED = 10;
const GRPC_INTERNAL = 13;
const GRPC_UNAVAILABLE = 14;

/** Client error types that mean "the node could not be reached or did not answer in time". */
const UNAVAILABLE_TYPES: ReadonlySet<string> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
]);

/** Errors no retry can fix: wrong credentials, a bad argument, a deleted stream. */
const PERMANENT_TYPES: ReadonlySet<string> = new Set([
  ErrorType.ACCESS_DENIED,
  ErrorType.INVALID_ARGUMENT,
  ErrorType.NOT_FOUND,
  ErrorType.STREAM_DELETED,
  ErrorType.UNSUPPORTED,
  ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED,
  ErrorType.MISSING_REQUIRED_METADATA_PROPERTY,
]);

const UNAVAILABLE_CODES: ReadonlySet<number> = new Set([
  GRPC_CANCELLED,
  GRPC_DEADLINE_EXCEEDED,
  GRPC_ABORTED,
  GRPC_UNAVAILABLE,
]);

/**
 * What a node says when it cannot take a request now (KurrentDB `RpcExceptions.ServerNotReady`,
 * `ServerBusy`, `NoLeaderInfo`, `NotReadyInterceptor`; 22.10 to 25.x). Unary calls send them as
 * UNAVAILABLE, except "No leader info" (UNKNOWN, during an election); the BatchAppend stream
 * sends all three as a status with an empty detail, which client 6.2.1 reports as an
 * `UnknownError` "Could not recognize <message>". Matched on the message, since neither carries
 * anything else to tell them by.
 */
const NOT_READY_MESSAGES =
  /Server Is Not Ready|Server Is (Too )?Busy|No leader info available|node is not ready yet/i;

/**
 * KurrentDB 25's append refusals that client 6.2.1 does not know (it passes them on as
 * `UnknownError` with the gRPC code): an event over `MaxAppendEventSize`. No retry fixes them.
 */
const UNKNOWN_PERMANENT_EXCEPTIONS: ReadonlySet<string> = new Set([
  'maximum-append-event-size-exceeded',
]);

const NETWORK_ERRNOS: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** True when `error` means the store could not be reached (so the operation may be retried). */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  if (NOT_READY_MESSAGES.test(error.message)) return true;
  if (isCommandError(error)) return UNAVAILABLE_TYPES.has(error.type);
  const { code } = error as { code?: unknown };
  if (typeof code === 'number') return UNAVAILABLE_CODES.has(code);
  if (typeof code === 'string' && NETWORK_ERRNOS.has(code)) return true;
  // Thrown by the client's gossip discovery (`esdb+discover://`) when no node answers.
  return error.message.startsWith('Failed to discover');
}

/**
 * True when a subscription should give up rather than resubscribe. Anything not known to be
 * permanent is retried: a projector that stops on a transient oddity is worse than one that
 * retries a permanent error with backoff (which its logs show).
 */
export function isPermanent(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof StoreAccessDeniedError) return true;
  if (isCommandError(error) && PERMANENT_TYPES.has(error.type)) return true;
  return (error as { code?: unknown }).code === GRPC_INVALID_ARGUMENT;
}

/** The node refused the credentials or the operation (`AccessDenied`, UNAUTHENTICATED). */
export function isAccessDenied(error: unknown): boolean {
  return (
    error instanceof StoreAccessDeniedError ||
    (error instanceof Error && isCommandError(error) && error.type === ErrorType.ACCESS_DENIED)
  );
}

/**
 * The node answering is not the leader and names it (`NotLeader`): the client has already
 * pointed its next connection at that leader, and nothing was written, so one retry is safe.
 */
export function isNotLeader(error: unknown): error is NotLeaderError {
  return error instanceof NotLeaderError;
}

/**
 * The server's answer to a `$all` read or subscription from a position where no record starts
 * (INVALID_ARGUMENT, "Trying to read from an invalid position."): the client passes it on as an
 * `UnknownError` that keeps the gRPC code.
 */
export function isInvalidPosition(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === GRPC_INVALID_ARGUMENT;
}

/** What was being done, for error messages. */
export interface Operation {
  /** E.g. "append to stream order-1". */
  description: string;
  streamId?: string;
  expectedRevision?: ExpectedRevision;
}

/**
 * Maps a client error to the port's errors: `WrongExpectedVersionError` to `ConcurrencyError`,
 * unreachable / too slow to `StoreUnavailableError`; anything else is rethrown as is (a bug or a
 * misconfiguration, which a retry would not fix).
 */
export function toPortError(error: unknown, operation: Operation): unknown {
  if (
    error instanceof ConcurrencyError ||
    error instanceof StoreUnavailableError ||
    error instanceof StoreAccessDeniedError
  ) {
    return error;
  }
  if (error instanceof WrongExpectedVersionError && operation.streamId !== undefined) {
    const actual = error.actualVersion;
    return new ConcurrencyError(
      operation.streamId,
      operation.expectedRevision ?? 'any',
      actual === 'no_stream' ? 'no-stream' : typeof actual === 'bigint' ? actual : undefined,
    );
  }
  if (isUnavailable(error) || isConnectionDrop(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new StoreUnavailableError(
      `EventStoreDB is unavailable (${operation.description}): ${reason}`,
      error,
    );
  }
  if (isAccessDenied(error)) {
    return new StoreAccessDeniedError(
      `EventStoreDB refused access (${operation.description}): the app's user needs to read ` +
        'and write its streams and to read $all (README, "EventStoreDB access")',
      error,
    );
  }
  const exception = exceptionOf(error);
  if (exception && UNKNOWN_PERMANENT_EXCEPTIONS.has(exception)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new Error(`EventStoreDB refused ${operation.description} (${exception}): ${reason}`, {
      cause: error,
    });
  }
  return error;
}

/** The `exception` trailer a node sets on its errors, as the client keeps it in `_raw`. */
function exceptionOf(error: unknown): string | undefined {
  const raw = (error as { _raw?: { metadata?: { get(key: string): unknown[] } } })?._raw;
  const value = raw?.metadata?.get('exception')?.[0];
  return typeof value === 'string' ? value : undefined;
}

/**
 * HTTP/2 resets when a node dies mid-call surface as INTERNAL/UNKNOWN ("Received RST_STREAM",
 * "Connection dropped") rather than UNAVAILABLE.
 */
function isConnectionDrop(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (code !== GRPC_INTERNAL && code !== GRPC_UNKNOWN) return false;
  return /RST_STREAM|Connection dropped|ECONNRESET|socket hang up/i.test(error.message);
}

/**
 * Runs `operation` but gives up after `ms`. Reads need it: the client sets a deadline on unary
 * calls only, and a node that stopped answering would otherwise hold a read forever. Appends go
 * through the unary `Append` call, whose gRPC deadline the client enforces itself; this is a
 * second bound that does not depend on that. `onTimeout` cancels the underlying call.
 */
export async function withDeadline<T>(
  ms: number,
  description: string,
  operation: () => Promise<T>,
  onTimeout?: () => void,
  note?: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      const message = `EventStoreDB did not answer within ${ms} ms (${description})`;
      reject(new StoreUnavailableError(note ? `${message}: ${note}` : message));
    }, ms);
  });
  try {
    return await Promise.race([operation(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
