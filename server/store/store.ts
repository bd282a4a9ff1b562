/**
 * The credential server's persistent state in SQLite (better-sqlite3): users with their digest hashes, and RFC 6072
 * credentials (certificate, encrypted key, RFC 3903 entity tag, expiry).
 *
 * Durability: WAL journal with `synchronous=FULL`, so every method that writes returns only after its transaction is
 * committed and the WAL is synced; a caller that answers (200 to a PUBLISH) after the call returns cannot lose that
 * write to a `kill -9`, nor to a power cut. All methods are synchronous (better-sqlite3 is), so in one Node process a
 * read-then-write sequence (check SIP-If-Match, then put) is atomic with respect to other requests.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { canonicalAor } from './aor-key.ts';
import { checkDomain, checkPassword, checkUsername, digestHa1 } from './digest-credentials.ts';
import { migrate } from './migrations.ts';
import { StoreError } from './store-error.ts';

/** Where `sealphone users` and `sealphone server` keep the database unless told otherwise (relative to the working directory). */
export const DEFAULT_DATABASE_FILE = 'data/sealphone.db';

export interface UserRecord {
  username: string;
  /** Lower case; also the digest realm. */
  domain: string;
  /** MD5(username ":" domain ":" password), lower-case hex. */
  ha1Md5: string;
  /** SHA-256(username ":" domain ":" password), lower-case hex (RFC 8760). */
  ha1Sha256: string;
  /** ms since the epoch. */
  createdAt: number;
}

export interface CredentialInput {
  /** `sip:user@domain`; stored canonical (canonicalAor). */
  aor: string;
  /** DER X.509 certificate (`application/pkix-cert`). */
  certificate: Uint8Array;
  /** PKCS#8 EncryptedPrivateKeyInfo (`application/pkcs8`), absent for a certificate-only publication. */
  encryptedKey?: Uint8Array;
  /** RFC 3903 entity tag of this publication. */
  etag: string;
  /** When the publication expires, ms since the epoch. */
  expiresAt: number;
}

export interface StoredCredential extends CredentialInput {
  /** When it was last written, ms since the epoch. */
  updatedAt: number;
  /** Grows by one with every change to this AOR's credential (put, removal, expiry), never reused. */
  version: number;
}

export interface CredentialRemoval {
  aor: string;
  /** The version of the removal (one more than the removed credential's). */
  version: number;
}

export interface Store {
  readonly file: string;
  /** Adds a user; an existing one is a StoreError 'exists' unless `replace` (a password reset, createdAt kept). */
  addUser(username: string, domain: string, password: string, options?: { replace?: boolean }): UserRecord;
  /** False when there was no such user. */
  removeUser(username: string, domain: string): boolean;
  /** Every user, by domain then username. */
  listUsers(): UserRecord[];
  getUser(username: string, domain: string): UserRecord | undefined;
  /** The AOR's credential unless there is none, it has expired at `now`, or the AOR is not one. */
  getCredential(aor: string, now?: number): StoredCredential | undefined;
  /** Inserts or replaces the AOR's credential, committed before it returns. */
  putCredential(credential: CredentialInput): StoredCredential;
  /** Revocation: removes the AOR's credential; undefined when there was none. */
  removeCredential(aor: string): CredentialRemoval | undefined;
  /** Removes every credential whose expiresAt <= now; returns their AORs. */
  expireCredentials(now?: number): string[];
  /** The earliest expiresAt of any stored credential, to schedule expireCredentials. */
  nextCredentialExpiry(): number | undefined;
  close(): void;
}

export interface StoreOptions {
  /** The clock, ms since the epoch; default Date.now. */
  now?: () => number;
  /** How long a write waits for another process's lock (SQLite busy_timeout); default 5000 ms. */
  busyTimeoutMs?: number;
}

interface UserRow {
  username: string;
  domain: string;
  ha1_md5: string;
  ha1_sha256: string;
  created_at: number;
}

interface CredentialRow {
  aor: string;
  certificate: Buffer;
  encrypted_key: Buffer | null;
  etag: string;
  expires_at: number;
  updated_at: number;
  version: number;
}

