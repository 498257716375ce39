import type { EventName, EventPayload } from '../../src-shared/contract/ipc';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Main's events for the renderer; each transport subscribes and forwards them its own way. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
