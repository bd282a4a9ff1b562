/**
 * Writing SIP messages (rfc3261#section-7): start line, `Name: value` CRLF per header line with canonical names,
 * an empty line, the body. Content-Length is always recomputed from the body (rfc3261#section-20.14): it takes the
 * place of the first Content-Length line, or comes last when there was none. Text is UTF-8; nothing is folded.
 */
import { CoreError } from '../errors.ts';
import { isToken } from './chars.ts';
import { headerFields } from './headers.ts';
import { SIP_VERSION, type SipMessage } from './message.ts';
import { isRequestUri } from './start-line.ts';

const encoder = new TextEncoder();

export function serializeSipMessage(message: SipMessage): Uint8Array {
  let head = startLine(message) + '\r\n';
  const length = `Content-Length: ${message.body.length}\r\n`;
  let lengthWritten = false;
  for (const f of headerFields(message.headers)) {
    if (f.key === 'content-length') {
      if (!lengthWritten) head += length;
      lengthWritten = true;
    } else {
      head += f.name + ': ' + f.value + '\r\n';
    }
  }
  if (!lengthWritten) head += length;
  head += '\r\n';
  // Encode straight into the output, sized for an ASCII head (the usual case); fall back when the head is not ASCII.
  const body = message.body;
  const out = new Uint8Array(head.length + body.length);
  const { read, written } = encoder.encodeInto(head, out);
  if (read === head.length && written === head.length) {
    out.set(body, written);
    return out;
  }
  const headBytes = encoder.encode(head);
  const wide = new Uint8Array(headBytes.length + body.length);
  wide.set(headBytes, 0);
  wide.set(body, headBytes.length);
  return wide;
}

/** The start line, refusing values that would break it (a caller's bug, so CoreError invalid-argument). */
function startLine(message: SipMessage): string {
  if (message.kind === 'request') {
    if (!isToken(message.method)) throw new CoreError('invalid-argument', `SIP method "${message.method.slice(0, 40)}" is not a token`);
    if (!isRequestUri(message.uri)) {
      throw new CoreError('invalid-argument', `Request-URI "${message.uri.slice(0, 60)}" is not an absolute URI without spaces`);
    }
    return `${message.method} ${message.uri} ${SIP_VERSION}`;
  }
  if (!Number.isInteger(message.status) || message.status < 100 || message.status > 699) {
    throw new CoreError('invalid-argument', `SIP status ${message.status} is not 100..699`);
  }
  if (message.reason.indexOf('\r') >= 0 || message.reason.indexOf('\n') >= 0) {
    throw new CoreError('invalid-argument', 'a reason phrase cannot hold CR or LF');
  }
  return `${SIP_VERSION} ${message.status} ${message.reason}`;
}
