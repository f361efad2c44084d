import { Inject, type ValueProvider } from '@nestjs/common';

declare const configType: unique symbol;

/**
 * An injection token that carries the type of what it provides. Nest's own
 * tokens are untyped (`@Inject(TOKEN) config: Anything` compiles), so a
 * client's config injected where a server's is expected would only fail at
 * run time, reading `undefined` keys. `provideConfig` and `InjectConfig` check
 * the type on both sides.
 */
export type ConfigToken<T> = symbol & { readonly [configType]?: T };

export function configToken<T>(description: string): ConfigToken<T> {
  return Symbol(description) as ConfigToken<T>;
}

/** `{ provide: token, useValue: config }`, refusing a config of another type at compile time. */
export function provideConfig<T>(token: ConfigToken<T>, config: T): ValueProvider<T> {
  return { provide: token, useValue: config };
}

type Constructor = abstract new (...args: never[]) => unknown;

/**
 * `@Inject(token)` for a constructor parameter, that does not compile unless a
 * parameter of the class's constructor takes the token's type. (A parameter
 * decorator is not told which parameter it decorates in the type system, so
 * this checks the constructor's parameters as a whole: enough to catch a
 * server's config injected into the client, or the other way round.)
 */
export function InjectConfig<T>(token: ConfigToken<T>) {
  return <C extends Constructor>(
    target: [T] extends [ConstructorParameters<C>[number]] ? C : 'InjectConfig: no constructor parameter takes the type of this token',
    key: undefined,
    index: number,
  ): void => Inject(token)(target, key, index);
}
