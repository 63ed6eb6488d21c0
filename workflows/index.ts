export { caseWorkflow } from './caseWorkflow';
export { emergencyWorkflow } from './emergencyWorkflow';
export { applicationWorkflow } from './applicationWorkflow';
export { enrolmentWorkflow } from './enrolmentWorkflow';
export { monthlyExchangeWorkflow } from './exchangeWorkflow';
export { auditMaintenanceWorkflow } from './auditMaintenanceWorkflow';
export { referralWorkflow } from './referralWorkflow';
export { feedBatchWorkflow } from './feedBatchWorkflow';
