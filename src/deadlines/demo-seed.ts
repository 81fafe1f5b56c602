import type { AppServices } from '../services.js';

export async function seedDemoDeadlines(_services: AppServices): Promise<void> {}
