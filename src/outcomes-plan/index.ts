/**
 * Outcomes Plans: a council's local criteria frameworks, stored and versioned. A coordinator copies a shipped
 * framework (tf-2015, sf-2022, dea-2017) or a local one into a new local framework, then changes it on a form
 * or as JSON; every save is checked by the criteria engine and becomes the next version, and no version is
 * ever changed or removed. Identification runs choose from `frameworkChoices` and load with
 * `loadCouncilFramework` (or `councilFrameworkSource`, to compile in a worker thread).
 */
export {
  councilFrameworkSource,
  councilLibrary,
  exportFramework,
  type FrameworkChoice,
  type FrameworkDetail,
  type FrameworkSummary,
  frameworkChoices,
  isShippedFrameworkId,
  listFrameworks,
  loadCouncilFramework,
  viewFramework,
} from './council-frameworks.ts';
export { type FrameworkProblem, problemText } from './framework-check.ts';
export { applyFrameworkEdits, editablePaths, entryPath, type FrameworkEdits } from './framework-edits.ts';
export { frameworkText, orderedDefinition } from './framework-text.ts';
export type { LocalFrameworkVersion } from './local-framework-versions.ts';
export {
  copyFramework,
  editFramework,
  type FrameworkCopy,
  type FrameworkSave,
  localFrameworkIdPattern,
  type SaveOutcome,
  saveFrameworkVersion,
} from './save-framework.ts';
