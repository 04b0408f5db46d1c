// The ledger: extracting tasks and targets from a report, assigning departments, loading the catalog.
export { extractLedger, type ExtractOptions } from './extract';
export { applyAssignments, parseAssignments, type AssignedLedger, type Assignments } from './assignments';
export { parseDepartments, type Department } from './departments';
export { parsePolicies, type Policy } from './policies';
export { parseLedger } from './ledger-file';
export { loadLedger, readDataFile, type LedgerFiles, type LoadSummary } from './load';
export { toCsv } from './csv';
export { isGrowthMetric, targetKind } from '../../workflows/rules/target-kind';
export { LedgerFileError, formatProblem, type Problem } from './errors';
export type { Comparator, LedgerTarget, LedgerTask, TargetKind } from './types';
