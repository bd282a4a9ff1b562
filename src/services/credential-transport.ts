/**
 * Where this device's key may travel (issue 16 deliverable 3; seed 002 section 5: "The UA MUST use TLS to connect to
 * the server ... The TLS connection MUST present a certificate that matches the expected name for the credential
 * server", by default the domain of the user's AOR). The browser checks the server's certificate chain for the host
 * of the wss:// URL; this module checks that the host is one the key may go to:
 *
 * - over `wss://`, the AOR's domain or a configured credential server name;
 * - over plain `ws://`, this machine only (loopback: development and tests; nothing crosses a network in clear);
 * - anything else, nowhere.
 *
 * A refusal is a sentence for the Security page; null means the credential package may be used over this server.
 */
const LOOPBACK_NAMES = new Set(['localhost', '[::1]', '::1']);

function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const bareHost = (host: string): string => host.toLowerCase().replace(/\.$/, '');

/** `sip:alice@example.com` -> `example.com`; empty when there is no domain. */
function domainOfAor(aor: string): string {
  const at = aor.lastIndexOf('@');
  return at < 0 ? '' : bareHost(aor.slice(at + 1).replace(/[;:>?].*$/, ''));
}

export function credentialTransportRefusal(serverUrl: string, aor: string, credentialServers: readonly string[] = []): string | null {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    return `Your key is not sent to ${serverUrl}: it is not a server address.`;
  }
  const host = bareHost(url.hostname);
  if (url.protocol === 'ws:') {
    return isLoopbackHost(host) ? null : `Your key is not sent to ${url.host} or fetched from it: the connection (ws://) is not encrypted. Sign in with a wss:// address.`;
  }
  if (url.protocol !== 'wss:') return `Your key is not sent to ${serverUrl}: only wss:// servers take it.`;
  const domain = domainOfAor(aor);
  if (host === domain || isLoopbackHost(host) || credentialServers.some((name) => bareHost(name) === host)) return null;
  return `Your key is not sent to ${url.host} or fetched from it: it is neither ${domain || 'your domain'} nor a credential server you configured.`;
}
