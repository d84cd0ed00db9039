"""The benchmark data app: only its management command."""

from django.apps import AppConfig


class BenchDataConfig(AppConfig):
    name = "pazar.benchdata"
    label = "benchdata"