/** RFC 3903 section 7: entity-tag = token (RFC 3261 section 25.1). */
const ENTITY_TAG = /^[A-Za-z0-9\-.!%*_+`'~]{1,128}$/;

function userRecord(row: UserRow): UserRecord {
  return { username: row.username, domain: row.domain, ha1Md5: row.ha1_md5, ha1Sha256: row.ha1_sha256, createdAt: row.created_at };
}

function credentialRecord(row: CredentialRow): StoredCredential {
  const stored: StoredCredential = {
    aor: row.aor,
    certificate: new Uint8Array(row.certificate),
    etag: row.etag,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
  if (row.encrypted_key !== null) stored.encryptedKey = new Uint8Array(row.encrypted_key);
  return stored;
}

function tryCanonicalAor(aor: string): string | undefined {
  try {
    return canonicalAor(aor);
  } catch {
    return undefined;
  }
}

function checkTime(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw new StoreError('invalid', `${what} must be a whole number of milliseconds since the epoch`);
  return value;
}

/** better-sqlite3 binds a Buffer as a BLOB; a plain Uint8Array view is wrapped without copying. */
function blob(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

class SqliteStore implements Store {
  private readonly now: () => number;
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    readonly file: string,
    options: StoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.statements = {
      insertUser: db.prepare<[string, string, string, string, number]>(
        'INSERT INTO users (username, domain, ha1_md5, ha1_sha256, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      resetUser: db.prepare<[string, string, string, string]>('UPDATE users SET ha1_md5 = ?, ha1_sha256 = ? WHERE username = ? AND domain = ?'),
      deleteUser: db.prepare<[string, string]>('DELETE FROM users WHERE username = ? AND domain = ?'),
      getUser: db.prepare<[string, string], UserRow>('SELECT * FROM users WHERE username = ? AND domain = ?'),
      listUsers: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY domain, username'),
      getCredential: db.prepare<[string, number], CredentialRow>('SELECT * FROM credentials WHERE aor = ? AND expires_at > ?'),
      nextVersion: db.prepare<[string], { version: number }>(
        'INSERT INTO credential_versions (aor, version) VALUES (?, 1) ON CONFLICT (aor) DO UPDATE SET version = version + 1 RETURNING version',
      ),
      putCredential: db.prepare<[string, Buffer, Buffer | null, string, number, number, number]>(
        'INSERT OR REPLACE INTO credentials (aor, certificate, encrypted_key, etag, expires_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      deleteCredential: db.prepare<[string]>('DELETE FROM credentials WHERE aor = ?'),
      expiredAors: db.prepare<[number], { aor: string }>('SELECT aor FROM credentials WHERE expires_at <= ? ORDER BY expires_at, aor'),
      nextExpiry: db.prepare<[], { at: number | null }>('SELECT min(expires_at) AS at FROM credentials'),
    };
  }

  addUser(username: string, domain: string, password: string, options: { replace?: boolean } = {}): UserRecord {
    const user = checkUsername(username);
    const realm = checkDomain(domain);
    checkPassword(password);
    const ha1Md5 = digestHa1('MD5', user, realm, password);
    const ha1Sha256 = digestHa1('SHA-256', user, realm, password);
    const s = this.statements;
    return this.db
      .transaction((): UserRecord => {
        const existing = s.getUser.get(user, realm);
        if (existing && !options.replace) throw new StoreError('exists', `user ${user}@${realm} already exists`);
        if (existing) s.resetUser.run(ha1Md5, ha1Sha256, user, realm);
        else s.insertUser.run(user, realm, ha1Md5, ha1Sha256, this.now());
        return userRecord(s.getUser.get(user, realm)!);
      })
      .immediate();
  }

  removeUser(username: string, domain: string): boolean {
    return this.statements.deleteUser.run(username, domain.toLowerCase()).changes > 0;
  }

  listUsers(): UserRecord[] {
    return this.statements.listUsers.all().map(userRecord);
  }

  getUser(username: string, domain: string): UserRecord | undefined {
    const row = this.statements.getUser.get(username, domain.toLowerCase());
    return row && userRecord(row);
  }

  getCredential(aor: string, now = this.now()): StoredCredential | undefined {
    const key = tryCanonicalAor(aor);
    const row = key === undefined ? undefined : this.statements.getCredential.get(key, now);
    return row && credentialRecord(row);
  }

  putCredential(credential: CredentialInput): StoredCredential {
    const aor = canonicalAor(credential.aor);
    if (!(credential.certificate instanceof Uint8Array) || credential.certificate.length === 0) throw new StoreError('invalid', 'the certificate is empty');
    if (credential.encryptedKey !== undefined && !(credential.encryptedKey instanceof Uint8Array)) throw new StoreError('invalid', 'the encrypted key must be bytes');
    if (!ENTITY_TAG.test(credential.etag)) throw new StoreError('invalid', `the entity tag ${JSON.stringify(credential.etag)} is not a token (RFC 3903 section 7)`);
    const expiresAt = checkTime(credential.expiresAt, 'expiresAt');
    const updatedAt = this.now();
    const s = this.statements;
    return this.db
      .transaction((): StoredCredential => {
        const { version } = s.nextVersion.get(aor)!;
        const key = credential.encryptedKey === undefined ? null : blob(credential.encryptedKey);
        s.putCredential.run(aor, blob(credential.certificate), key, credential.etag, expiresAt, updatedAt, version);
        const stored: StoredCredential = { aor, certificate: credential.certificate.slice(), etag: credential.etag, expiresAt, updatedAt, version };
        if (credential.encryptedKey !== undefined) stored.encryptedKey = credential.encryptedKey.slice();
        return stored;
      })
      .immediate();
  }

  removeCredential(aor: string): CredentialRemoval | undefined {
    const key = tryCanonicalAor(aor);
    if (key === undefined) return undefined;
    return this.db.transaction(() => this.removeOne(key)).immediate();
  }

  expireCredentials(now = this.now()): string[] {
    return this.db
      .transaction((): string[] => {
        const aors = this.statements.expiredAors.all(now).map((row) => row.aor);
        for (const aor of aors) this.removeOne(aor);
        return aors;
      })
      .immediate();
  }

  nextCredentialExpiry(): number | undefined {
    return this.statements.nextExpiry.get()?.at ?? undefined;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Inside a transaction: delete and give the removal its own version. */
  private removeOne(aor: string): CredentialRemoval | undefined {
    if (this.statements.deleteCredential.run(aor).changes === 0) return undefined;
    return { aor, version: this.statements.nextVersion.get(aor)!.version };
  }
}

function describeError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${message} (${code})` : message;
}

/**
 * Opens (creating when absent, with its folder, mode 0600) the database at `file` and migrates it. A file that is
 * not a SQLite database, is damaged or cannot be opened is a StoreError 'unreadable' whose message says what to do;
 * one from a newer SealPhone is 'newer-schema'. `:memory:` gives a private in-memory store (no durability).
 */
export function openStore(file: string, options: StoreOptions = {}): Store {
  const inMemory = file === ':memory:';
  let db: Database.Database | undefined;
  try {
    if (!inMemory) {
      mkdirSync(dirname(file), { recursive: true });
      closeSync(openSync(file, 'a', 0o600)); // SQLite gives its -wal and -shm files the database file's mode
    }
    db = new Database(file);
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    const journal = db.pragma('journal_mode = WAL', { simple: true });
    if (!inMemory && journal !== 'wal') throw new Error(`SQLite could not use a WAL journal here (journal_mode is ${String(journal)})`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the integrity check failed: ${String(check)}`);
    migrate(db, file);
    return new SqliteStore(db, file, options);
  } catch (error) {
    db?.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      'unreadable',
      `cannot use the database ${file}: ${describeError(error)}. If it is not a SealPhone database or is damaged, move it away and restore a backup or start a new one.`,
      { cause: error },
    );
  }
}
