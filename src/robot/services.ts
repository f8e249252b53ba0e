/**
 * The capabilities scripts reach through `robot.need('deployer')`. Each capability adds itself by
 * declaration merging in its own module, so this file never changes:
 *
 *   declare module '../robot/services' { interface Services { deployer: Deployer } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Services {}
