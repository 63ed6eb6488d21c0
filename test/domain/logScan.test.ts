import { fullIdNumbersIn } from '../support/logScan';

describe('the log scanner that guards the suite', () => {
  it('finds a full ID number with a valid check character, and only that', () => {
    const log = '{"msg":"x","id":"11010519491231002X"} 430681195803121230 12345678901234567890 110105194912310021 4306**********1230';
    expect(fullIdNumbersIn(log)).toEqual(['1101**********002X', '4306**********1230']);
  });
});
