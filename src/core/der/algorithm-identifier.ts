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
import { readOid, readSequence } from './read.ts';

export interface AlgorithmIdentifierFields {
  algorithm: string;
  /** The parameters, still to be read as the algorithm defines them; undefined when absent. */
  parameters: asn1js.AsnType | undefined;
}

/** Reads the two fields; with `parametersRequired`, absent parameters are a CoreError of `kind` too. */
export function readAlgorithmIdentifier(block: asn1js.BaseBlock | undefined, kind: CoreErrorKind, what: string, parametersRequired = false): AlgorithmIdentifierFields {
  const [algorithm, parameters] = readSequence(block, kind, what, parametersRequired ? 2 : 1, 2);
  return { algorithm: readOid(algorithm, kind, what), parameters };
}
