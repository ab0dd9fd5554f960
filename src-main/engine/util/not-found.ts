import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';

/** The one wording for "the id names nothing" (E_NOT_FOUND), whatever the kind of thing. */
export const notFound = (what: string, id: string): FerryError => new FerryError(ErrorCode.NotFound, `${what} ${id} does not exist`);
