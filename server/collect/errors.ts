/**
 * Typed collection failures. A failure is data (recorded on the node or
 * per command) far more often than it is thrown: one broken node must not
 * fail the analysis of its fleet.
 */
export type FailureCode =
  | 'invalid_target'
  | 'unreachable'
  | 'timeout'
  | 'auth_failed'
  | 'not_redis'
  | 'tls_error'
  | 'command_denied'
  | 'command_unavailable'
  | 'not_allow_listed'
  | 'connection_lost'
  | 'redis_error'
  | 'offline'
  | 'refused_by_policy';

export interface CollectFailure {
  code: FailureCode;
  message: string;
}

export class CollectError extends Error {
  override name = 'CollectError';
  constructor(
    readonly code: FailureCode,
    message: string
  ) {
    super(message);
  }

  toFailure(): CollectFailure {
    return { code: this.code, message: this.message };
  }
}

/** Raised before a command leaves the process: the read-only guarantee. */
export class CommandNotAllowedError extends CollectError {
  override name = 'CommandNotAllowedError';
  constructor(command: string) {
    super('not_allow_listed', `RedisLens refused to send "${command}": it is not on the read-only allow-list`);
  }
}

export class InvalidTargetError extends CollectError {
  override name = 'InvalidTargetError';
  constructor(target: string, reason: string) {
    // Shortened: an error must not mirror a 2,000-character probe back into logs and screens.
    const shown = target.length > 200 ? `${target.slice(0, 200)}...` : target;
    super('invalid_target', `invalid target "${shown}": ${reason}`);
  }
}
