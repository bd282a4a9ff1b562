/**
 * CMSVersion ::= INTEGER { v0(0), v1(1), v2(2), v3(3), v4(4), v5(5) } (rfc5652#section-10.2.5). Versions are
 * read as small numbers; each structure checks the ones it knows.
 */
import { type DerBlock, readSmallInteger } from '../der/index.ts';

/** Larger than any version a structure may have; a larger INTEGER is 'malformed-cms'. */
const MAX_CMS_VERSION = 0xffff;

export function readCmsVersion(block: DerBlock | undefined, what: string): number {
  return readSmallInteger(block, 'malformed-cms', what, MAX_CMS_VERSION);
}
