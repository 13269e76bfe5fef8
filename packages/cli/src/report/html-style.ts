/**
 * The HTML bill's style sheet, inline in the page: system fonts only (nothing to fetch), colours
 * that survive printing, and page breaks that keep a chart, a totals block or a table row whole.
 */
export const HTML_STYLE = `  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 960px; padding: 0 1rem; color: #1f2328; background: #fff; }
  h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .4rem; }
  .meta { color: #59636e; margin: 0 0 .3rem; }
  code { font: .9em ui-monospace, monospace; }
  .warning { border-left: 4px solid #bf8700; background: #fff8c5; padding: .5rem .8rem; }
  .totals { display: grid; grid-template-columns: repeat(3, 1fr); gap: .75rem; margin: 1.25rem 0 1.5rem; }
  .totals div { border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; padding: .6rem .9rem; }
  .totals dt { color: #59636e; font-size: .85rem; }
  .totals dd { margin: 0; font-size: 1.5rem; font-weight: 600; font-variant-numeric: tabular-nums; }
  figure { margin: 0 0 1.5rem; }
  figcaption, caption { font-weight: 600; text-align: left; margin-bottom: .4rem; }
  svg text { font: 12px system-ui, sans-serif; fill: #59636e; }
  #hours-over-time { display: block; width: 100%; height: auto; }
  .grid { stroke: #d8dee4; stroke-width: 1; }
  .baseline { stroke: #59636e; stroke-width: 1; }
  .hours-bar { fill: #2f81f7; shape-rendering: crispEdges; }
  /* align-items: start, or a short table would be stretched to its neighbour's height, row by row. */
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(400px, 1fr)); align-items: start; gap: 1.5rem; margin: 0 0 1.5rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { padding: .35rem .6rem; border-bottom: 1px solid #d0d7de; text-align: left; vertical-align: top; }
  /* A long issue key or user id breaks anywhere rather than widen the page; "Total" and "Subtotal" never do. */
  td, .bars th { overflow-wrap: anywhere; }
  tfoot td, .subtotal td { overflow-wrap: normal; }
  .bars tbody th, .bars tbody td { vertical-align: middle; }
  .bars th[scope="row"] { font-weight: 400; width: 30%; }
  .bars .track { width: 38%; }
  svg.bar { display: block; width: 100%; height: 18px; }
  .amount-bar { fill: #1a7f37; shape-rendering: crispEdges; }
  .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; overflow-wrap: normal; }
  .detail { margin: 0 0 1.5rem; }
  .subtotal td { font-weight: 600; background: #f6f8fa; }
  tfoot td { font-weight: 700; border-top: 2px solid #1f2328; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  @media print {
    @page { margin: 15mm; }
    /* Tinted tiles, subtotal rows and warnings keep their colours on paper. */
    * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
    .totals, figure, .bars, tr, .warning { break-inside: avoid; }
    h1, caption, figcaption { break-after: avoid; }
    thead { display: table-header-group; }
    /* The total once, under the last row: not repeated at the foot of every page. */
    tfoot { display: table-row-group; }
  }`;
