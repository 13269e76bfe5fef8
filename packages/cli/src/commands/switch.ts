import { timerStarter } from './start.js';

/** `flowforge switch <issue>`: stop the running timer, start another. */
export default timerStarter('stop');
