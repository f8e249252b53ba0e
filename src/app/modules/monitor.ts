import type { AppModule } from '../context';

export const monitorModule: AppModule = () => {};
