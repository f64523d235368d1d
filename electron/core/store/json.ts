/** JSON columns: parsed on the way out, serialised on the way in. */
export const toJson = (value: unknown): string => JSON.stringify(value)
export const fromJson = <T>(text: string): T => JSON.parse(text) as T
