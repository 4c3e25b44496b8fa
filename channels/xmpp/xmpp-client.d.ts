// The part of @xmpp/client (which ships no types) that the XMPP channels use.
declare module '@xmpp/client' {
  export interface Element {
    readonly name: string;
    readonly attrs: Record<string, string | undefined>;
    readonly children: readonly (Element | string)[];
    is(name: string, xmlns?: string): boolean;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    getChildText(name: string, xmlns?: string): string | null;
    text(): string;
    append(...children: (Element | string)[]): Element;
    toString(): string;
  }
  export type Child = Element | string | null | undefined | false;
  export function xml(name: string, attrs?: Record<string, string | undefined> | null, ...children: (Child | Child[])[]): Element;
  export interface Authenticate {
    (credentials: { username: string; password: string }, mechanism: string | undefined, userAgent?: unknown): Promise<void>;
  }
  export interface ClientEntity {
    isSecure(): boolean;
  }
  export interface ClientOptions {
    service?: string;
    domain?: string;
    resource?: string;
    credentials?: (authenticate: Authenticate, mechanisms: string[], fast: unknown, entity: ClientEntity) => Promise<void>;
  }
  export interface IqCaller {
    request(stanza: Element, timeout?: number): Promise<Element>;
  }
  export interface XmppClient {
    readonly jid: { toString(): string; bare(): { toString(): string } } | null;
    readonly status: string;
    readonly iqCaller: IqCaller;
    readonly reconnect: { stop(): void };
    start(): Promise<unknown>;
    stop(): Promise<unknown>;
    send(...stanzas: Element[]): Promise<void>;
    isSecure(): boolean;
    on(event: 'stanza', listener: (stanza: Element) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
    removeListener(event: string, listener: (...args: never[]) => void): this;
  }
  export function client(options: ClientOptions): XmppClient;
}

declare module '@xmpp/xml/lib/parse.js' {
  import type { Element } from '@xmpp/client';
  export default function parse(text: string): Element;
}
