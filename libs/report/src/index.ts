/**
 * What the apps import as `@app/report`: the analysis of one run's logs, the
 * conclusions drawn from it, the report as a document of blocks, and its
 * Markdown, HTML and Word renderers with the writer of all its files. The lab
 * demo (`apps/lab`) writes its report with it. Each name is exported by name,
 * and only when an app or a test imports it (`exports.spec.ts` checks both).
 */
export { analyseRun, type RunAnalysis, type RunFiles } from './run-analysis.js';
export { conclusions } from './conclusions.js';
export { buildLabReport, threadExitBlocks, type LabFacts, type ReportInput } from './report-builder.js';
export { renderMarkdown } from './render-markdown.js';
export { renderHtml } from './render-html.js';
export { dateTime, numbers } from './format.js';
export type { Block, ReportDocument, TitlePage } from './report-document.js';
export { renderDocx } from './docx-renderer.js';
export { writeReportFiles } from './report-files.js';
