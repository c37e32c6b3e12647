import { useId } from 'react';
import { useI18n } from '../../i18n';

export interface Series {
  name: string;
  values: number[];
}

const colours = ['#188097', '#e98b2a', '#6a2abf', '#2a8a2a'];

/** Grouped bars as an SVG picture, with its numbers as a table for those who would rather read (and screen readers). */
export function BarChart({ title, categories, series }: { title: string; categories: string[]; series: Series[] }) {
  const { t } = useI18n();
  const id = useId();
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const height = 180;
  const groupWidth = Math.max(48, series.length * 18 + 16);
  const width = Math.max(280, categories.length * groupWidth + 60);
  const summary = series.map((s) => `${s.name}: ${s.values.reduce((a, b) => a + b, 0)}`).join(', ');

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
        <svg role="img" aria-label={`${title}. ${summary}`} viewBox={`0 0 ${width} ${height + 30}`} width={width} height={height + 30}>
          <line x1="30" y1={height} x2={width} y2={height} stroke="#444" />
          <text x="0" y="12" fontSize="11" fill="#333">
            {max}
          </text>
          {categories.map((category, c) => (
            <g key={category} transform={`translate(${40 + c * groupWidth},0)`}>
              {series.map((s, i) => {
                const h = Math.round((s.values[c] / max) * (height - 30));
                return (
                  <g key={s.name}>
                    <rect x={i * 18} y={height - h} width="14" height={h} fill={colours[i % colours.length]} />
                    {s.values[c] > 0 && (
                      <text x={i * 18 + 7} y={height - h - 3} fontSize="10" textAnchor="middle" fill="#1b1b1b">
                        {s.values[c]}
                      </text>
                    )}
                  </g>
                );
              })}
              <text x="0" y={height + 16} fontSize="10" fill="#333">
                {category}
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
                <th scope="row">{category}</th>
                {series.map((s) => (
                  <td key={s.name}>{s.values[c]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
