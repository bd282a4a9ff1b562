/**
 * The schema, as numbered migrations. `schema_version` holds one row, the version reached; the pending migrations run in
 * one transaction with the update of that row, so a crash leaves the file at the old version or the new one. Never edit a
 * released migration: add the next one.
 */
import type Database from 'better-sqlite3';
import { StoreError } from './store-error.ts';

interface Migration {
  version: number;
  sql: string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      -- Digest credentials only (RFC 7616, RFC 8760): HA1 = H(username ":" realm ":" password), realm = domain.
      CREATE TABLE users (
        username   TEXT    NOT NULL,
        domain     TEXT    NOT NULL,
        ha1_md5    TEXT    NOT NULL,
        ha1_sha256 TEXT    NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (domain, username)
      ) STRICT;

      -- RFC 6072 credential service state, one publication per AOR (RFC 3903 entity tag and expiry).
      CREATE TABLE credentials (
        aor           TEXT    PRIMARY KEY,
        certificate   BLOB    NOT NULL,
        encrypted_key BLOB,
        etag          TEXT    NOT NULL,
        expires_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        version       INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX credentials_expires_at ON credentials (expires_at);

      -- The last version given to each AOR, kept after a removal so that versions never repeat.
      CREATE TABLE credential_versions (
        aor     TEXT    PRIMARY KEY,
        version INTEGER NOT NULL
      ) STRICT;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Brings the database to SCHEMA_VERSION, all in one IMMEDIATE transaction (so that two processes opening a new file
 * at once, such as the server and `sealphone users add`, cannot both migrate it). A file from a newer SealPhone is a
 * StoreError 'newer-schema'.
 */
export function migrate(db: Database.Database, file: string): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT');
    const row = db.prepare('SELECT max(version) AS version FROM schema_version').get() as { version: number | null };
    const current = row.version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new StoreError('newer-schema', `${file} has schema version ${current}; this SealPhone knows versions up to ${SCHEMA_VERSION}. Use a newer SealPhone.`);
    }
    const pending = MIGRATIONS.filter((migration) => migration.version > current);
    for (const migration of pending) db.exec(migration.sql);
    if (pending.length > 0) {
      db.prepare('DELETE FROM schema_version').run();
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
    }
  }).immediate();
}
