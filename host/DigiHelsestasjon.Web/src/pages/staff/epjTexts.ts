import { useI18n } from '../../i18n';

type Translate = ReturnType<typeof useI18n>['t'];

// A state or kind the page has no words for yet is named as such, never shown as the journal's raw code.
export function stateText(state: string, t: Translate): string {
  const key = `epjState_${state.replace(/-/g, '_')}` as Parameters<Translate>[0];
  const text = t(key);
  return text === key ? t('epjStateOther') : text;
}

export function kindText(kind: string, t: Translate): string {
  const key = `epjKind_${kind.replace(/-/g, '_')}` as Parameters<Translate>[0];
  const text = t(key);
  return text === key ? t('epjKindOther') : text;
}
