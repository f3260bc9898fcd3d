import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { MedicaLinkClient } from '../client.js';
import { medicaLink } from '../default-client.js';

const ClientContext = createContext<MedicaLinkClient>(medicaLink);

/** Makes `client` the one the hooks use below it (default: the SDK's default client). */
export function MedicaLinkProvider(props: { client: MedicaLinkClient; children?: ReactNode }) {
  return createElement(ClientContext.Provider, { value: props.client }, props.children);
}

/** The client of the nearest MedicaLinkProvider (the SDK's default client without one). */
export function useMedicaLinkClient(): MedicaLinkClient {
  return useContext(ClientContext);
}
