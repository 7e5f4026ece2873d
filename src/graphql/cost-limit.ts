// Rejects operations whose answer could hold too many fields: each field costs 1, times the page sizes of the
// lists around it. A connection's page is its `last`, else its `first` (its default when left out, 100 when given by a variable,
// since validation runs before variables are known); any other list counts as LIST_SIZE. Introspection is exempt
// (its size is the schema's), as in depth-limit.ts; the alias limit bounds how often it can be asked for.
import {
  GraphQLError, Kind, getNamedType, getNullableType, isInterfaceType, isListType, isObjectType,
  type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLInterfaceType, type GraphQLObjectType,
  type GraphQLNamedType, type SelectionSetNode,
  type ValidationContext, type ASTVisitor,
} from 'graphql';

/** What a list without `first` (categories, children) is assumed to hold. */
export const LIST_SIZE = 10;
/** What `first: $variable` is assumed to be: the most docs/api.md allows. */
export const MAX_PAGE = 100;

function pageSize(node: FieldNode, field: GraphQLField<unknown, unknown>): number | null {
  const arg = field.args.find((a) => a.name === 'first');
  if (!arg) return null;
  // `last` counts as `first` does (a backward page holds as many items); when both are given, `last` is the page.
  const given = node.arguments?.find((a) => a.name.value === 'last' && a.value.kind !== Kind.NULL)
    ?? node.arguments?.find((a) => a.name.value === 'first');
  if (!given) return typeof arg.defaultValue === 'number' ? arg.defaultValue : MAX_PAGE;
  // At least 1: a page of 0 (refused when it runs) would make everything below it free.
  if (given.value.kind === Kind.INT) return Math.max(1, Math.min(Number(given.value.value), MAX_PAGE));
  return MAX_PAGE;
}

/** A list field without paging arguments: `nodes(ids:)` holds as many items as ids given (a variable: the most allowed). */
function listSize(node: FieldNode, page: number | null): number {
  const ids = node.arguments?.find((a) => a.name.value === 'ids');
  if (ids) return ids.value.kind === Kind.LIST ? Math.max(1, ids.value.values.length) : MAX_PAGE;
  return page ?? LIST_SIZE;
}

/** Selections on an interface (Node) cost as on an object: its own fields, plus each fragment on a type it may be. */
type Selectable = GraphQLObjectType | GraphQLInterfaceType;
const isSelectable = (t: GraphQLNamedType | null | undefined): t is Selectable => isObjectType(t) || isInterfaceType(t);

export function costLimit(maxCost: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const schema = context.getSchema();
    // A fragment's cost is linear in how often it is asked for: computed once per page size (`times` 1), so fragments
    // that each spread the next one twice cost linear time, not 2^n.
    const unitCosts = new Map<string, number>();
    /** The cost of a selection set on `type`, each field multiplied by `times`; `page` sizes a connection's lists. */
    const costOf = (set: SelectionSetNode, type: Selectable, times: number, page: number | null, seen: Set<string>): number => {
      let cost = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const name = selection.name.value;
          if (name === '__schema' || name === '__type') continue;
          cost += times;
          const field = type.getFields()[name];
          if (!field || !selection.selectionSet) continue;
          const returns = getNamedType(field.type);
          if (!isSelectable(returns)) continue;
          const size = isListType(getNullableType(field.type)) ? listSize(selection, page) : 1;
          cost += costOf(selection.selectionSet, returns, times * size, pageSize(selection, field), seen);
        } else {
          const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition
            : fragments.get(selection.name.value)?.typeCondition;
          const target = condition ? schema.getType(condition.name.value) : type;
          if (selection.kind === Kind.FRAGMENT_SPREAD) {
            const fragment = fragments.get(selection.name.value);
            if (!fragment || seen.has(fragment.name.value) || !isSelectable(target)) continue; // other rules report these
            const key = `${fragment.name.value}\n${page}`;
            let unit = unitCosts.get(key);
            if (unit === undefined) {
              unit = costOf(fragment.selectionSet, target, 1, page, new Set(seen).add(fragment.name.value));
              unitCosts.set(key, unit);
            }
            cost += times * unit;
          } else if (isSelectable(target)) {
            cost += costOf(selection.selectionSet, target, times, page, seen);
          }
        }
        if (cost > maxCost) return cost;
      }
      return cost;
    };
    return {
      OperationDefinition(node) {
        const root = node.operation === 'query' ? schema.getQueryType()
          : node.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
        if (!root) return;
        const cost = costOf(node.selectionSet, root, 1, null, new Set());
        if (cost > maxCost) {
          context.reportError(new GraphQLError(
            `Query cost must be at most ${maxCost} (each field counts once per item of the lists around it; a list counts as its first argument), got more than ${maxCost}`,
            { nodes: [node] }));
        }
      },
    };
  };
}
