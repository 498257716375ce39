/**
 * The one i18n engine of the desk and the citizen page. Each side keeps its own dictionaries
 * and passes them in; the engine fills `{name}` parameters, picks plural forms by `{count}` with
 * the language's own rules, and types every `t()` call from the default dictionary.
 */

/** A message's forms by the language's plural category ({count} chooses; `other` is required). */
export type PluralForms = Readonly<Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }>;

/** Text with `{name}` parameters, or plural forms of it. */
export type Message = string | PluralForms;

export type Dictionary = Readonly<Record<string, Message>>;

type NamesIn<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | NamesIn<Rest> : never;

/** The parameter names of a message: those its text (every form of it) uses; plurals need `count`. */
export type ParamsOf<M> = M extends string ? NamesIn<M> : M extends PluralForms ? NamesIn<M[keyof M]> | 'count' : never;

/** What a message's parameters take: `count` chooses a plural form, so it is a number. */
export type ParamValues<M> = { readonly [P in ParamsOf<M>]: P extends 'count' ? number : string | number };

/** A message without parameters takes no argument; one with parameters must be given all of them. */
export type ArgsOf<M> = [ParamsOf<M>] extends [never] ? [] : [params: ParamValues<M>];

export type Translate<D extends Dictionary> = <K extends keyof D & string>(key: K, ...args: ArgsOf<D[K]>) => string;

/** The keys of a dictionary whose messages take no parameters (for code that picks a key at run time). */
export type PlainKey<D extends Dictionary> = { [K in keyof D & string]: [ParamsOf<D[K]>] extends [never] ? K : never }[keyof D & string];

type AllOf<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Text that uses every one of the parameters `P`. */
type TextWith<P extends string> = [P] extends [never] ? string : AllOf<P extends string ? `${string}{${P}}${string}` : never>;

/**
 * Another language's dictionary for the default one `D`: the same keys, each text using the same
 * parameters (the compiler checks that each is used; a unit test checks that none is added).
 */
export type Translation<D extends Dictionary> = {
  readonly [K in keyof D]: D[K] extends string
    ? TextWith<ParamsOf<D[K]>>
    : Readonly<Partial<Record<Intl.LDMLPluralRule, TextWith<Exclude<ParamsOf<D[K]>, 'count'>>>> & { other: string }>;
};

/** The parameter names a message uses at run time, for the test that compares the languages. */
export function paramNames(message: Message): string[] {
  const texts = typeof message === 'string' ? [message] : [...Object.values(message), '{count}'];
  return [...new Set(texts.flatMap((text) => [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '')))].sort();
}

/** `t` for one language: `messages` is that language's dictionary, `locale` its BCP 47 tag. */
export function createTranslate<D extends Dictionary>(messages: D | Translation<D>, locale: string): Translate<D> {
  const plural = new Intl.PluralRules(locale);
  const dictionary = messages as Dictionary;
  return (key, ...args) => {
    const params = args[0] as Readonly<Record<string, string | number>> | undefined;
    const message = dictionary[key];
    if (message === undefined) return key;
    const text = typeof message === 'string' ? message : (message[plural.select(Number(params?.count ?? 0))] ?? message.other);
    return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
  };
}
