// Shared shape of benchmark results and the table they print as.

export interface BenchRow {
  /** What was measured, e.g. "Video segment, 10 pages 1280x720". */
  name: string;
  value: number;
  unit: string;
  /** The baseline measured in the same run, and what it is. */
  baseline?: { name: string; value: number };
  /** Higher-is-better metrics (req/s) compute ratio as value/baseline; otherwise baseline/value is not used. */
  ratio?: number;
  target?: string;
}

export function printTable(title: string, rows: BenchRow[]): void {
  console.log(`\n## ${title}\n`);
  const header = ['measure', 'value', 'baseline', 'ratio', 'target'];
  const lines = rows.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.baseline ? `${fmt(r.baseline.value)} ${r.unit} (${r.baseline.name})` : '',
    r.ratio !== undefined ? fmt(r.ratio) : '',
    r.target ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(row(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(row(l));
}

/** Whole numbers from 100, three decimals below 1 (an SSIM of 0.978 is not 0.98), else two. */
const fmt = (n: number) => n.toFixed(Math.abs(n) >= 100 ? 0 : Math.abs(n) < 1 && n !== 0 ? 3 : 2);
