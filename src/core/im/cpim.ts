/**
 * message/cpim (RFC 3862), the wrapper linphone and other IM clients put around a page-mode MESSAGE's content:
 *
 *   From: <sip:alice@example.com>            <- the message headers (section 3.1), "Name: value" lines;
 *   To: <sip:bob@example.com>                   a name may carry a name-space prefix ("imdn.Message-ID",
 *   NS: imdn <urn:ietf:params:imdn>             declared by NS, section 3.3.7)
 *   imdn.Message-ID: 34jk324j
 *   DateTime: 2006-04-04T12:16:49-05:00
 *                                            <- blank line
 *   Content-Type: text/plain; charset=utf-8  <- the encapsulated MIME object's headers (section 3.2)
 *                                            <- blank line
 *   Hello                                    <- its content
 *
 * Lines end in CRLF; a bare LF is accepted on reading. Anything without the two header blocks is CoreError
 * 'malformed-mime'.
 */
import { CoreError } from '../errors.ts';
import { parseContentType, type HeaderValue } from '../mime/index.ts';

export interface CpimMessage {
  /** The message headers in order, names as written (with any name-space prefix). */
  headers: Array<[string, string]>;
  /** The encapsulated object's MIME headers, names lower-cased. */
  contentHeaders: Map<string, string>;
  contentType: HeaderValue;
  content: string;
}

const HEADER_LINE = /^([!-9;-~]+):[ \t]*(.*)$/;
const MAX_HEADERS = 64;

/** The two header blocks and the content of a message/cpim body. */
export function parseCpim(body: string): CpimMessage {
  const text = body.replace(/\r\n/g, '\n');
  const firstBlank = text.indexOf('\n\n');
  if (firstBlank < 0) throw new CoreError('malformed-mime', 'message/cpim without the blank line after its message headers');
  const secondBlank = text.indexOf('\n\n', firstBlank + 2);
  const contentHeaderText = secondBlank < 0 ? text.slice(firstBlank + 2) : text.slice(firstBlank + 2, secondBlank);
  const headers = headerLines(text.slice(0, firstBlank), 'message');
  const contentHeaders = new Map(headerLines(contentHeaderText, 'content').map(([name, value]) => [name.toLowerCase(), value]));
  const type = contentHeaders.get('content-type');
  if (type === undefined) throw new CoreError('malformed-mime', 'message/cpim whose encapsulated object has no Content-Type');
  const content = secondBlank < 0 ? '' : body.slice(indexAfterBlankLines(body, 2));
  return { headers, contentHeaders, contentType: parseContentType(type), content };
}

/** The value of the message header `name` in the name space `uri` (RFC 3862 section 3.3.7), or undefined. */
export function cpimHeader(message: Pick<CpimMessage, 'headers'>, name: string, uri?: string): string | undefined {
  let prefix = '';
  if (uri !== undefined) {
    const declared = message.headers.find(([n, v]) => n.toLowerCase() === 'ns' && v.includes(`<${uri}>`));
    if (!declared) return undefined;
    prefix = `${declared[1].slice(0, declared[1].indexOf('<')).trim()}.`;
  }
  const wanted = `${prefix}${name}`.toLowerCase();
  return message.headers.find(([n]) => n.toLowerCase() === wanted)?.[1];
}

/** Writes a message/cpim body (CRLF line ends). */
export function formatCpim(headers: ReadonlyArray<readonly [string, string]>, contentType: string, content: string): string {
  return [...headers.map(([n, v]) => `${n}: ${v}`), '', `Content-Type: ${contentType}`, '', content].join('\r\n');
}

function headerLines(block: string, what: string): Array<[string, string]> {
  const lines = block.split('\n').filter((line) => line.length > 0);
  if (lines.length > MAX_HEADERS) throw new CoreError('malformed-mime', `message/cpim with more than ${MAX_HEADERS} ${what} headers`);
  return lines.map((line) => {
    const match = HEADER_LINE.exec(line);
    if (!match) throw new CoreError('malformed-mime', `message/cpim ${what} header line is not "Name: value": ${line.slice(0, 60)}`);
    return [match[1]!, match[2]!.trim()];
  });
}

/** Index in `body` just after its `n`-th blank line (CRLF or LF line ends). */
function indexAfterBlankLines(body: string, n: number): number {
  const blank = /\r?\n\r?\n/g;
  let end = 0;
  for (let i = 0; i < n; i++) {
    const match = blank.exec(body);
    if (!match) return body.length;
    end = match.index + match[0].length;
  }
  return end;
}
