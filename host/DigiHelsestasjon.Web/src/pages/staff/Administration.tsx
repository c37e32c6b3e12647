import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import { data, getApiV1AdminMunicipalities } from '../../api';
import { useI18n } from '../../i18n';
import type { Municipality } from '../../api';
import { Loaded } from '../../query';
import { Link, useLocation } from 'react-router';
import { AppointmentTexts } from './AppointmentTexts';
import { EpjItems } from './EpjItems';
import { SelfBookingSettings } from './SelfBookingSettings';
import { PolicyForm } from './PolicyForm';
import { FigureCharts } from './FigureCharts';

export function Administration() {
  const query = useQuery({ queryKey: ['admin', 'municipalities'], queryFn: () => data<Municipality[]>(getApiV1AdminMunicipalities()) });
  return <Loaded query={query}>{(mine) => <AdministrationOf mine={mine} />}</Loaded>;
}

function AdministrationOf({ mine }: { mine: Municipality[] }) {
  const { t } = useI18n();
  const path = useLocation().pathname;
  const [chosen, setKommunenummer] = useState('');
  const kommunenummer = chosen || (mine[0]?.kommunenummer ?? '');

  if (mine.length === 0) return <NotificationPanel variant="info">{t('notAnAdmin')}</NotificationPanel>;
  return (
    <>
      {mine.length > 1 && (
        <Select selectId="admin-municipality" label={t('municipality')} value={kommunenummer} onChange={(e) => setKommunenummer(e.target.value)}>
          {mine.map((m) => (
            <option key={m.kommunenummer} value={m.kommunenummer}>
              {m.name}
            </option>
          ))}
        </Select>
      )}
      <nav aria-label={t('adminSections')} className="tabs">
        <Link to="/ansatt/admin" aria-current={!['/ansatt/admin/epj', '/ansatt/admin/tekster', '/ansatt/admin/timebestilling'].includes(path) ? 'page' : undefined}>
          {t('policiesAndFigures')}
        </Link>
        <Link to="/ansatt/admin/epj" aria-current={path === '/ansatt/admin/epj' ? 'page' : undefined}>
          {t('epjItems')}
        </Link>
        <Link to="/ansatt/admin/tekster" aria-current={path === '/ansatt/admin/tekster' ? 'page' : undefined}>
          {t('appointmentTexts')}
        </Link>
        <Link to="/ansatt/admin/timebestilling" aria-current={path === '/ansatt/admin/timebestilling' ? 'page' : undefined}>
          {t('selfBooking')}
        </Link>
      </nav>
      {path === '/ansatt/admin/epj' ? (
        <EpjItems />
      ) : path === '/ansatt/admin/tekster' ? (
        <AppointmentTexts key={`t-${kommunenummer}`} kommunenummer={kommunenummer} />
      ) : path === '/ansatt/admin/timebestilling' ? (
        <SelfBookingSettings key={`s-${kommunenummer}`} kommunenummer={kommunenummer} />
      ) : (
        <>
          <PolicyForm key={`p-${kommunenummer}`} kommunenummer={kommunenummer} name={mine.find((m) => m.kommunenummer === kommunenummer)?.name ?? ''} />
          <FigureCharts key={`f-${kommunenummer}`} kommunenummer={kommunenummer} />
        </>
      )}
    </>
  );
}
