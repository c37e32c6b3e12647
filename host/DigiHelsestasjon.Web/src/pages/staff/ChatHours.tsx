import { useI18n } from '../../i18n';
import type { OpeningHours } from './policyTypes';

const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** The youth chat's opening hours, one row per day: open or not, from and until (local time). */
export function ChatHours({ hours, onChange }: { hours: OpeningHours[]; onChange: (hours: OpeningHours[]) => void }) {
  const { t } = useI18n();
  const dayOf = (day: string) => hours.find((h) => h.day.toLowerCase() === day);
  const set = (day: string, value: OpeningHours | null) =>
    onChange([...hours.filter((h) => h.day.toLowerCase() !== day), ...(value ? [value] : [])]);
  return (
    <fieldset className="chat-hours">
      <legend>{t('chatOpeningHours')}</legend>
      {/* Scrolls by itself on a narrow screen, by keyboard too, so the page never scrolls sideways. */}
      <div className="table-scroll" tabIndex={0} role="group" aria-label={t('chatOpeningHours')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('day')}</th>
            <th scope="col">{t('open')}</th>
            <th scope="col">{t('opens')}</th>
            <th scope="col">{t('closes')}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => {
            const current = dayOf(day);
            const dayName = t(`day_${day}`);
            return (
              <tr key={day}>
                <th scope="row">{dayName}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('openOn', { day: dayName })}
                    checked={Boolean(current)}
                    onChange={(e) => set(day, e.target.checked ? { day, opens: '08:00:00', closes: '15:30:00' } : null)}
                  />
                </td>
                <td>
                  {current && (
                    <input type="time" aria-label={t('opensOn', { day: dayName })} value={current.opens.slice(0, 5)} onChange={(e) => set(day, { ...current, opens: `${e.target.value}:00` })} />
                  )}
                </td>
                <td>
                  {current && (
                    <input
                      type="time"
                      aria-label={t('closesOn', { day: dayName })}
                      value={current.closes.slice(0, 5)}
                      onChange={(e) => set(day, { ...current, closes: `${e.target.value}:00` })}
                    />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>
    </fieldset>
  );
}
