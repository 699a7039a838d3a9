// Inline SVG histogram of the weights (the weight-distribution chart of the weighting diagnostics).

/** Props of {@link WeightChart}: bin edges (bins + 1) and counts per bin, an accessible label and a number formatter. */
export interface WeightChartProps {
  edges: readonly number[];
  counts: readonly number[];
  label: string;
  format(x: number): string;
  /** Axis captions. */
  xCaption: string;
  yCaption: string;
}

const W = 560;
const H = 200;
const PAD = { left: 44, right: 12, top: 10, bottom: 40 };

/** Renders the histogram as an SVG image with role="img" and a text alternative (no chart library). */
export function WeightChart({ edges, counts, label, format, xCaption, yCaption }: WeightChartProps) {
  const max = Math.max(1, ...counts);
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const bw = counts.length > 0 ? iw / counts.length : iw;
  const ticks = [0, Math.round(max / 2), max];
  const first = edges[0] ?? 0;
  const last = edges[edges.length - 1] ?? 0;
  const mid = (first + last) / 2;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={label} style={{ maxWidth: W, display: 'block' }}>
      <title>{label}</title>
      {ticks.map((t) => {
        const y = PAD.top + ih - (t / max) * ih;
        return (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} stroke="#e3e8ef" />
            <text x={PAD.left - 6} y={y + 4} fontSize="11" textAnchor="end" fill="#5b6675">{t}</text>
          </g>
        );
      })}
      {counts.map((c, i) => {
        const h = (c / max) * ih;
        return (
          <rect key={i} x={PAD.left + i * bw + 1} y={PAD.top + ih - h} width={Math.max(1, bw - 2)} height={h} fill="#2f6db5">
            <title>{`${format(edges[i] ?? 0)} – ${format(edges[i + 1] ?? 0)}: ${c}`}</title>
          </rect>
        );
      })}
      <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + ih} y2={PAD.top + ih} stroke="#5b6675" />
      {[first, mid, last].map((x, k) => (
        <text key={k} x={PAD.left + (k / 2) * iw} y={PAD.top + ih + 16} fontSize="11" textAnchor={k === 0 ? 'start' : k === 2 ? 'end' : 'middle'} fill="#5b6675">
          {format(x)}
        </text>
      ))}
      <text x={PAD.left + iw / 2} y={H - 4} fontSize="11" textAnchor="middle" fill="#2b3440">{xCaption}</text>
      <text x={12} y={PAD.top + ih / 2} fontSize="11" textAnchor="middle" fill="#2b3440" transform={`rotate(-90 12 ${PAD.top + ih / 2})`}>{yCaption}</text>
    </svg>
  );
}
