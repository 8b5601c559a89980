/**
 * The request header proxy.ts copies the page's path into, so the i18n request configuration can tell
 * which project a page is about (next-intl without i18n routing sees no route params).
 */
export const PATHNAME_HEADER = 'x-pl-pathname';
