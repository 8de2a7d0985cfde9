declare const brandSymbol: unique symbol;

/**
 * A nominal type over a primitive: `Brand<string, 'InstrumentId'>` is a string at runtime but
 * will not accept a plain string (or a `ClientOrderId`) at compile time. Values get their brand
 * only through a checked constructor, so a branded value is a validated value.
 */
export type Brand<T, B extends string> = T & { readonly [brandSymbol]: B };
