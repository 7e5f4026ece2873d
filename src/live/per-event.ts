// One event reaches every subscriber of its page in this process as the same object. What an event's payload
// shares among them (the post and the thread as anonymous readers see them; never a viewer field) is loaded once per
// event and process, not once per subscriber: 1,000 subscribers of a thread cost one post read per reply, not 1,000.
import type { Delivery } from './live-bus.js';

const loads = new WeakMap<object, Map<string, Promise<unknown>>>();

/** load(), shared by every resolution of the same delivered event under the same key. */
export function oncePerEvent<T>(delivery: Delivery, key: string, load: () => Promise<T>): Promise<T> {
  if (typeof delivery !== 'object') return load();
  let byKey = loads.get(delivery);
  if (!byKey) loads.set(delivery, byKey = new Map());
  let loading = byKey.get(key) as Promise<T> | undefined;
  if (!loading) {
    loading = load();
    byKey.set(key, loading);
    loading.catch(() => byKey!.delete(key)); // a failure is not shared with later subscribers
  }
  return loading;
}
