/** Errors the service layer raises; REST and gRPC each map them in one place. */
export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly kind: 'not_found' | 'forbidden' | 'conflict' | 'invalid' | 'unauthenticated',
    message: string
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string) => new ServiceError('not_found', `${what} ${id} not found`);
export const forbidden = (message: string) => new ServiceError('forbidden', message);
