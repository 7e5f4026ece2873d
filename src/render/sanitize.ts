// The second line of defence: whatever the renderer produced passes an allow-list of elements and attributes
// before it is stored. The renderer should never produce anything this removes; if a renderer bug or a new
// syntax ever does, the stored HTML still holds no script, handler, style, frame or foreign URL scheme.
import sanitizeHtml from 'sanitize-html';
import { isAllowedImage, LINK_REL } from './markdown.js';

const policy: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'em', 'strong', 's',
    'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    th: [{ name: 'align', multiple: false, values: ['left', 'right', 'center'] }],
    td: [{ name: 'align', multiple: false, values: ['left', 'right', 'center'] }],
  },
  allowedClasses: { a: ['mention'], code: ['language-*'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  allowedStyles: {},
  // An element not on the list disappears with its content where that content is code or markup (script, style,
  // textarea, option, noscript…), and keeps its text otherwise.
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template'],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
  },
  // A relative image source would be fetched from this forum's own origin: only https URLs are shown.
  exclusiveFilter: (frame) => frame.tag === 'img' && !isAllowedImage(frame.attribs.src ?? ''),
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
};

export const sanitize = (html: string) => sanitizeHtml(html, policy);
