import { getFormatter, getTranslations } from 'next-intl/server';
import { Table, TableHead, td } from '@/components/ui/table';

export type BarChartRow = {
  /** Stable and unique within the chart (React key). */
  key: string;
  /** Already translated. */
  label: string;
  /** null draws no bar: a value withheld (e.g. a suppressed small count) or not known. */
  value: number | null;
  /** Shown instead of the formatted value, in the bars and the table (e.g. "fewer than 5", "12.5 days"). */
  display?: string;
};

export type BarChartProps = {
  /** Unique on the page: the figure's id and the prefix of its heading's. */
  id: string;
  /** The chart's heading, also the table's caption. */
  title: string;
  rows: BarChartRow[];
  /** The value column's header in the table, e.g. "Cases". */
  valueLabel: string;
  /** The label column's header in the table; defaults to a generic "Group". */
  labelHeader?: string;
  /** A line under the heading, e.g. "The 15 most frequent of 40". */
  note?: string;
  /** Shown instead of bars and table when there are no rows. */
  emptyText?: string;
  /** The heading's level in the page outline. */
  headingLevel?: 2 | 3;
};

/**
 * A horizontal bar chart for server components: plain HTML and CSS, no chart library, no
 * JavaScript. Shared by the public statistics and the organizers' insights, and standalone so any
 * page can use it (e.g. a petition's signatures per region).
 *
 * Accessibility: a <figure> named by its heading (inside the <figcaption>). The bars are a visual
 * summary only and hidden from assistive technology (aria-hidden); the same rows are a real
 * <table> (caption, column and row headers) in a <details> disclosure under the bars, which a
 * screen reader announces right after the heading ("Show as a table: …, collapsed"). Every bar
 * also prints its label and value, so nothing is conveyed by length or colour alone.
 *
 * Bars are scaled to the largest non-null value; a non-zero value always shows a sliver.
 * `display` replaces the formatted number where the caller must not or cannot show one.
 */
export async function BarChart({ id, title, rows, valueLabel, labelHeader, note, emptyText, headingLevel = 2 }: BarChartProps) {
  const t = await getTranslations();
  const format = await getFormatter();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const max = Math.max(0, ...rows.map((r) => r.value ?? 0));
  const text = (row: BarChartRow) => row.display ?? (row.value === null ? t('common.none') : format.number(row.value));
  const width = (value: number | null) => (value === null || value <= 0 || max === 0 ? 0 : Math.max(1, (value / max) * 100));

  return (
    <figure id={id} aria-labelledby={`${id}-title`} className="flex scroll-mt-4 flex-col gap-3 rounded-md border border-slate-300 p-4" data-testid="bar-chart">
      <figcaption className="flex flex-col gap-1">
        <Heading id={`${id}-title`} className={headingLevel === 2 ? 'text-xl font-bold text-slate-950' : 'text-lg font-bold text-slate-950'}>
          {title}
        </Heading>
        {note && <p className="text-sm text-slate-700">{note}</p>}
      </figcaption>
      {rows.length === 0 ? (
        <p className="text-slate-800">{emptyText ?? t('charts.empty')}</p>
      ) : (
        <>
          <div aria-hidden="true" className="flex flex-col gap-2">
            {rows.map((row) => (
              <div key={row.key} className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 gap-y-1 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto]">
                <span className="col-span-2 text-sm break-words text-slate-900 sm:col-span-1">{row.label}</span>
                <span className="block h-4 rounded-sm bg-slate-100">
                  <span className="block h-4 rounded-sm bg-blue-700" style={{ width: `${width(row.value)}%` }} />
                </span>
                <span className={row.value === null ? 'text-sm whitespace-nowrap text-slate-800 italic' : 'text-sm font-semibold whitespace-nowrap text-slate-900 tabular-nums'}>
                  {text(row)}
                </span>
              </div>
            ))}
          </div>
          <details>
            <summary className="cursor-pointer py-2.5 font-semibold text-blue-800 underline underline-offset-2">
              {t('charts.showTable')}
              <span className="sr-only">: {title}</span>
            </summary>
            <Table caption={title} className="mt-2">
              <TableHead columns={[labelHeader ?? t('charts.group'), valueLabel]} />
              <tbody>
                {rows.map((row) => (
                  <tr key={row.key}>
                    <th scope="row" className={`${td} font-normal`}>
                      {row.label}
                    </th>
                    <td className={`${td} tabular-nums`}>{text(row)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </details>
        </>
      )}
    </figure>
  );
}
