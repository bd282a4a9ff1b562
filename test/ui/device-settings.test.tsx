/** The device settings' markup: labelled selects, the fallback notice, the speaker where it cannot be chosen. */
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { DeviceSettings } from '../../src/ui/DeviceSettings.tsx';
import { App } from '../../src/ui/App.tsx';
import { AppStoreProvider } from '../../src/ui/store-context.tsx';
import { createAppStore, type AppStore } from '../../src/stores/app-store.ts';
import { createMemoryKeyValueStorage } from '../../src/services/settings-storage.ts';
import { FAKE_DEVICES, FakeMediaDevices } from '../stores/fake-services.ts';
import { signedIn, testDeps } from '../stores/test-deps.ts';

const render = (store: AppStore, node = <DeviceSettings />) =>
  renderToStaticMarkup(<AppStoreProvider store={{ ...store, getInitialState: store.getState }}>{node}</AppStoreProvider>);

/** The <select> labelled `name` (label > span + select). */
const selectNamed = (html: string, name: string) => new RegExp(`<label class="field"><span>${name}</span><select[^>]*>(.*?)</select>`).exec(html);

describe('DeviceSettings markup', () => {
  it('is a disclosure "Audio and video" in the signed-in screen', async () => {
    const { store } = await signedIn();
    expect(render(store, <App />)).toMatch(/<details class="card settings" aria-labelledby="([^"]+)"><summary id="\1">Audio and video<\/summary>/);
  });

  it('has selects named Microphone, Camera and Speaker with the devices and the chosen one selected', async () => {
    const store = createAppStore(testDeps());
    await store.getState().refreshDevices();
    store.getState().chooseDevice('audioInputId', 'mic-2');
    const html = render(store);
    const mic = selectNamed(html, 'Microphone');
    expect(mic?.[1]).toBe('<option value="">System default (Fake Default Audio Input)</option><option value="mic-1">Fake Audio Input 1</option><option value="mic-2" selected="">Fake Audio Input 2</option>');
    expect(selectNamed(html, 'Camera')?.[1]).toContain('fake_device_0');
    expect(selectNamed(html, 'Speaker')?.[1]).toContain('Fake Audio Output 1');
    expect(html).not.toContain('Show device names');
  });

  it('says when the chosen microphone is not connected', async () => {
    const storage = createMemoryKeyValueStorage();
    storage.setItem('sealphone.devices.v1', JSON.stringify({ audioinput: { id: 'gone', label: 'USB Headset' } }));
    const store = createAppStore(testDeps({ storage }));
    await store.getState().refreshDevices();
    const html = render(store);
    expect(html).toMatch(/<select aria-describedby="[^"]+-missing">/);
    expect(html).toContain('USB Headset is not connected: calls use the system default until it is back.');
    expect(html).toContain('class="attention"');
  });

  it('disables the speaker with an explanation where the browser cannot switch speakers', async () => {
    const store = createAppStore(testDeps({ mediaDevices: new FakeMediaDevices(FAKE_DEVICES, false) }));
    await store.getState().refreshDevices();
    const html = render(store);
    expect(html).toMatch(/<span>Speaker<\/span><select disabled="" aria-describedby="[^"]+-why">/);
    expect(html).toContain('This browser cannot switch speakers');
  });

  it('offers to show the device names while the browser hides them', async () => {
    const store = createAppStore(testDeps({ mediaDevices: new FakeMediaDevices([{ kind: 'audioinput', deviceId: '', label: '' }]) }));
    await store.getState().refreshDevices();
    expect(render(store)).toMatch(/<button type="button">Show device names<\/button>/);
  });
});
