// The preload bridge and the renderer agree on the File-menu command type (both directions assignable).
import { describe, expectTypeOf, it } from 'vitest';
import type { MenuCommand as RendererMenuCommand } from '../../renderer/api/bridge';
import type { MenuCommand as MainMenuCommand } from '../../electron/main/menuCommands';

describe('MenuCommand', () => {
  it('is the same type in electron/main and renderer/api', () => {
    expectTypeOf<RendererMenuCommand>().toEqualTypeOf<MainMenuCommand>();
  });
});
