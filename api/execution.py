"""A faster completion of lists for graphql-core: one plan per list, then a tight loop per item.

graphql-core completes every field of every item on its own (resolve info, argument coercion,
path, awaitable checks, strawberry's argument conversion): for a page of 10,000 policies × 5 fields
that is 50,000 rounds of that machinery and most of the request's time (issue 11). Yet in a list all
items share one selection: the fields, their arguments and their types are the same for each. So
:class:`ListExecutor` works out, once per list, how to read each field (an attribute, or a plain
synchronous method called with its already coerced arguments) and how to complete it (a scalar's
``serialize``, a nested object or list planned the same way), and then runs only that per item.

Only what is safe to do so is planned: synchronous strawberry fields without field extensions
(permissions) whose resolvers take no ``info``/``root``/``parent`` and only built-in scalar
arguments; object types (never interfaces or unions); no ``@defer``/``@stream``; no middleware.
Anything else, and any surprise while running the plan (an exception, a null in a non-null field,
an awaitable), falls back to graphql-core's own completion of the whole list, which re-reads the
items (the planned resolvers only read the item) and reports errors exactly as before. Responses are
the same, key order included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLString,
)
from graphql.execution.values import get_argument_values
from graphql.pyutils import Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.utils.str_converters import to_camel_case

PLAIN_SCALARS = (GraphQLString, GraphQLInt, GraphQLFloat, GraphQLBoolean, GraphQLID)
"""Argument types whose coerced GraphQL value is already the Python value strawberry would pass."""


class _Fallback(Exception):  # noqa: N818 - a signal, not an error
    """The plan cannot complete this list: let graphql-core do it."""


Complete = Callable[[Any], Any]


class ListExecutor(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor, completing lists of plannable items through a per-list plan."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[int, int], tuple[Any, Complete | None]] = {}

    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: Any,
        info: Any,
        path: Any,
        items: Iterable[Any],
        position_context: Any,
    ) -> Any:
        if position_context is None and not self.middleware_manager.middlewares:
            complete = self._plan_for(item_type, field_details_list)
            if complete is not None and self.get_stream_usage(field_details_list, path) is None:
                items = items if isinstance(items, list | tuple) else list(items)
                try:
                    return [complete(item) for item in items]
                except Exception:  # noqa: S110 - graphql-core redoes it and reports what failed
                    pass
        return super().complete_iterable_value(
            item_type, field_details_list, info, path, items, position_context
        )

    def _plan_for(self, return_type: GraphQLOutputType, field_details_list: Any) -> Complete | None:
        """The completion of one value of ``return_type`` for this selection, or None if not plannable
        (memoised on the selection's identity, as graphql-core memoises its sub-field collection)."""
        key = (id(return_type), id(field_details_list))
        found = self._plans.get(key)
        if found is None:
            try:
                plan = self._build(return_type, field_details_list)
            except _Fallback:
                plan = None
            found = (field_details_list, plan)  # keeps the list alive so its id is not reused
            self._plans[key] = found
        return found[1]

    def _build(self, return_type: GraphQLOutputType, field_details_list: Any) -> Complete:
        if isinstance(return_type, GraphQLNonNull):
            if isinstance(return_type.of_type, GraphQLScalarType):
                return _leaf(return_type.of_type, non_null=True)
            inner = self._build(return_type.of_type, field_details_list)

            def non_null(value: Any) -> Any:
                if value is None:
                    raise _Fallback
                return inner(value)

            return non_null
        if isinstance(return_type, GraphQLScalarType):
            return _leaf(return_type)
        if isinstance(return_type, GraphQLList):
            item = self._build(return_type.of_type, field_details_list)

            def listed(value: Any) -> Any:
                if value is None:
                    return None
                if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
                    raise _Fallback
                return [item(v) for v in value]

            return listed
        if isinstance(return_type, GraphQLObjectType):
            return self._object(return_type, field_details_list)
        raise _Fallback  # enums, interfaces, unions: graphql-core's own completion

    def _object(self, object_type: GraphQLObjectType, field_details_list: Any) -> Complete:
        grouped, defer_usages, _forbidden = self.collect_subfields(object_type, field_details_list)
        if defer_usages:
            raise _Fallback
        fields: list[tuple[str, Callable[[Any], Any], Complete, bool]] = []
        for response_name, details in grouped.items():
            node = details[0].node
            name = node.name.value
            if name == "__typename":
                type_name = object_type.name
                fields.append((response_name, lambda _s, t=type_name: t, _identity, False))
                continue
            field_def = self.schema.get_field(object_type, name)
            if field_def is None:
                continue  # graphql-core leaves it out too
            definition = (field_def.extensions or {}).get("strawberry-definition")
            if definition is None or definition.is_async or definition.extensions:
                raise _Fallback
            read = self._reader(definition, field_def, details)
            complete = self._build(field_def.type, details)
            fields.append((response_name, read, complete, not isinstance(field_def.type, GraphQLNonNull)))
        is_type_of = object_type.is_type_of

        def obj(source: Any) -> dict[str, Any]:
            if source is None:
                return None  # type: ignore[return-value]
            if is_type_of is not None and is_type_of(source, None) is not True:
                raise _Fallback
            out: dict[str, Any] = {}
            for response_name, read, complete, nullable in fields:
                value = read(source)
                out[response_name] = None if value is None and nullable else complete(value)
            return out

        return obj

    def _reader(self, definition: Any, field_def: Any, details: Any) -> Callable[[Any], Any]:
        """How to read the field from its source: the attribute, or the method with its arguments."""
        resolver = definition.base_resolver
        if resolver is None:
            return _attribute(definition.python_name)
        if resolver.info_parameter or resolver.root_parameter or resolver.parent_parameter:
            raise _Fallback
        if not resolver.self_parameter:
            raise _Fallback
        for argument in field_def.args.values():
            base = argument.type.of_type if isinstance(argument.type, GraphQLNonNull) else argument.type
            if base not in PLAIN_SCALARS:
                raise _Fallback
        node = details[0].node
        args = (
            get_argument_values(
                field_def,
                node,
                self.variable_values,
                details[0].fragment_variable_values,
                self.hide_suggestions,
            )
            if field_def.args or node.arguments
            else {}
        )
        python_names = {
            a.graphql_name or to_camel_case(a.python_name): a.python_name for a in definition.arguments
        }
        try:
            kwargs = {python_names[k]: v for k, v in args.items()}
        except KeyError as exc:
            raise _Fallback from exc
        func = resolver.wrapped_func

        def call(source: Any) -> Any:
            value = func(source, **kwargs)
            if hasattr(value, "__await__"):
                if hasattr(value, "close"):
                    value.close()
                raise _Fallback
            return value

        return call


def _identity(value: Any) -> Any:
    return value


def _attribute(name: str) -> Callable[[Any], Any]:
    return attrgetter(name)


_AS_IS: dict[GraphQLScalarType, type] = {
    GraphQLString: str,
    GraphQLID: str,
    GraphQLBoolean: bool,
    GraphQLInt: int,
}
"""Scalars whose ``serialize`` returns a value of this exact type unchanged (an Int only in 32 bits)."""
MAX_INT = 2**31 - 1


def _leaf(scalar: GraphQLScalarType, *, non_null: bool = False) -> Complete:
    """A scalar's completion: the value itself when ``serialize`` would return it as it is, else
    ``serialize`` (an exception, or a value it cannot represent, makes graphql-core redo the list)."""
    serialize = scalar.serialize
    kind = _AS_IS.get(scalar)

    def general(value: Any) -> Any:
        if value is None:
            if non_null:
                raise _Fallback
            return None
        if isinstance(value, Exception):
            raise _Fallback
        out = serialize(value)
        if out is None or out is Undefined:
            raise _Fallback
        return out

    if kind is int:

        def integer(value: Any) -> Any:
            if type(value) is int and -MAX_INT - 1 <= value <= MAX_INT:
                return value
            return general(value)

        return integer
    if kind is not None:

        def as_is(value: Any) -> Any:
            return value if type(value) is kind else general(value)

        return as_is
    return general
