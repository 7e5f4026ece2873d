// What an operation selects, by type and field, fragments included. Apollo reuses a parsed document for the same
// query text, so the answer is kept per document object.
import {
  BREAK, isAbstractType, isObjectType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema,
} from 'graphql';
import type { PostTexts } from '../model/post-texts.js';

const categoryCursor = new WeakMap<DocumentNode, boolean>();
const postTexts = new WeakMap<DocumentNode, PostTexts>();

/** Post's text fields, by what PostTexts calls them. */
const TEXT_FIELDS = new Map<string, keyof PostTexts>([['body', 'body'], ['bodyHTML', 'html'], ['bodyText', 'text']]);

/** Whether the document selects `fieldName` on the object type `typeName` anywhere. */
export function selectsField(schema: GraphQLSchema, document: DocumentNode, typeName: string, fieldName: string): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(document, visitWithTypeInfo(typeInfo, {
    Field(node) {
      if (node.name.value !== fieldName || typeInfo.getParentType()?.name !== typeName) return undefined;
      found = true;
      return BREAK;
    },
  }));
  return found;
}

/** Whether the document selects Category.liveCursor (its category reads then take positions first). */
export function selectsCategoryCursor(schema: GraphQLSchema, document: DocumentNode): boolean {
  let selects = categoryCursor.get(document);
  if (selects === undefined) {
    selects = selectsField(schema, document, 'Category', 'liveCursor');
    categoryCursor.set(document, selects);
  }
  return selects;
}

/**
 * Which of Post's texts (body, bodyHTML, bodyText) the document selects anywhere: on Post, or on an interface or
 * union Post belongs to; in any operation and fragment, whatever its directives (a text selected under @skip is
 * read anyway). More than an operation shows is harmless; less is not, so this errs that way.
 */
export function selectedPostTexts(schema: GraphQLSchema, document: DocumentNode): PostTexts {
  let texts = postTexts.get(document);
  if (texts === undefined) {
    texts = findPostTexts(schema, document);
    postTexts.set(document, texts);
  }
  return texts;
}

function findPostTexts(schema: GraphQLSchema, document: DocumentNode): PostTexts {
  const post = schema.getType('Post');
  if (!isObjectType(post)) throw new Error('selectedPostTexts: the schema has no object type Post');
  const found = { body: false, html: false, text: false };
  const typeInfo = new TypeInfo(schema);
  visit(document, visitWithTypeInfo(typeInfo, {
    Field(node) {
      const text = TEXT_FIELDS.get(node.name.value);
      if (text === undefined) return;
      const parent = typeInfo.getParentType();
      if (parent === post || (parent && isAbstractType(parent) && schema.isSubType(parent, post))) found[text] = true;
    },
  }));
  return Object.freeze(found);
}
