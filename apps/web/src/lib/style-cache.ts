import createCache, { type EmotionCache } from '@emotion/cache';

/**
 * The style engine's cache, carrying the nonce the page was served with: the console's
 * Content-Security-Policy admits only the <style> elements that carry it. The browser hides
 * the attribute's value from scripts; the `nonce` property still reads it.
 */
export function createStyleCache(): EmotionCache {
  const meta = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  const nonce = meta?.nonce || undefined;
  return createCache({ key: 'ml', ...(nonce ? { nonce } : {}), prepend: true });
}
