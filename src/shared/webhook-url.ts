/**
 * Why a webhook URL may not be used, or undefined when it may: `https://` is required, so the
 * signed notifications do not cross a network in the clear, except to this machine (`http://`
 * to localhost, 127.0.0.0/8 or ::1), where a local relay or a test receiver listens.
 */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (parsed.username || parsed.password) return 'must not contain credentials';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol !== 'http:') return 'must be an https:// URL';
  return isLoopbackHost(parsed.hostname)
    ? undefined
    : 'must be an https:// URL (http:// only to localhost)';
}

/**
 * `hostname` as URL normalises it: IPv4 in dotted decimal (so 127.1 and 0x7f.0.0.1 arrive as
 * 127.0.0.1), IPv6 compressed in brackets (an IPv4-mapped 127.0.0.1 as [::ffff:7f00:1]).
 */
function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
    hostname === '[::1]' ||
    /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(hostname)
  );
}
