import { useId } from 'react';
import { useI18n } from '../../i18n';

export interface Series {
  name: string;
  /** One per category; null where there are no figures (a gap on a time axis). */
  values: (number | null)[];
}

const colours = ['#188097', '#e98b2a', '#6a2abf', '#2a8a2a'];

/** Grouped bars as an SVG picture, with its numbers as a table for those who would rather read (and screen readers). On a
 * time axis every day or week has its place: one without figures is an empty place marked "no figures", never skipped. */
export function BarChart({ title, categories, series, labels, axisLabels }: {
  title: string;
  categories: string[];
  series: Series[];
  /** What each category is called in words (the table); the category itself when not given. */
  labels?: string[];
  /** Under each group of bars, one short line each (a week, then its Monday's date). */
  axisLabels?: string[][];
}) {
  const { t } = useI18n();
  const id = useId();
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const height = 180;
  const groupWidth = Math.max(48, series.length * 18 + 16);
  const width = Math.max(280, categories.length * groupWidth + 60);
  const summary = series.map((s) => `${s.name}: ${s.values.reduce<number>((a, b) => a + (b ?? 0), 0)}`).join(', ');
  const label = (c: number) => labels?.[c] ?? categories[c];
  const empty = (c: number) => series.every((s) => s.values[c] === null);

  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <ul className="legend">
        {series.map((s, i) => (
          <li key={s.name}>
            <span className="swatch" style={{ background: colours[i % colours.length] }} aria-hidden="true" />
            {s.name}
          </li>
        ))}
      </ul>
      {/* Focusable, so a keyboard user can scroll a wide chart on a narrow screen. */}
      <div className="chart-scroll" tabIndex={0} role="group" aria-label={title}>
        <svg role="img" aria-label={`${title}. ${summary}`} viewBox={`0 0 ${width} ${height + 42}`} width={width} height={height + 42}>
          <line x1="30" y1={height} x2={width} y2={height} stroke="#444" />
          <text x="0" y="12" fontSize="11" fill="#333">
            {max}
          </text>
          {categories.map((category, c) => (
            <g key={category} transform={`translate(${40 + c * groupWidth},0)`}>
              {empty(c) && (
                <line x1="0" y1={height - 1} x2={series.length * 18 - 4} y2={height - 1} stroke="#767676" strokeDasharray="3 3" />
              )}
              {series.map((s, i) => {
                const value = s.values[c];
                if (value === null) return null;
                const h = Math.round((value / max) * (height - 30));
                return (
                  <g key={s.name}>
                    <rect x={i * 18} y={height - h} width="14" height={h} fill={colours[i % colours.length]} />
                    {value > 0 && (
                      <text x={i * 18 + 7} y={height - h - 3} fontSize="10" textAnchor="middle" fill="#1b1b1b">
                        {value}
                      </text>
                    )}
                  </g>
                );
              })}
              <text x="0" y={height + 14} fontSize="10" fill="#333">
                {(axisLabels?.[c] ?? [label(c)]).map((line, l) => (
                  <tspan key={l} x="0" dy={l === 0 ? 0 : 12}>
                    {line}
                  </tspan>
                ))}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <details>
        <summary>{t('showAsTable')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('period')}</th>
              {series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((category, c) => (
              <tr key={category}>
                <th scope="row">{label(c)}</th>
                {series.map((s) => (
                  <td key={s.name}>{s.values[c] ?? t('chartNoFigures')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
