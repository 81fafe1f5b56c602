// Caps on open subscriptions per connection, per client address and per API key, on this instance.
// Subscriptions live on one instance's sockets, and a load balancer spreads one client's connections,
// so each instance enforcing the cap bounds what one client can hold open there.
import type { SecurityConfig } from './config.js';

export interface SubscriptionOwner {
  connection: string;
  address: string;
  apiKey: string | null;
}

export interface Lease {
  release(): void;
}

export class SubscriptionCaps {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly config: Pick<
      SecurityConfig,
      'maxSubscriptionsPerConnection' | 'maxSubscriptionsPerAddress' | 'maxSubscriptionsPerApiKey'
    >,
  ) {}

  /** A lease on one more subscription, or null when the owner already holds as many as allowed. */
  acquire(owner: SubscriptionOwner): Lease | null {
    const keys: [string, number][] = [
      [`conn:${owner.connection}`, this.config.maxSubscriptionsPerConnection],
      [`addr:${owner.address}`, this.config.maxSubscriptionsPerAddress],
      ...(owner.apiKey ? ([[`key:${owner.apiKey}`, this.config.maxSubscriptionsPerApiKey]] as [string, number][]) : []),
    ];
    if (keys.some(([k, max]) => (this.open.get(k) ?? 0) >= max)) return null;
    for (const [k] of keys) this.open.set(k, (this.open.get(k) ?? 0) + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        for (const [k] of keys) {
          const n = (this.open.get(k) ?? 1) - 1;
          if (n <= 0) this.open.delete(k);
          else this.open.set(k, n);
        }
      },
    };
  }

  /** Subscriptions open for an address (tests, metrics). */
  openFor(address: string): number {
    return this.open.get(`addr:${address}`) ?? 0;
  }
}
