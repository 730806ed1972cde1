import type { Command } from '../command.ts';

/** Every command `kindred` offers, in the order `kindred --help` lists them. */
export const commands: Command[] = [];
