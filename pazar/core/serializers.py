"""Serializer helpers shared by the apps."""

import functools

from rest_framework import serializers


@functools.cache
def shared(serializer_class: type[serializers.BaseSerializer]) -> serializers.BaseSerializer:
    """One context-free instance per serializer class, its fields built on first use and kept."""
    return serializer_class()


def represent(serializer_class: type[serializers.BaseSerializer], instance) -> dict:
    """`serializer_class(instance).data` without building the serializer again.

    Building a ModelSerializer introspects its model and creates every field: about a millisecond
    each time, which a list paid once per nested object (each message's author, each item's
    product). The fields are built once per class here and reused; to_representation keeps no
    state, so one instance serves every call. Only for serializers that need no context.
    """
    return shared(serializer_class).to_representation(instance)
