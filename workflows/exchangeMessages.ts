import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SubjectEventRecord } from './machineRunner';
import type { Actor } from '../domain/vocabulary';
import type { ExchangeDuty } from '../domain/exchangeDuties';
import type { ExchangeAction, ExchangeContext } from '../domain/exchangeMachine';
import type { TaskSpec } from '../domain/taskSpec';
import type { ActionRequest } from './subjectMessages';

export interface ExchangeInput {
  countyCode: string;
}

export interface ExchangeStatus {
  exchangeId: string;
  countyCode: string;
  month: string;
  state: 'open' | 'closed';
  allowedActions: ExchangeAction[];
  context: ExchangeContext;
  duties: ExchangeDuty[];
  overdue: string[];
}

export type ExchangeEventRecord = SubjectEventRecord<ExchangeStatus, object>;

export const exchangeStatusQuery = defineQuery<ExchangeStatus>('exchangeStatus');
export const exchangeActionUpdate = (action: ExchangeAction) => defineUpdate<ExchangeStatus, [ActionRequest]>(action);
