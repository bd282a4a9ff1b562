/**
 * AlgorithmIdentifier (rfc5280#section-4.1.1.2), the one structure beyond X.690 that every module reads; CMS and
 * PKCS#8 use it unchanged (rfc5652#section-10.1, rfc5958#section-2):
 *
 *   AlgorithmIdentifier ::= SEQUENCE {
 *     algorithm   OBJECT IDENTIFIER,
 *     parameters  ANY DEFINED BY algorithm OPTIONAL }
 */
import type * as asn1js from 'asn1js';
import type { CoreErrorKind } from '../errors.ts';
import { type Inner, readOid, readSequence } from './read.ts';
import type { DerBlock } from './tags.ts';

export interface AlgorithmIdentifierFields<P extends DerBlock = asn1js.AsnType> {
  algorithm: string;
  /** The parameters, still to be read as the algorithm defines them; undefined when absent. */
  parameters: P | undefined;
}

/** Reads the two fields; with `parametersRequired`, absent parameters are a CoreError of `kind` too. */
export function readAlgorithmIdentifier<B extends DerBlock>(
  block: B | undefined,
  kind: CoreErrorKind,
  what: string,
  parametersRequired = false,
): AlgorithmIdentifierFields<Inner<B>> {
  const [algorithm, parameters] = readSequence(block, kind, what, parametersRequired ? 2 : 1, 2);
  return { algorithm: readOid(algorithm, kind, what), parameters };
}
