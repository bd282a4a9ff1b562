/**
 * Event (rfc6665#section-8.2.1 and section 7.2, compact form "o"):
 *
 *   Event      = ( "Event" / "o" ) HCOLON event-type *( SEMI event-param )
 *   event-type = event-package *( "." event-template )       ; token-nodot parts
 *   event-param = generic-param / ( "id" EQUAL token )
 *
 * Event types and ids compare byte by byte (rfc6665#section-8.2.1); `eventsMatch` does that.
 */
import { CoreError } from '../errors.ts';
import { isToken, Scanner } from './chars.ts';
import { formatParams, readParams, type SipParams } from './params.ts';

export interface SipEvent {
  /** The event package ("certificate", "credential", "presence"). */
  package: string;
  /** Event templates after the package ("winfo" in "presence.winfo"). */
  templates: string[];
  /** The id parameter, if any. */
  id?: string;
  /** Every parameter, id included, names lower-cased. */
  params: SipParams;
}

const REASON = 'Bad Event';

export function parseEvent(text: string): SipEvent {
  const s = new Scanner(text, REASON);
  s.skipWs();
  const type = s.token('an event type');
  const parts = type.split('.');
  if (parts.some((p) => p.length === 0)) s.fail('empty part in the event type');
  const params: SipParams = new Map();
  readParams(s, params);
  s.end();
  const event: SipEvent = { package: parts[0]!, templates: parts.slice(1), params };
  const id = params.get('id');
  if (id !== undefined) {
    if (id === null || !isToken(id)) return s.fail('id must be a token');
    event.id = id;
  }
  return event;
}

/** `package.template;id=x;params`; `id` wins over an id in `params`. */
export function formatEvent(event: SipEvent): string {
  const type = [event.package, ...event.templates].join('.');
  if ([event.package, ...event.templates].some((p) => !isToken(p) || p.includes('.'))) {
    throw new CoreError('invalid-argument', `"${type.slice(0, 40)}" is not an event type`);
  }
  const params = new Map(event.params);
  if (event.id !== undefined) params.set('id', event.id);
  return type + formatParams(params);
}

/** Same event type and same id (or both without one), rfc6665#section-8.2.1. */
export function eventsMatch(a: SipEvent, b: SipEvent): boolean {
  return a.package === b.package && a.templates.join('.') === b.templates.join('.') && a.id === b.id;
}
