/** A user of EventStoreDB, as the client passes it per call. */
export interface UserCredentials {
  username: string;
  password: string;
}

/**
 * The user a connection string signs in as (`esdb://user:password@host...`), read the way
 * client 6.2.1's `parseConnectionString` reads it (the client keeps it private).
 *
 * The adapter passes it with every append, which makes the client use the unary `Append` call
 * (see `EsdbEventStore.appendToStream`). On an insecure connection (`tls=false`) the client
 * sends no credentials at all, so any will do. On TLS the server checks them: without a user in
 * the string this throws at start-up, rather than have every append refused later. (A node
 * would refuse an anonymous app anyway: reading `$all` needs a user in its ACL, see README.)
 */
export function userCredentialsOf(connectionString: string): UserCredentials {
  const trimmed = connectionString.trim();
  const userInfo = /^esdb(?:\+discover)?:\/\/(?:([^:]+:[^@]+)@)/i.exec(trimmed)?.[1];
  if (userInfo) {
    const [username, password] = userInfo.trim().split(':');
    return { username: decodeURIComponent(username), password: decodeURIComponent(password) };
  }
  if (isInsecure(trimmed)) return { username: 'insecure', password: 'insecure' };
  throw new Error(
    'EVENTSTORE_CONNECTION_STRING uses TLS but names no user: give the app its own user, ' +
      'e.g. esdb+discover://followup:<password>@cluster.example:2113 (README, "EventStoreDB access")',
  );
}

/** `tls=false` among the options (keys are case-insensitive, as in the client). */
function isInsecure(connectionString: string): boolean {
  const query = connectionString.split('?')[1] ?? '';
  return query
    .split('&')
    .map((pair) => pair.split('='))
    .some(([key, value]) => key?.toLowerCase() === 'tls' && value?.toLowerCase() === 'false');
}
