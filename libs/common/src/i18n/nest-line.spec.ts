import { nestLine } from './nest-line.js';

describe(nestLine.name, () => {
  it("should say Nest's start-up lines in Russian", () => {
    expect(nestLine('Starting Nest application...', 'ru')).toBe('запуск приложения Nest...');
    expect(nestLine('Nest application successfully started', 'ru')).toBe('приложение Nest запущено');
    expect(nestLine('Nest microservice successfully started', 'ru')).toBe('микросервис Nest запущен');
    expect(nestLine('LogModule dependencies initialized', 'ru')).toBe('зависимости LogModule инициализированы');
  });

  it('should keep them in English, and leave any other line as it is', () => {
    expect(nestLine('LogModule dependencies initialized', 'en')).toBe('LogModule dependencies initialized');
    expect(nestLine('SERVER_START port=1 msg=Starting Nest application...', 'ru')).toBe(
      'SERVER_START port=1 msg=Starting Nest application...',
    );
    expect(nestLine('Starting Nest application... again', 'ru')).toBe('Starting Nest application... again');
    expect(nestLine({ any: 1 }, 'ru')).toEqual({ any: 1 });
  });
});
