import type { AppModule } from '../context';

export const deployModule: AppModule = () => {};
