// What an operation selects, by type and field, fragments included. Apollo reuses a parsed document for the same
// query text, so the answer is kept per document object.
import {
  BREAK, isAbstractType, isObjectType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema,
} from 'graphql';
import type { BodyFields } from '../model/post-body-fields.js';

const categoryCursor = new WeakMap<DocumentNode, boolean>();
const bodyFields = new WeakMap<DocumentNode, BodyFields>();

/** Post's fields made from its body, by what BodyFields calls them. */
const BODY_FIELDS = new Map<string, keyof BodyFields>([['body', 'body'], ['bodyHTML', 'html'], ['bodyText', 'text'], ['mentions', 'mentions']]);

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

const reactionCounts = new WeakMap<DocumentNode, { thread: boolean; post: boolean }>();

/** Whether the document selects Thread.reactionCounts and Post.reactionCounts (reads then take their counts' entries). */
export function selectedReactionCounts(schema: GraphQLSchema, document: DocumentNode): { thread: boolean; post: boolean } {
  let selects = reactionCounts.get(document);
  if (selects === undefined) {
    selects = {
      thread: selectsField(schema, document, 'Thread', 'reactionCounts'), post: selectsField(schema, document, 'Post', 'reactionCounts'),
    };
    reactionCounts.set(document, selects);
  }
  return selects;
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
 * Which of Post's body fields (body, bodyHTML, bodyText, mentions) the document selects anywhere: on Post, or on an
 * interface or union Post belongs to; in any operation and fragment, whatever its directives (a field selected under
 * @skip is read anyway). More than an operation shows is harmless; less is not, so this errs that way.
 */
export function selectedBodyFields(schema: GraphQLSchema, document: DocumentNode): BodyFields {
  let fields = bodyFields.get(document);
  if (fields === undefined) {
    fields = findBodyFields(schema, document);
    bodyFields.set(document, fields);
  }
  return fields;
}

function findBodyFields(schema: GraphQLSchema, document: DocumentNode): BodyFields {
  const post = schema.getType('Post');
  if (!isObjectType(post)) throw new Error('selectedBodyFields: the schema has no object type Post');
  const found = { body: false, html: false, text: false, mentions: false };
  const typeInfo = new TypeInfo(schema);
  visit(document, visitWithTypeInfo(typeInfo, {
    Field(node) {
      const field = BODY_FIELDS.get(node.name.value);
      if (field === undefined) return;
      const parent = typeInfo.getParentType();
      if (parent === post || (parent && isAbstractType(parent) && schema.isSubType(parent, post))) found[field] = true;
    },
  }));
  return Object.freeze(found);
}
