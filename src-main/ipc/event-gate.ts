import type { z } from 'zod';
import { type Access, type EventName, type EventPayload, events } from '../../src-shared/contract/ipc';
import type { Role } from '../../src-shared/domain/roles';
import { createLogger } from '../../src-shared/log';
import { accessDenied } from './access';
import type { EventBus, EventListener } from './event-bus';

const log = createLogger('ipc');

/** Main's events as a transport may forward them to the renderer. */
export interface RendererEvents {
  subscribe(listener: EventListener): () => void;
}

/**
 * The events' counterpart of the IPC router, and the only way a transport gets events: an event
 * reaches the renderer only when the role signed in at that moment may receive it (the
 * contract's `access`, read as for channels), and only as its schema parses it (a payload
 * outside the schema is a bug here: it is logged and not sent; unknown fields are dropped).
 */
export function gateEvents(bus: EventBus, currentRole: () => Role | null): RendererEvents {
  return {
    subscribe: (listener) =>
      bus.subscribe(<E extends EventName>(event: E, payload: EventPayload<E>) => {
        const spec: { access: Access; payload: z.ZodType } = events[event];
        if (accessDenied(spec.access, currentRole())) return;
        const parsed = spec.payload.safeParse(payload);
        if (!parsed.success) {
          log.error('event payload outside its schema; not sent', { event, issues: parsed.error.issues.slice(0, 5) });
          return;
        }
        listener(event, parsed.data as EventPayload<E>);
      }),
  };
}
