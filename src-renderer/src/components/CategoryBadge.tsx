import type { Category } from '../../../src-shared/domain/services';
import { CATEGORY_NAMES } from '../../../src-shared/domain/services';
import { useI18n } from '../i18n/i18n';

export function CategoryBadge({ category, full = false }: { category: Category; full?: boolean }): React.JSX.Element {
  const { language } = useI18n();
  const name = CATEGORY_NAMES[category][language];
  return (
    <span className={`category category-${category}`} title={name}>
      <span className="category-number" aria-hidden="true">
        {category}
      </span>
      <span className={full ? undefined : 'category-name'}>{name}</span>
    </span>
  );
}
