// What the worker bundles: the workflow functions only.
export { taskWorkflow } from './task-workflow';
export { bulletinDrafter } from './bulletin-workflow';
export { bulletinMail } from './bulletin-mail-workflow';
