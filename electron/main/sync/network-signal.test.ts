import { firstValueFrom, filter, toArray, take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { FakeNet } from '../fake-electron.test-util';
import { watchNetwork } from './network-signal';

describe('watchNetwork', () => {
  it('starts with what Chromium says and reports each change once', async () => {
    const net = new FakeNet();
    const signal = watchNetwork(net, 60_000);
    const seen = firstValueFrom(signal.online$.pipe(take(3), toArray()));
    signal.check();
    net.online = false;
    signal.check();
    signal.check();
    net.online = true;
    signal.check();
    await expect(seen).resolves.toEqual([true, false, true]);
    signal.stop();
  });

  it('polls, since the main process gets no online or offline events', async () => {
    const net = new FakeNet();
    const signal = watchNetwork(net, 5);
    net.online = false;
    await expect(firstValueFrom(signal.online$.pipe(filter((online) => !online)))).resolves.toBe(
      false,
    );
    signal.stop();
  });
});
