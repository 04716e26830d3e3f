// ESM entry of the js-tiktoken compatible surface.
import cjs from '../dist/lib/js-tiktoken.js';

export const { getEncoding, encodingForModel, getEncodingNameForModel, Tiktoken } = cjs;
export default cjs;
