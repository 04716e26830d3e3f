export { Calibrator } from './calibrator';
export { beginCheck, beginCheckAsync, Check, defaultChecker, TokenChecker } from './checker';
