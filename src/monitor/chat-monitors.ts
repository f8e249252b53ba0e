import { OpsError } from '../robot/errors';
import { chatMonitorInput, parseChatMonitor, toDefinition } from './definitions';
import type { MonitorRepository } from './monitor-repository';
import type { MonitorService } from './monitor-service';
import type { MonitorDefinition } from './types';

/** `monitor add` / `monitor remove`: persisted in the store; config-defined monitors stay put. */
export class ChatMonitors {
  constructor(
    private readonly service: MonitorService,
    private readonly repository: MonitorRepository,
    private readonly now: () => number,
  ) {}

  /** The chat-added monitors stored earlier, as definitions (bad ones are skipped and reported). */
  async restore(onInvalid: (name: string, error: unknown) => void): Promise<MonitorDefinition[]> {
    const restored: MonitorDefinition[] = [];
    for (const stored of await this.repository.chatMonitors()) {
      try {
        restored.push(toDefinition(parseChatMonitor(stored.input), 'chat'));
      } catch (error) {
        onInvalid(stored.input.name, error);
      }
    }
    return restored;
  }

  async add(name: string, url: string, options: { interval?: string; channel?: string; by: string }): Promise<MonitorDefinition> {
    const input = chatMonitorInput(name, url, options);
    const definition = toDefinition(parseChatMonitor(input), 'chat');
    if (this.service.has(name)) {
      const existing = this.service.find(name);
      throw new OpsError('conflict', `monitor add: a monitor named ${existing.name} exists already (${existing.source === 'config' ? 'from the config file' : 'added from chat'}); remove it first or pick another name`);
    }
    const written = await this.repository.addChatMonitor(definition.name, { input, addedBy: options.by, addedAt: this.now() });
    if (!written) throw new OpsError('conflict', `a monitor named ${name} was just added by someone else`);
    await this.service.addMonitor(definition);
    return definition;
  }

  async remove(name: string): Promise<MonitorDefinition> {
    const definition = this.service.find(name);
    if (definition.source === 'config') {
      throw new OpsError('forbidden', `monitor remove: ${definition.name} is defined in the config file; remove it there (monitors added with \`monitor add\` can be removed from chat). To silence it for a while: \`monitor pause ${definition.name} for 1h\``);
    }
    await this.repository.removeChatMonitor(definition.name);
    return this.service.removeMonitor(definition.name);
  }
}
