/** The credential server's SQLite storage: users (digest hashes only) and RFC 6072 credentials. */
export { canonicalAor } from './aor-key.ts';
export { checkDomain, checkUsername, digestHa1, type DigestAlgorithm } from './digest-credentials.ts';
export { SCHEMA_VERSION } from './migrations.ts';
export {
  DEFAULT_DATABASE_FILE,
  openStore,
  type CredentialInput,
  type CredentialRemoval,
  type Store,
  type StoreOptions,
  type StoredCredential,
  type UserRecord,
} from './store.ts';
export { StoreError, type StoreErrorCode } from './store-error.ts';
