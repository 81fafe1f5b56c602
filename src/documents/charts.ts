// Charts for the printed recap, drawn on the server without a browser or canvas: a Vega-Lite spec is
// compiled to Vega and rendered headless to SVG, which svg-to-pdfkit draws into the PDF as vectors.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { formatMonthShort } from './format.js';

const FONT = 'DejaVu Sans';

const CONFIG = {
  font: FONT,
  axis: { labelFontSize: 9, titleFontSize: 9, labelColor: '#222222', titleColor: '#222222', grid: true, gridColor: '#dddddd' },
  legend: { labelFontSize: 9, titleFontSize: 9, orient: 'bottom' as const },
  title: { fontSize: 11, anchor: 'start' as const, font: FONT },
  view: { stroke: 'transparent' },
};

/** Indonesian number format inside the charts' axis labels. */
const ID_LOCALE = { decimal: ',', thousands: '.', grouping: [3], currency: ['Rp', ''] } as const;

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vg = compile(spec).spec;
  vega.formatLocale(ID_LOCALE as never);
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Per-division bars: complaints disposed to each division in the month. */
export function divisionBarsSpec(rows: { name: string; count: number }[], width: number, height: number): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Laporan yang didisposisikan per bidang',
    width,
    height,
    data: { values: rows },
    mark: { type: 'bar', color: '#1f5fa8' },
    encoding: {
      y: { field: 'name', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 180 } },
      x: { field: 'count', type: 'quantitative', title: 'Jumlah laporan', axis: { tickMinStep: 1, format: 'd' } },
    },
    config: CONFIG,
  };
}

/** The 12-month trend: received and closed per month. */
export function trendSpec(rows: { month: string; received: number; closed: number }[], width: number, height: number): TopLevelSpec {
  const values = rows.flatMap((r) => [
    { bulan: formatMonthShort(r.month), order: r.month, seri: 'Diterima', jumlah: r.received },
    { bulan: formatMonthShort(r.month), order: r.month, seri: 'Selesai', jumlah: r.closed },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Tren 12 bulan: laporan diterima dan selesai',
    width,
    height,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'bulan', type: 'ordinal', sort: { field: 'order' }, title: null, axis: { labelAngle: -40 } },
      y: { field: 'jumlah', type: 'quantitative', title: 'Jumlah laporan', axis: { tickMinStep: 1, format: 'd' } },
      color: {
        field: 'seri',
        type: 'nominal',
        title: null,
        scale: { domain: ['Diterima', 'Selesai'], range: ['#1f5fa8', '#2e8b57'] },
      },
    },
    config: CONFIG,
  };
}
