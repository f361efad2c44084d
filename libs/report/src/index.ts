/**
 * What the apps import as `@app/report`: the analysis of one run's logs, the
 * conclusions drawn from it, and the report's renderers. The lab demo
 * (`apps/lab`) writes its report with it; a class session can compose the
 * same sections for many students' runs.
 */
export { analyseRun, type ClientTimeline, type RunAnalysis, type RunFiles, type ServerApp } from './run-analysis.js';
export { behaviourOf, conclusions, describe, maxOverlap, type Behaviour, type Finding, type RunContext } from './conclusions.js';
export {
  renderHtml,
  renderMarkdown,
  renderSummary,
  type ReportIdentity,
  type LabFacts,
  type ReportInput,
  type ReportOptions,
  type ServerKey,
  type Sourced,
} from './report-writer.js';
export { axisLabel, MIN_SEGMENT_MS, PHASE_COLORS, renderTimeline, segments } from './svg-timeline.js';
export type { Block, ListingLanguage, ReportDocument, TitlePage } from './report-document.js';
