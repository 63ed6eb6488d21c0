import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/caseSchemas';
import type { ExchangeDuty } from '../domain/exchangeDuties';
import type { ExchangeAction, ExchangeContext } from '../domain/exchangeMachine';
import type { TaskSpec } from '../domain/taskSpec';
import type { ActionRequest } from './messages';

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

export interface ExchangeEventRecord {
  seq: number;
  eventType: string;
  actor: Actor;
  payload: unknown;
  occurredAtMs: number;
  fromState: string;
  status: ExchangeStatus;
  openTasks: TaskSpec[];
}

export const exchangeStatusQuery = defineQuery<ExchangeStatus>('exchangeStatus');
export const exchangeActionUpdate = (action: ExchangeAction) => defineUpdate<ExchangeStatus, [ActionRequest]>(action);
