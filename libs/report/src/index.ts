/**
 * What the apps import as `@app/report`: the analysis of one run's logs, the
 * conclusions drawn from it, the report as a document of blocks, its section
 * builders, and the Markdown and HTML renderers. The lab demo (`apps/lab`)
 * writes its report with it; a class session composes the same sections for
 * its rounds (`runSection`, `comparisonSection`, `configsSection`,
 * `logsSection`).
 */
export {
  analyseLogs,
  analyseRun,
  maxOverlap,
  workOf,
  type ClientTimeline,
  type ClockProblem,
  type RunAnalysis,
  type RunFile,
  type RunFiles,
  type RunLogs,
  type ServerApp,
} from './run-analysis.js';
export { behaviourOf, conclusions, describe, type Behaviour, type Finding, type RunContext } from './conclusions.js';
export {
  buildLabReport,
  clientsTableBlocks,
  comparisonSection,
  conditionBlocks,
  conditionOf,
  configsSection,
  logsSection,
  mermaidTimeline,
  runSection,
  serverEventsBlocks,
  timelineBlocks,
  timelineImage,
  type Condition,
  type CourseFields,
  type LabFacts,
  type ReportIdentity,
  type ReportInput,
  type ReportOptions,
  type SectionOptions,
  type ServerKey,
  type Sourced,
} from './report-builder.js';
export { renderMarkdown, mdText, showInvisible } from './render-markdown.js';
export { renderHtml } from './render-html.js';
export { axisLabel, MIN_SEGMENT_MS, PHASE_COLORS, renderTimeline, segments } from './svg-timeline.js';
export { numbers, type Numbers } from './format.js';
export { reportTexts, type ReportTexts } from './i18n/report-texts.js';
export type { Block, ListingLanguage, ReportDocument, TitlePage } from './report-document.js';
export { renderDocx } from './docx-renderer.js';
export { PNG_SCALE, renderPng, svgToPng, type Png } from './svg-png.js';
export { REPORT_FILE_NAMES, REPORT_RENDERERS, writeReportFiles, type ReportFiles, type TextRenderers } from './report-files.js';
