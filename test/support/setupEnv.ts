// Request logs would drown the test report; a test that inspects logs raises the level itself.
process.env.LOG_LEVEL ??= 'warn';
