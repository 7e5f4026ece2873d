// What an operation selects, by type and field, fragments included. Apollo reuses a parsed document for the same
// query text, so the answer is kept per document object.
import { BREAK, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

const categoryCursor = new WeakMap<DocumentNode, boolean>();

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
