import type { ErrorRequestHandler, Response } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { logger } from '../config/logger';
import { MissingPolicyError } from '../db/policy';
import { ILLEGAL_ACTION, type IllegalActionDetails } from '../workflows/subjectMessages';
import { RETRY_AFTER_SECONDS, unavailableDependency } from './outage';

/** Errors the API answers with, mapped to RFC 9457 problem details in one place. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

export const badRequest = (issues: FieldIssue[]) =>
  new HttpError(400, 'VALIDATION_FAILED', `invalid ${issues.map((i) => i.path).join(', ')}`, { issues });
export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} not found`);
export const illegalAction = (d: IllegalActionDetails, message: string) =>
  new HttpError(409, 'ILLEGAL_ACTION', message, { state: d.state, allowedActions: d.allowedActions });

/** The Chinese title of each stable code (RFC 9457 `title`: the same for every occurrence of the problem). */
const TITLES: Record<string, string> = {
  VALIDATION_FAILED: '请求内容不合规',
  MALFORMED_JSON: '请求体不是合法的 JSON',
  BAD_ENCODING: '请求体编码有误',
  MALFORMED_FILE: '上传文件格式有误',
  PAYLOAD_NOT_DECODABLE: '载荷无法解密',
  UNAUTHENTICATED: '未认证',
  FORBIDDEN: '无权操作',
  NOT_THE_REVIEWER: '非指定评查人员',
  NOT_FOUND: '未找到',
  UNKNOWN_ACTION: '未知操作',
  WORKFLOW_NOT_FOUND: '流程不在本服务器',
  ILLEGAL_ACTION: '当前状态不允许此操作',
  CONFLICT_OF_INTEREST: '需回避',
  REFERRED_TO_DEPARTMENT: '事项已转介部门，请在转介上办理',
  POLICY_EXISTS: '政策值已存在',
  RECEIPT_CONFLICT: '来源记录冲突',
  DUPLICATE_AID: '疑似重复救助',
  TASK_HELD: '任务已被他人认领',
  TASK_DONE: '任务已办结',
  PAYLOAD_TOO_LARGE: '请求体过大',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容类型或字符集',
  POLICY_MISSING: '缺少本地政策数据',
  POPULATION_TOO_LARGE: '抽查范围过大',
  OVERLOADED: '系统繁忙，请稍后重试',
  STEP_NOT_CONFIRMED: '操作尚未确认',
  TEMPORAL_UNAVAILABLE: '流程服务暂不可用',
  DATABASE_UNAVAILABLE: '数据库暂不可用',
  INTERNAL: '内部错误',
};

export const PROBLEM_TYPE_BASE = 'urn:aidloop:problem:';

/**
 * Writes `application/problem+json`: type, title (Chinese), status, detail,
 * instance, plus the stable `code` and the problem's own members (`issues`,
 * `allowedActions`, …) as extensions.
 */
export function sendProblem(res: Response, instance: string, e: HttpError): void {
  res.status(e.status).type('application/problem+json').json({
    type: `${PROBLEM_TYPE_BASE}${e.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[e.code] ?? e.code,
    status: e.status,
    detail: e.message,
    instance,
    code: e.code,
    ...e.extra,
  });
}

function illegalFromUpdate(err: unknown): HttpError | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure) || cause.type !== ILLEGAL_ACTION) return undefined;
  return illegalAction(cause.details?.[0] as IllegalActionDetails, cause.message);
}

/**
 * body-parser's and the transport's own errors (they carry `type` and a 4xx
 * `status`): each its own answer, never 500.
 */
function transportError(err: { type?: unknown; status?: unknown }): HttpError | undefined {
  if (typeof err?.status !== 'number' || err.status < 400 || err.status >= 500) return undefined;
  switch (err.type) {
    case 'entity.parse.failed':
      return new HttpError(400, 'MALFORMED_JSON', 'request body is not valid JSON');
    case 'entity.too.large':
      return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'request body is larger than the 256 kB limit');
    case 'charset.unsupported':
      return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'request body charset is not supported: send UTF-8 JSON');
    case 'encoding.unsupported':
      return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Encoding is not supported: send identity, gzip, deflate or br');
    default:
      // request.aborted, request.size.invalid, stream.encoding.set, a body that does not match its Content-Encoding, …
      return new HttpError(400, 'BAD_ENCODING', 'request body could not be read as sent (length or Content-Encoding does not match)');
  }
}

function outage(err: unknown): HttpError | undefined {
  const down = unavailableDependency(err);
  return down && new HttpError(503, down.code, down.message);
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known =
    err instanceof HttpError
      ? err
      : err instanceof MissingPolicyError
        ? new HttpError(422, 'POLICY_MISSING', err.message, { policyKey: err.key, regionCode: err.regionCode })
        : err instanceof WorkflowNotFoundError
          ? new HttpError(404, 'WORKFLOW_NOT_FOUND', 'the case is on record but its workflow is not on this Temporal server')
          : (illegalFromUpdate(err) ?? transportError(err) ?? outage(err));
  const instance = req.originalUrl.split('?')[0] ?? req.path;
  if (known) {
    if (known.status === 503) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    sendProblem(res, instance, known);
    return;
  }
  logger.error({ err: { message: err?.message, name: err?.name, stack: err?.stack }, method: req.method, route: req.route?.path }, 'request failed');
  sendProblem(res, instance, new HttpError(500, 'INTERNAL', 'internal error; nothing was changed unless the case history shows it'));
};
