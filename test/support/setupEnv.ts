import path from 'node:path';
import { TEST_LOG_DIR } from './logScan';

// The service's logs go to a file per jest worker, at full detail, so that the
// suite's teardown can check that no full ID number was ever logged; the test
// report itself stays readable.
process.env.LOG_LEVEL ??= 'debug';
process.env.AIDLOOP_LOG_FILE ??= path.join(TEST_LOG_DIR, `worker-${process.env.JEST_WORKER_ID ?? '0'}.log`);
