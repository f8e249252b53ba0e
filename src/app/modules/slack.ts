import type { AppModule } from '../context';

export const slackModule: AppModule = () => {};
