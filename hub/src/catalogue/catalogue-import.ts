import { type Catalogue, catalogueSchema } from '../../../src-shared/protocol/booking';
import { AppError } from '../../../src-shared/errors';
import type { HubStore } from '../store/hub-store';
import type { CatalogueImport } from '../store/tables/catalogue';
import { parseJsonFile } from './json-file';

/** A catalogue file (`hub catalogue-import`), checked: the schema, unique codes, known categories. */
export function parseCatalogueFile(file: string, text: string): Catalogue {
  const catalogue = parseJsonFile(file, text, catalogueSchema);
  const categories = new Set<number>();
  for (const [i, category] of catalogue.categories.entries()) {
    if (categories.has(category.code))
      throw new AppError('invalid_input', `${file}: categories[${i}] (${category.code}): category ${category.code} is listed twice`);
    categories.add(category.code);
  }
  const services = new Set<string>();
  for (const [i, service] of catalogue.services.entries()) {
    if (services.has(service.code)) throw new AppError('invalid_input', `${file}: services[${i}] (${service.code}): the code is listed twice`);
    if (!categories.has(service.category)) {
      throw new AppError('invalid_input', `${file}: services[${i}] (${service.code}): category ${service.category} is not among the file's categories`);
    }
    services.add(service.code);
  }
  return catalogue;
}

/** Makes the hub's catalogue `catalogue`; services it leaves out are withdrawn, not deleted. */
export function importCatalogue(store: HubStore, catalogue: Catalogue): CatalogueImport {
  return store.transaction(() => store.catalogue.replace(catalogue));
}
