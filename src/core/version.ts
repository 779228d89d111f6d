/** The mlpilot release this code is; kept equal to package.json's version by a test. */
export const MLPILOT_VERSION = '0.1.0';
