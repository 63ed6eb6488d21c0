import { createDb, type Db } from '../../db/pool';
import { testAppDatabaseUrl, testDatabaseUrl } from './env';

/** The database as the service sees it (its own role). */
export const testDb = (): Db => createDb(testAppDatabaseUrl(), 4);

/** The database as its owner sees it: for tests that must step around the service's limits on purpose. */
export const ownerDb = (): Db => createDb(testDatabaseUrl(), 2);
