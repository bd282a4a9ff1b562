/**
 * Registered contacts by URI, for `LocationService.connectionForContact`: the proxy asks for every request it routes,
 * and the notifier for every NOTIFY, so the answer must not cost a walk over all bindings.
 *
 * Two indexes: the contact URI as text (what callers usually pass, RFC 7118 section 5.2 targets), and a coarse key
 * that URIs equal under RFC 3261 section 19.1.4 always share (scheme, host compared as `urisEqual` does, port), so
 * that only the few bindings in one bucket need the full comparison.
 */
import { urisEqual, type Uri } from '../../../src/core/sip/index.ts';
import { normalizeHost } from '../../../src/core/sip/ip-address.ts';
import type { Binding } from './binding.ts';

export class ContactIndex {
  readonly #byText = new Map<string, Binding[]>();
  readonly #byKey = new Map<string, Binding[]>();

  add(binding: Binding): void {
    push(this.#byText, binding.uri, binding);
    push(this.#byKey, comparisonKey(binding.contact.uri), binding);
  }

  remove(binding: Binding): void {
    pull(this.#byText, binding.uri, binding);
    pull(this.#byKey, comparisonKey(binding.contact.uri), binding);
  }

  /** The first binding whose URI is `text`, that `usable` accepts. */
  byText(text: string, usable: (b: Binding) => boolean): Binding | undefined {
    return this.#byText.get(text)?.find(usable);
  }

  /** The first binding whose URI equals `uri` (RFC 3261 section 19.1.4), that `usable` accepts. */
  equalTo(uri: Uri, usable: (b: Binding) => boolean): Binding | undefined {
    return this.#byKey.get(comparisonKey(uri))?.find((b) => usable(b) && urisEqual(b.contact.uri, uri));
  }
}

/** What two equal URIs have in common: for SIP, the scheme, the normalized host and the port (all must match). */
function comparisonKey(uri: Uri): string {
  if (uri.kind === 'sip') return `${uri.scheme}|${normalizeHost(uri.host)}|${uri.port ?? ''}`;
  if (uri.kind === 'tel') return 'tel';
  return `${uri.scheme.toLowerCase()}|${uri.opaque}`;
}

function push(map: Map<string, Binding[]>, key: string, binding: Binding): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [binding]);
  else list.push(binding);
}

function pull(map: Map<string, Binding[]>, key: string, binding: Binding): void {
  const list = map.get(key);
  if (list === undefined) return;
  const index = list.indexOf(binding);
  if (index >= 0) list.splice(index, 1);
  if (list.length === 0) map.delete(key);
}
