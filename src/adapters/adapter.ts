import type { ChatTransport } from '../robot/delivery';
import type { Robot } from '../robot/robot';

/** A chat service the robot talks through (Hubot's Adapter): the shell, Slack. */
export interface Adapter extends ChatTransport {
  readonly name: string;
  /** Begins receiving messages and handing them to robot.receive(). */
  start(robot: Robot): Promise<void>;
  /** Stops receiving; messages already handed over still finish. */
  stop(): Promise<void>;
  connected(): boolean;
  /** Resolves when the adapter has nothing more to do (the shell at the end of its input). */
  readonly finished?: Promise<void>;
  /** Names how the robot answers to it (the sandbox note, the Slack bot user). */
  readonly describe?: string;
}
