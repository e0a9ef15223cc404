// The ES module entry: the same objects as index.js (`import { Engine } from "toiawase"`).
import toiawase from './index.js';

export const { Engine, LABEL_CHARS } = toiawase;
export default toiawase;
