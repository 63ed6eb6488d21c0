import { createDb, type Db } from '../../db/pool';
import { testDatabaseUrl } from './env';

export const testDb = (): Db => createDb(testDatabaseUrl(), 4);
