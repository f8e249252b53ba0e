import { SlackAdapter } from '../../adapters/slack/slack-adapter';
import type { AppModule } from '../context';

/** Channel names in config ("ops") and ids in events ("C0123ABCD") name the same channels. */
export interface ChannelResolver {
  /** The chat service's id for "#ops", "ops" or an id. */
  resolve(nameOrId: string): Promise<string>;
  same(a: string, b: string): Promise<boolean>;
}

declare module '../../robot/services' {
  interface Services {
    channels: ChannelResolver;
  }
}

const plain = (name: string) => name.replace(/^#/, '');

/** HTTP mode's POST /slack/events on the bot's server, and the channel resolver capabilities use. */
export const slackModule: AppModule = ({ adapter, robot }) => {
  if (adapter instanceof SlackAdapter) {
    adapter.mount(robot.router);
    robot.services.channels = {
      resolve: (name) => adapter.directory.channelId(name),
      same: (a, b) => adapter.directory.sameChannel(a, b),
    };
    return;
  }
  robot.services.channels = { resolve: async (name) => plain(name), same: async (a, b) => plain(a) === plain(b) };
};
