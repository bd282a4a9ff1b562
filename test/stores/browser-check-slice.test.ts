import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/stores/app-store.ts';
import type { BrowserCheckReport, BrowserCheckService } from '../../src/services/browser-check.ts';
import { testDeps } from './test-deps.ts';

function fakeService(report: BrowserCheckReport): BrowserCheckService & { calls: number } {
  const service = {
    calls: 0,
    async run() {
      service.calls++;
      return report;
    },
  };
  return service;
}

const step = (ok: boolean) => ({ name: 'x', ok, detail: '', milliseconds: 1 });

describe('browser check slice', () => {
  it('passes only when every step passed', async () => {
    const store = createAppStore(testDeps({ browserCheck: fakeService({ steps: [step(true), step(true)] }) }));
    expect(store.getState().browserCheck.status).toBe('idle');
    await store.getState().runBrowserCheck();
    expect(store.getState().browserCheck.status).toBe('passed');
  });
  it('fails when one step failed', async () => {
    const store = createAppStore(testDeps({ browserCheck: fakeService({ steps: [step(true), step(false)] }) }));
    await store.getState().runBrowserCheck();
    expect(store.getState().browserCheck.status).toBe('failed');
  });
  it('runs once at a time', async () => {
    const service = fakeService({ steps: [step(true)] });
    const store = createAppStore(testDeps({ browserCheck: service }));
    await Promise.all([store.getState().runBrowserCheck(), store.getState().runBrowserCheck()]);
    expect(service.calls).toBe(1);
  });
});
