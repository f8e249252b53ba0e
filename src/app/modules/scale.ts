import type { AppModule } from '../context';

export const scaleModule: AppModule = () => {};
