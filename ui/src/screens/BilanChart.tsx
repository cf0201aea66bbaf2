// « Évolution sur plusieurs années »: one distribution over the years of the case file, as stacked
// bars (one bar per year, one segment per category), drawn in SVG. The legend names the colours;
// the same numbers are in a table just below, for screen readers and for reading them exactly.

import type { AnnualBilan, Distribution } from "../api";

/** Colours told apart also by people with a colour vision deficiency (Okabe–Ito, darkened a little). */
export const PALETTE = [
  "#0b6aa6", "#e09b00", "#008f6b", "#c75300", "#62b4e6", "#b9609a", "#5b5b5b", "#d8c93c", "#2d3d8f", "#8c564b",
];

interface Props {
  distribution: Distribution;
  history: AnnualBilan[];
  /** The year shown above ("2026-2027"): its bar is marked. */
  currentYear: string;
}

interface Column {
  year: string;
  counts: number[];
  total: number;
}

export function HistoryChart({ distribution: d, history, currentYear }: Props) {
  const all = d.rows.map((r) => ({ key: r.key, label: r.label }));
  const counted = history.map((b) => {
    const found = b.sections.flatMap((s) => s.distributions).find((x) => x.id === d.id);
    return { year: b.schoolYear, counts: all.map((c) => found?.rows.find((r) => r.key === c.key)?.count ?? 0) };
  });
  // Over the years, only when two of them have something to compare.
  if (counted.filter((c) => c.counts.some((n) => n > 0)).length < 2) return null;
  // The categories counted in some year, each with its colour; the empty ones are named below.
  const kept = all.map((_, k) => k).filter((k) => counted.some((c) => (c.counts[k] ?? 0) > 0));
  const categories = kept.map((k) => all[k] ?? { key: "", label: "" });
  const empty = all.filter((_, k) => !kept.includes(k));
  const columns: Column[] = counted.map((c) => {
    const counts = kept.map((k) => c.counts[k] ?? 0);
    return { year: c.year, counts, total: counts.reduce((a, n) => a + n, 0) };
  });
  const max = Math.max(1, ...columns.map((c) => c.total));
  const titleId = `bilan-history-${d.id}-title`;

  // Geometry, in SVG units (the drawing scales to the card's width).
  const barWidth = 46;
  const gap = 40;
  const left = 34;
  const top = 18;
  const plot = 150;
  const width = left + columns.length * (barWidth + gap) + 10;
  const height = top + plot + 28;
  const ticks = niceTicks(max);
  const scale = plot / (ticks[ticks.length - 1] ?? max);

  return (
    <figure class="bilan-history" id={`bilan-history-${d.id}`} aria-labelledby={titleId}>
      <figcaption id={titleId} class="bilan-history-title">Évolution sur plusieurs années</figcaption>
      <div class="bilan-history-body">
        <svg
          viewBox={`0 0 ${width} ${height}`} width={width} height={height} class="bilan-history-svg"
          aria-hidden="true" focusable="false"
        >
          {ticks.map((t) => (
            <g key={t}>
              <line x1={left - 4} x2={width - 6} y1={top + plot - t * scale} y2={top + plot - t * scale} class="grid" />
              <text x={left - 8} y={top + plot - t * scale + 4} class="tick">{t}</text>
            </g>
          ))}
          {columns.map((c, i) => {
            const x = left + gap / 2 + i * (barWidth + gap);
            let y = top + plot;
            return (
              <g key={c.year} class={c.year === currentYear ? "current" : undefined}>
                {c.counts.map((n, k) => {
                  const category = categories[k];
                  if (n === 0 || !category) return null;
                  const h = n * scale;
                  y -= h;
                  return (
                    <rect
                      key={category.key} x={x} y={y} width={barWidth} height={h}
                      fill={PALETTE[k % PALETTE.length]} class="segment"
                    >
                      <title>{`${c.year} — ${category.label} : ${n}`}</title>
                    </rect>
                  );
                })}
                <text x={x + barWidth / 2} y={top + plot - c.total * scale - 5} class="total">{c.total}</text>
                <text x={x + barWidth / 2} y={top + plot + 16} class="year">{c.year}</text>
              </g>
            );
          })}
          <line x1={left - 4} x2={width - 6} y1={top + plot} y2={top + plot} class="axis" />
        </svg>
        <ul class="bilan-legend" aria-label="Légende">
          {categories.map((c, k) => (
            <li key={c.key}>
              <span class="swatch" style={{ background: PALETTE[k % PALETTE.length] }} aria-hidden="true" />
              {c.label}
            </li>
          ))}
        </ul>
      </div>
      {empty.length > 0 && (
        <p class="hint bilan-history-empty">Sans effectif sur ces années : {empty.map((c) => c.label).join(", ")}.</p>
      )}
      <details class="bilan-history-data">
        <summary>Les chiffres par année</summary>
        <div class="table-wrap">
          <table class="data compact bilan-table bilan-history-table">
            <caption class="visually-hidden">{d.label} : évolution sur plusieurs années</caption>
            <thead>
              <tr>
                <th scope="col">Catégorie</th>
                {columns.map((c) => <th key={c.year} scope="col" class="num">{c.year}</th>)}
              </tr>
            </thead>
            <tbody>
              {categories.map((cat, k) => (
                <tr key={cat.key} data-key={cat.key}>
                  <th scope="row">{cat.label}</th>
                  {columns.map((c) => <td key={c.year} class="num">{c.counts[k]}</td>)}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                {columns.map((c) => <td key={c.year} class="num">{c.total}</td>)}
              </tr>
            </tfoot>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** Round ticks from 0 up to at least `max` (4 or 5 of them). */
function niceTicks(max: number): number[] {
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const whole = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let t = 0; t < max + whole; t += whole) ticks.push(t);
  const last = ticks[ticks.length - 1] ?? 0;
  if (last < max) ticks.push(last + whole);
  return ticks;
}
