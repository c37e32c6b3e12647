import { useI18n, type TextKey } from '../../i18n';
import { areaKeys, areasNeedingIdPorten, listInWords, type Capabilities } from './capabilities';
import { NeedsIdPorten } from './NeedsIdPorten';

const loginKeys: Record<string, TextKey> = { feide: 'loginFeide', 'idporten-loa-substantial': 'loginSubstantial' };

/** For a Feide or MinID login: what more ID-porten opens, said once with one button, instead of tabs that would fail. */
export function MoreWithIdPorten({ capabilities }: { capabilities: Capabilities }) {
  const { t, language } = useI18n();
  const more = areasNeedingIdPorten(capabilities);
  if (more.length === 0) return null;
  const login = t(loginKeys[capabilities.login] ?? 'loginThisLogin');
  return <NeedsIdPorten title={t('moreWithIdPortenTitle')} text={t('moreWithIdPorten', { login, areas: listInWords(more.map((a) => t(areaKeys[a])), language) })} />;
}
