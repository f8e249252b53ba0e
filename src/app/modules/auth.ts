import type { AppModule } from '../context';

export const authModule: AppModule = () => {};
