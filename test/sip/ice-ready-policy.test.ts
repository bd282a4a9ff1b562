import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { awaitedCandidate, iceReadyPolicy, MAX_WAIT_MS, QUIET_MS, type IceCandidateEvent } from '../../src/sip/ice-ready-policy.ts';

const host = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host' };
const srflx = { type: 'srflx' as const, candidate: 'candidate:2 1 udp 1686052607 198.51.100.1 50000 typ srflx raddr 192.0.2.1 rport 50000' };
const relay = { candidate: 'candidate:3 1 udp 41885439 203.0.113.1 50000 typ relay raddr 198.51.100.1 rport 50000' };

function gathering() {
  const ready = vi.fn();
  return { ready, event: (candidate: IceCandidateEvent['candidate']): IceCandidateEvent => ({ candidate, ready }) };
}

describe('when an offer or answer leaves while ICE gathers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('with host candidates alone: once none came for QUIET_MS, not at the end of gathering', () => {
    const policy = iceReadyPolicy(null);
    const g = gathering();
    policy(g.event(host));
    vi.advanceTimersByTime(QUIET_MS - 10);
    policy(g.event(host));
    vi.advanceTimersByTime(QUIET_MS - 1);
    expect(g.ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(g.ready).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(MAX_WAIT_MS);
    expect(g.ready).toHaveBeenCalledTimes(1);
  });

  it('with a STUN server: at the first server reflexive candidate', () => {
    const policy = iceReadyPolicy('srflx');
    const g = gathering();
    policy(g.event(host));
    vi.advanceTimersByTime(QUIET_MS * 3);
    expect(g.ready).not.toHaveBeenCalled();
    policy(g.event(srflx));
    expect(g.ready).toHaveBeenCalledTimes(1);
    policy(g.event(srflx));
    expect(g.ready).toHaveBeenCalledTimes(1);
  });

  it('with a TURN server: not at a server reflexive candidate, at the first relayed one (type read from typ)', () => {
    const policy = iceReadyPolicy('relay');
    const g = gathering();
    policy(g.event(host));
    policy(g.event(srflx));
    expect(g.ready).not.toHaveBeenCalled();
    policy(g.event(relay));
    expect(g.ready).toHaveBeenCalledTimes(1);
  });

  it('with a STUN server that never answers: after MAX_WAIT_MS, not seconds', () => {
    const policy = iceReadyPolicy('srflx');
    const g = gathering();
    policy(g.event(host));
    vi.advanceTimersByTime(MAX_WAIT_MS - 1);
    policy(g.event(host));
    expect(g.ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(g.ready).toHaveBeenCalledTimes(1);
  });

  it('starts over for the next local description (a re-INVITE has its own ready)', () => {
    const policy = iceReadyPolicy('srflx');
    const first = gathering();
    policy(first.event(srflx));
    const second = gathering();
    policy(second.event(host));
    vi.advanceTimersByTime(MAX_WAIT_MS - 1);
    expect(second.ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(second.ready).toHaveBeenCalledTimes(1);
    expect(first.ready).toHaveBeenCalledTimes(1);
  });

  it.each([
    { servers: [], relayOnly: false, want: null },
    { servers: [{ urls: 'stun:127.0.0.1:9' }], relayOnly: false, want: 'srflx' },
    { servers: [{ urls: ['stun:a'] }, { urls: ['turn:b'], username: 'u', credential: 'p' }], relayOnly: false, want: 'relay' },
    { servers: [{ urls: ['TURNS:b'], username: 'u', credential: 'p' }], relayOnly: true, want: 'relay' },
  ])('waits for $want with $servers', ({ servers, relayOnly, want }) => {
    expect(awaitedCandidate(servers, relayOnly)).toBe(want);
  });
});
