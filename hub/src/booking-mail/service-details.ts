import { findService } from '../../../src-shared/domain/services';
import type { ServiceDetails } from './booking-message';

/**
 * A service's name from the built-in list (src-shared/domain/services.ts), which names services
 * but lists no documents. The mailer takes its lookup as an option so the hub's catalogue can be
 * wired in its place without the mailer knowing where the catalogue lives.
 */
export function builtInServiceDetails(serviceCode: string): ServiceDetails | null {
  const service = findService(serviceCode);
  return service ? { name: service.name, documents: [] } : null;
}
