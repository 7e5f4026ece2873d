// bodyText: what a post says without its Markdown syntax, from the parser's tokens (not from the HTML): the words
// search indexes and the excerpt shows. Each block (paragraph, heading, list item, quote, code block, table row)
// starts on a line of its own, table cells are separated by tabs, and code keeps its text.
import type { Token } from 'markdown-it';

const BLOCK_BOUNDARIES = new Set([
  'paragraph_close', 'heading_close', 'blockquote_open', 'blockquote_close', 'list_item_close', 'bullet_list_open',
  'ordered_list_open', 'bullet_list_close', 'ordered_list_close', 'tr_close', 'table_close', 'hr',
]);

export function plainText(tokens: readonly Token[]): string {
  const out: string[] = [];
  const newLine = () => {
    if (out.length > 0 && out[out.length - 1] !== '\n') out.push('\n');
  };
  for (const token of tokens) {
    if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if (child.type === 'text' || child.type === 'code_inline' || child.type === 'text_special') out.push(child.content);
        else if (child.type === 'softbreak' || child.type === 'hardbreak') out.push('\n');
        else if (child.type === 'image') out.push(child.content); // its alt text
      }
    } else if (token.type === 'code_block' || token.type === 'fence') {
      newLine();
      out.push(token.content.replace(/\n$/, ''));
      newLine();
    } else if (token.type === 'th_close' || token.type === 'td_close') {
      out.push('\t');
    } else if (BLOCK_BOUNDARIES.has(token.type) && !token.hidden) { // hidden: a tight list's paragraphs
      newLine();
    }
  }
  return out.join('').replace(/[ \t]+\n/g, '\n').trim();
}
