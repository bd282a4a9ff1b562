/**
 * What the credential service needs of storage: RFC 6072 credentials keyed by AOR, each with its RFC 3903 entity tag
 * and expiry. It is a slice of the SQLite `Store` (server/store), so the store itself can be passed in; tests pass an
 * in-memory one.
 *
 * Every method is synchronous and durable when it returns. The service relies on both: a PUBLISH is answered 200 only
 * after `putCredential` returned (so a `kill -9` cannot lose it), and the SIP-If-Match check, the write and the answer
 * run in one turn of the event loop, so no other request can slip in between (RFC 3903 section 6 step 4).
 */
import type { Store } from '../store/index.ts';

export type { CredentialInput, CredentialRemoval, StoredCredential } from '../store/index.ts';

export type CredentialRepository = Pick<Store, 'getCredential' | 'putCredential' | 'removeCredential' | 'expireCredentials' | 'nextCredentialExpiry'>;
