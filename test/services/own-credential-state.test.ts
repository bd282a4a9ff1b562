/** The own credential's state machine: every arrow of its diagram is allowed, every other move throws. */
import { describe, expect, it } from 'vitest';
import { OWN_CREDENTIAL_TRANSITIONS, canTransition, transition, type OwnCredentialStatus } from '../../src/services/own-credential-state.ts';

const STATES: OwnCredentialStatus[] = ['idle', 'checking', 'needs-new-key', 'needs-unlock', 'working', 'ready', 'revoked'];

/** The diagram's arrows, written out once more: the table must say exactly this. */
const ARROWS: [OwnCredentialStatus, OwnCredentialStatus, string][] = [
  ['idle', 'checking', 'signed in'],
  ['checking', 'ready', 'our key is the one published, or none is'],
  ['checking', 'needs-new-key', 'no key here, none on the server'],
  ['checking', 'needs-unlock', 'the server holds a key this device lacks'],
  ['checking', 'revoked', 'revoked on another device meanwhile'],
  ['needs-new-key', 'working', 'createKey'],
  ['revoked', 'working', 'createKey after a revocation'],
  ['needs-unlock', 'working', 'unlockKey'],
  ['ready', 'working', 'rotateKey'],
  ['working', 'ready', 'the key is made or unlocked'],
  ['working', 'needs-new-key', 'making the key failed'],
  ['working', 'needs-unlock', 'wrong passphrase'],
  ['ready', 'revoked', 'revokeCertificate, or deactivated elsewhere'],
  ['ready', 'ready', 'renewed certificate, same key'],
  ['ready', 'needs-unlock', 'rotated on another device'],
  ['needs-new-key', 'needs-unlock', 'made on another device'],
  ['revoked', 'needs-unlock', 'a new key made on another device'],
  ['needs-unlock', 'needs-unlock', 'the same NOTIFY again'],
  ['needs-new-key', 'needs-new-key', 'the same NOTIFY again'],
  ['needs-unlock', 'needs-new-key', 'the server holds no credential any more'],
  ['needs-unlock', 'ready', 'our key renewed elsewhere'],
  ['needs-unlock', 'revoked', 'deactivated elsewhere'],
  ...STATES.filter((s) => s !== 'idle').map((s): [OwnCredentialStatus, OwnCredentialStatus, string] => [s, 'idle', 'signed out']),
];

describe('own credential state machine', () => {
  it.each(ARROWS)('%s -> %s (%s)', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(transition(from, to)).toBe(to);
  });

  it('the table has no arrow the diagram lacks', () => {
    const table = STATES.flatMap((from) => OWN_CREDENTIAL_TRANSITIONS[from].map((to) => `${from} -> ${to}`)).sort();
    expect(table).toEqual(ARROWS.map(([from, to]) => `${from} -> ${to}`).sort());
  });

  const invalid = STATES.flatMap((from) => STATES.filter((to) => !ARROWS.some(([f, t]) => f === from && t === to)).map((to) => [from, to] as const));

  it.each(invalid)('%s -> %s throws', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => transition(from, to)).toThrow(`Invalid state transition from ${from} to ${to}`);
  });

  it('for example: a key cannot be ready before it was checked', () => {
    expect(() => transition('idle', 'ready')).toThrow('Invalid state transition from idle to ready');
  });
});
